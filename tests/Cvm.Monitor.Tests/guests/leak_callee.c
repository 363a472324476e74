/* An export that tries to leak capabilities to its caller: it loads its own gates into every temporary and
 * argument register before returning (the switcher must clear them), and reports whether the caller's
 * capabilities reached it. */
#include "cvm.h"

long leak(void);
__asm__(".text\n.globl leak\nleak:\n"
        /* Did anything tagged arrive in registers other than a0-a5? Count tags of t0-t6, a6, a7, s0-s11, gp, tp. */
        "li a0, 0\n"
        ".irp r, t0, t1, t2, t3, t4, t5, t6, a6, a7, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, gp, tp\n"
        ".insn r 0x5b, 0, 0x7f, a1, \\r, x4\n"  /* cgettag a1, \r */
        "add a0, a0, a1\n"
        ".endr\n"
        /* Floating-point registers and fcsr must arrive zero too. */
        ".irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31\n"
        "fmv.x.d a1, f\\r\nsnez a1, a1\nadd a0, a0, a1\n"
        ".endr\n"
        "frcsr a1\nsnez a1, a1\nadd a0, a0, a1\n"
        /* Leave values in every f register (the caller's fs0-fs11 included) and in fcsr. */
        "li t0, 0x7ff0dead\n"
        ".irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31\n"
        "fmv.d.x f\\r, t0\n"
        ".endr\n"
        "li t0, 0x41\nfscsr t0\n"
        "mv s0, a0\n"
        "ld t0, __cvm_table\n"
        ".irp r, t1, t2, t3, t4, t5, a1, a2, a3, a4, a5, a6, a7\n"
        ".insn i 0x0f, 2, \\r, t0, 0\n"            /* lc \r, hostcall gate */
        ".endr\n"
        "mv a0, s0\n"
        "ret\n");
CVM_EXPORT(leak);

int main(void)
{
    return cvm_capfile_wait("stop", 0) >= 1 ? 0 : 1;
}
