/* The honest client: calls the store through CP_Call with the generated caller stubs (kv.h, kv_client.c), once
 * with a small value in the call and once with a bulk value left in the shared "bulk" buffer. */
#include "kv.h"

static cvm_cap bulk;

static const char greeting[] = "hello from the client, through the shared buffer";

static void report(const char *what, long status)
{
    cvm_puts(what);
    cvm_puts(": status ");
    cvm_print_long(status);
    cvm_puts("\n");
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
    report("client: put colour", kv_Put(put, "colour", 6, "blue", 4, &stored));

    long size = cvm_capfile_probe("bulk", &bulk);
    if (size < (long)(sizeof greeting - 1)) {
        report("client: probing bulk", size);
        return 1;
    }
    cvm_cap_write(&bulk, 0, greeting, sizeof greeting - 1);
    report("client: put greeting (bulk)", kv_PutBulk(put_bulk, "greeting", 8, (int32_t)(sizeof greeting - 1), &stored));

    char value[64];
    size_t length = 0;
    long status = kv_Get(get, "colour", 6, value, sizeof value, &length);
    cvm_puts("client: get colour: ");
    if (status == 0) cvm_write(value, length);
    cvm_puts("\n");
    int32_t keys = 0;
    kv_Count(count, &keys);
    cvm_puts("client: keys stored: ");
    cvm_print_long(keys);
    cvm_puts("\n");
    return stored ? 0 : 1;
}
