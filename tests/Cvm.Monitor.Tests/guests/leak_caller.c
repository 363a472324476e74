/* Calls an export with its own capabilities in every register that is not an argument (and values in every
 * floating-point register), then checks that the callee saw none of them, that none of the callee's came back,
 * and that its callee-saved registers survived. */
#include "check.h"

/* Returns the callee's tag count in a0 and, in a1, the number of tagged registers after the return. */
cvm_pair call_with_capabilities(long index);
__asm__(".text\n.globl call_with_capabilities\ncall_with_capabilities:\n"
        "addi sp, sp, -208\nsd ra, 0(sp)\n"
        ".irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11\nsd s\\r, (8 + 8 * \\r)(sp)\nfsd fs\\r, (104 + 8 * \\r)(sp)\n.endr\n"
        /* 42.0 in every f register and a rounding mode in fcsr: none may reach the callee. */
        "li t3, 0x4045000000000000\n"
        ".irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31\n"
        "fmv.d.x f\\r, t3\n"
        ".endr\n"
        "li t3, 0x21\nfscsr t3\n"
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
        /* Temporaries and argument f registers come back zero; fs0-fs11 and fcsr come back as we left them. */
        "li t3, 0x4045000000000000\n"
        ".irp r, ft0, ft1, ft2, ft3, ft4, ft5, ft6, ft7, ft8, ft9, ft10, ft11, fa0, fa1, fa2, fa3, fa4, fa5, fa6, fa7\n"
        "fmv.x.d s2, \\r\nsnez s2, s2\nadd s1, s1, s2\n"
        ".endr\n"
        ".irp r, fs0, fs1, fs2, fs3, fs4, fs5, fs6, fs7, fs8, fs9, fs10, fs11\n"
        "fmv.x.d s2, \\r\nsub s2, s2, t3\nsnez s2, s2\nadd s1, s1, s2\n"
        ".endr\n"
        "frcsr s2\naddi s2, s2, -0x21\nsnez s2, s2\nadd s1, s1, s2\n"
        "mv a0, a1\n"                                /* the callee's result (its tag count) */
        "mv a1, s1\n"
        "ld ra, 0(sp)\n"
        ".irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11\nld s\\r, (8 + 8 * \\r)(sp)\nfld fs\\r, (104 + 8 * \\r)(sp)\n.endr\n"
        "fscsr zero\n"
        "addi sp, sp, 208\n"
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
