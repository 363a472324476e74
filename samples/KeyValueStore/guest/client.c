/* The honest client: calls the store through CP_Call with the generated caller stubs (kv.h, kv_client.c), once
 * with a small value in the call and once with a bulk value left in the shared "bulk" buffer. */
#include "kv.h"

static cvm_cap bulk;

static const char greeting[] = "hello from the client, through the shared buffer";

/* Prints the outcome of a Put: the call's status (0 or a CVM_E* error), then whether the store kept the value. */
static int report(const char *what, long status, bool stored)
{
    cvm_puts(what);
    cvm_puts(": ");
    if (status != 0) {
        cvm_puts("call failed ");
        cvm_print_long(status);
    } else {
        cvm_puts(stored ? "stored" : "refused");
    }
    cvm_puts("\n");
    return status == 0 && stored;
}

int main(void)
{
    long put = cvm_call_lookup("store.kv__Put"), put_bulk = cvm_call_lookup("store.kv__PutBulk");
    long get = cvm_call_lookup("store.kv__Get"), count = cvm_call_lookup("store.kv__Count");
    if (put < 0 || put_bulk < 0 || get < 0 || count < 0) {
        cvm_puts("client: the store's exports are not granted\n");
        return 1;
    }
    bool stored = false;
    long status = kv_Put(put, "colour", 6, "blue", 4, &stored);
    int succeeded = report("client: put colour", status, stored);

    long size = cvm_capfile_probe("bulk", &bulk);
    if (size < (long)(sizeof greeting - 1)) {
        cvm_puts("client: probing bulk failed\n");
        return 1;
    }
    cvm_cap_write(&bulk, 0, greeting, sizeof greeting - 1);
    status = kv_PutBulk(put_bulk, "greeting", 8, (int32_t)(sizeof greeting - 1), &stored);
    succeeded &= report("client: put greeting (bulk)", status, stored);

    char value[64];
    size_t length = 0;
    status = kv_Get(get, "colour", 6, value, sizeof value, &length);
    cvm_puts("client: get colour: ");
    if (status == 0) cvm_write(value, length);
    cvm_puts("\n");
    int32_t keys = 0;
    kv_Count(count, &keys);
    cvm_puts("client: keys stored: ");
    cvm_print_long(keys);
    cvm_puts("\n");
    return succeeded ? 0 : 1;
}
