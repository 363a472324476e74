/* Implements contract "calc" with the generated dispatch (calc_server.c) and calls the host's "greeter" through
 * the generated stubs (greeter_client.c). */
#include "calc.h"
#include "greeter.h"

int64_t calc_Add_impl(int8_t a, uint16_t b, int32_t c, int64_t d, bool negate)
{
    int64_t sum = a + b + c + d;
    return negate ? -sum : sum;
}

double calc_Scale_impl(float f, double d, int16_t shade, int32_t *sign, int64_t *counter)
{
    double product = f * d * shade;
    *sign = product < 0 ? -1 : 1;
    *counter += 1;
    return product;
}

cvm_Vec calc_Move_impl(const cvm_Vec *v, const cvm_Vec *by)
{
    cvm_Vec moved = { v->X + by->X, v->Y + by->Y, v->W * by->W };
    return moved;
}

int32_t calc_Sum_impl(const int32_t *values, size_t values_length, int64_t *doubled, size_t doubled_length)
{
    int32_t sum = 0;
    for (size_t i = 0; i < values_length; i++) {
        sum += values[i];
        if (i < doubled_length) doubled[i] = 2 * (int64_t)values[i];
    }
    return sum;
}

size_t calc_Greet_impl(const char *name, size_t name_length, char *cvm__result, size_t cvm__result_capacity)
{
    static const char prefix[] = "hi ";
    size_t n = 0;
    for (size_t i = 0; i < sizeof prefix - 1 && n < cvm__result_capacity; i++) cvm__result[n++] = prefix[i];
    for (size_t i = 0; i < name_length && n < cvm__result_capacity; i++) cvm__result[n++] = name[i];
    return n;
}

size_t calc_Reverse_impl(const int32_t *values, size_t values_length, int32_t *cvm__result, size_t cvm__result_capacity)
{
    size_t n = values_length < cvm__result_capacity ? values_length : cvm__result_capacity;
    for (size_t i = 0; i < n; i++) cvm__result[i] = values[values_length - 1 - i];
    return n;
}

/* Returns a value outside the enum: the C# proxy must refuse it. */
int16_t calc_Flip_impl(int16_t shade) { return shade == 1 ? -1 : 7; }

/* Stores below the cVM's region: a CHERI bounds violation on the DDC. */
void calc_Crash_impl(void)
{
    volatile int *volatile outside = (volatile int *)16;
    *outside = 1;
}

void calc_Spin_impl(void) { for (volatile int i = 0;; i++) { } }

int32_t calc_TwiceAsync_impl(int32_t value) { return 2 * value; }

int main(void)
{
    long hello = cvm_call_lookup("host.greeter__Hello");
    long zeros = cvm_call_lookup("host.greeter__Zeros");
    if (hello < 0 || zeros < 0) return 10;
    char text[64];
    size_t length = 0;
    long status = greeter_Hello(hello, "guest", 5, text, sizeof text, &length);
    if (status != 0) return 11;
    cvm_write(text, length);
    cvm_puts("\n");
    const uint8_t data[] = { 0, 1, 0, 1, 1, 0, 0 };
    int32_t ones = 0, count = 0;
    status = greeter_Zeros(zeros, data, sizeof data, &ones, &count);
    if (status != 0) return 12;
    cvm_print_long(count);
    cvm_puts(" ");
    cvm_print_long(ones);
    cvm_puts("\n");
    /* Serve calls: a cVM whose main thread ends is gone. "park" is never notified. */
    cvm_capfile_wait("park", 0);
    return 0;
}
