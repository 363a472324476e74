/* A callee allowed to store capabilities tries to keep the caller's buffer capability beyond the call, to write
 * into the caller's memory later. The capability is local, and no DDC has Permit_Store_Local_Capability. */
#include "check.h"

static cvm_cap kept;

long keep(long pointer, long length)
{
    (void)pointer; (void)length;
    /* lc ct0, CallBuffer slot; sc ct0, kept */
    __asm__ volatile(".insn i 0x0f, 2, t0, %0, 0\n.insn s 0x23, 4, t0, 0(%1)\nli t0, 0"
                     :: "r"(cvm_call_buffer()), "r"(&kept) : "t0", "memory");
    return 0;
}
CVM_EXPORT(keep);

int main(void)
{
    return cvm_capfile_wait("stop", 0) >= 1 ? 0 : 1;
}
