/* A callee written the safe way the generated dispatch is: it copies the caller's In buffer into its own memory
 * once, validates the copy, and uses only the copy. A second fetch of the length field (made only to observe the
 * attack) shows whether the caller rewrote its buffer while this callee was reading it. */
#include "check.h"

#define DATA_CAPACITY 64

struct message {
    unsigned long length;
    unsigned char data[DATA_CAPACITY];
};

/* The copy sits right before a canary: a copy sized by a length fetched twice would overwrite the canary, which
 * the test compares byte for byte. */
struct {
    struct message copy;
    unsigned char canary[4096];
} store __attribute__((aligned(4096)));

static long accepted, rejected, changed, total;

static long sum_of_copy(void)
{
    long sum = 0;
    for (unsigned long i = 0; i < store.copy.length; i++) sum += store.copy.data[i];
    return sum;
}

long measure(long pointer, long length)
{
    (void)pointer;
    if (length != (long)sizeof(struct message)) { rejected++; return -1; }
    cvm_cap_read(&store.copy, cvm_call_buffer(), 0, sizeof store.copy);
    if (store.copy.length > DATA_CAPACITY) { rejected++; return -1; }
    long sum = sum_of_copy();
    unsigned long second_fetch;
    cvm_cap_read(&second_fetch, cvm_call_buffer(), 0, sizeof second_fetch);
    if (second_fetch != store.copy.length) changed++;
    /* The caller cannot reach the copy, so the sum taken after the second fetch is the same. */
    CHECK(sum_of_copy() == sum);
    accepted++;
    total += sum;
    return sum;
}
CVM_EXPORT(measure);

int main(void)
{
    for (int i = 0; i < 4096; i++) store.canary[i] = (unsigned char)(i * 31 + 7);
    CHECK(cvm_capfile_wait("stop", 0) >= 1);
    for (int i = 0; i < 4096; i++) CHECK(store.canary[i] == (unsigned char)(i * 31 + 7));
    cvm_puts("callee accepted=");
    cvm_print_long(accepted);
    cvm_puts(" rejected=");
    cvm_print_long(rejected);
    cvm_puts(" changed-between-fetches=");
    cvm_print_long(changed);
    cvm_puts(" total=");
    cvm_print_long(total);
    cvm_puts("\n");
    return 0;
}
