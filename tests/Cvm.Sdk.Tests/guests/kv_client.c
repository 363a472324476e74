/* Calls contract "kv" through the same frames, implemented by KV_PROVIDER: another cVM (guest -> guest) or the
 * host (guest -> host skeleton). */
#include "frame.h"

#ifndef KV_PROVIDER
#define KV_PROVIDER "kv"
#endif

const unsigned long long __cvm_contract_kv __attribute__((used)) = KV_HASH;

int main(void)
{
    long put = cvm_call_lookup(KV_PROVIDER ".kv__Put");
    long get = cvm_call_lookup(KV_PROVIDER ".kv__Get");
    long crash = cvm_call_lookup(KV_PROVIDER ".kv__Crash");
    if (put < 0 || get < 0 || crash < 0) return 1;
    struct frame f;
    frame_begin(&f, KV_HASH, 1, 2, 0);
    frame_in_data(&f, 0, "color", 5, 1);
    frame_in_data(&f, 1, "green", 5, 1);
    long status = frame_call(put, &f);
    if (status) return 2;

    frame_begin(&f, KV_HASH, 2, 2, 0);
    frame_in_data(&f, 0, "color", 5, 1);
    u64 value = frame_out_data(&f, 1, 8, 1);
    status = frame_call(get, &f);
    if (status) return 3;
    if ((long)get64(f.out, 0) != 5) return 4;
    cvm_puts("client got ");
    cvm_write(f.out + value, 5);
    cvm_puts("\n");

    /* A frame that lies about its payload: the callee answers CVM_EPROTO. */
    frame_begin(&f, KV_HASH, 1, 2, 0);
    frame_in_data(&f, 0, "k", 1, 1);
    frame_in_data(&f, 1, "v", 1, 1);
    put64(f.in, IN_SLOT(1), (u64)4096 << 32 | 1);
    cvm_puts("lie ");
    cvm_print_long(frame_call(put, &f));
    cvm_puts("\n");

    /* The callee faults: the caller gets CVM_ECALLEE_FAULT. */
    frame_begin(&f, KV_HASH, 6, 0, 0);
    cvm_puts("crash ");
    cvm_print_long(frame_call(crash, &f));
    cvm_puts("\n");
    return 0;
}
