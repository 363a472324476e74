/* A cVM trusted with Store_Capability: it copies its own hostcall gate into a buffer it shares, hoping another
 * cVM can use it. The share carries no Load_Capability, so the copy arrives untagged. */
#include "check.h"

static cvm_cap mailbox[2];

int main(void)
{
    /* lc ct0, gate code; lc ct1, gate data; sc both into the mailbox (our DDC may store capabilities). */
    __asm__ volatile(".insn i 0x0f, 2, t0, %0, 0\n.insn i 0x0f, 2, t1, %0, 16\n"
                     ".insn s 0x23, 4, t0, 0(%1)\n.insn s 0x23, 4, t1, 16(%1)\nli t0, 0\nli t1, 0"
                     :: "r"(__cvm_table), "r"(mailbox) : "t0", "t1", "memory");
    CHECK(cvm_capfile_advertise("mailbox", mailbox, sizeof mailbox) == 0);
    for (int i = 0; i < 100; i++) cvm_yield();
    return 0;
}
