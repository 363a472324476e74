/* Calls an export with its own capabilities in every register that is not an argument, then checks that the
 * callee saw none of them and that none of the callee's came back. */
#include "check.h"

/* Returns the callee's tag count in a0 and, in a1, the number of tagged registers after the return. */
cvm_pair call_with_capabilities(long index);
__asm__(".text\n.globl call_with_capabilities\ncall_with_capabilities:\n"
        "addi sp, sp, -112\nsd ra, 0(sp)\n"
        ".irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11\nsd s\\r, (8 + 8 * \\r)(sp)\n.endr\n"
        "ld t0, __cvm_table\n"
        "slli t1, a0, 5\nadd t0, t0, t1\n"
        /* Our own capabilities in every register that is not an argument or the gate pair. */
        ".irp r, t3, t4, t5, a6, a7, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, gp, tp\n"
        ".insn r 0x5b, 0, 0x01, \\r, x0, x1\n"      /* cspecialr \r, ddc */
        ".endr\n"
        ".insn i 0x0f, 2, t1, t0, 80\n.insn i 0x0f, 2, t2, t0, 96\n"
        "jal ra, 1f\n"
        "j 2f\n"
        "1: .insn r 0x5b, 0, 0x7e, x1, t1, t2\n"     /* cinvoke: returns to the jal's link */
        "2:\n"
        "li s1, 0\n"
        ".irp r, t0, t1, t2, t3, t4, t5, t6, a2, a3, a4, a5, a6, a7, s0, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, gp, tp\n"
        ".insn r 0x5b, 0, 0x7f, s2, \\r, x4\n"      /* cgettag s2, \r */
        "add s1, s1, s2\n"
        ".endr\n"
        "mv a0, a1\n"                                /* the callee's result (its tag count) */
        "mv a1, s1\n"
        "ld ra, 0(sp)\n"
        ".irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11\nld s\\r, (8 + 8 * \\r)(sp)\n.endr\n"
        "addi sp, sp, 112\n"
        ".option push\n.option norelax\nlla gp, __global_pointer$\n.option pop\n"
        "li tp, 0\n"
        "ret\n");

int main(void)
{
    long leak = cvm_call_lookup("callee.leak");
    CHECK(leak >= 0);
    cvm_pair r = call_with_capabilities(leak);
    cvm_capfile_notify("stop");
    CHECK(r.a0 == 0);
    CHECK(r.a1 == 0);
    cvm_puts("no capability crossed\n");
    return 0;
}
