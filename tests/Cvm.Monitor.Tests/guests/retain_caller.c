/* Lends a buffer to a callee that tries to keep the capability: the call must fail and the buffer stay ours. */
#include "check.h"

static unsigned char buffer[64] __attribute__((aligned(64)));

int main(void)
{
    long keep = cvm_call_lookup("retainer.keep");
    CHECK(keep >= 0);
    for (int i = 0; i < 64; i++) buffer[i] = (unsigned char)i;
    cvm_pair r = cvm_call(keep, (long)buffer, 64, 0, 0, 0, 0);
    CHECK(r.a0 == CVM_ECALLEE_FAULT);
    for (int i = 0; i < 64; i++) CHECK(buffer[i] == i);
    cvm_capfile_notify("stop");
    cvm_puts("buffer not retained\n");
    return 0;
}
