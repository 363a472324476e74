/* The guest side of HelloCvm: implements the "greeter" contract. greeter.h and greeter_server.c are generated
 * from Greeter.cs by `dotnet build` (into obj/cvm/include); this file only writes the two functions. */
#include "greeter.h"

/* Appends text to result without passing capacity; returns the new length. */
static size_t append(char *result, size_t length, size_t capacity, const char *text, size_t text_length)
{
    for (size_t i = 0; i < text_length && length < capacity; i++) result[length++] = text[i];
    return length;
}

size_t greeter_Greet_impl(const char *name, size_t name_length, char *cvm__result, size_t cvm__result_capacity)
{
    size_t length = append(cvm__result, 0, cvm__result_capacity, "Hello, ", 7);
    length = append(cvm__result, length, cvm__result_capacity, name, name_length);
    return append(cvm__result, length, cvm__result_capacity, ", from inside a cVM!", 20);
}

int32_t greeter_Add_impl(int32_t a, int32_t b)
{
    /* Wraps like the C# default (unchecked) int addition instead of overflowing signed arithmetic. */
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

int main(void)
{
    cvm_puts("greeter: ready\n");
    /* A cVM ends with its last thread, so main stays blocked here while the host calls in; nobody notifies "stop"
     * in this sample, the host simply disposes the monitor. */
    cvm_capfile_wait("stop", 0);
    return 0;
}
