/*
 * Reference oracle for the CvmSdk floating-point tests, built with Debian's riscv64-linux-gnu-gcc and run under
 * qemu-riscv64. It reads 32-byte little-endian records from standard input
 *     u32 operation, u32 rounding mode, u64 a, u64 b, u64 c
 * and for each writes 16 bytes: the u64 destination register value and the u64 fflags the instruction raised.
 * Binary32 operands arrive in the low 32 bits and are NaN-boxed by fmv.w.x; binary32 results are read back with
 * fmv.x.w (sign-extended, the test masks them). The operation numbers match FloatOperation in the C# test.
 */
#include <stdint.h>
#include <stdio.h>

static uint64_t execute(uint32_t op, uint64_t a, uint64_t b, uint64_t c, int *known)
{
    uint64_t r = 0;
    *known = 1;
    switch (op) {
    case 0: /* fadd.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfadd.s ft3, ft0, ft1, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 1: /* fsub.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfsub.s ft3, ft0, ft1, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 2: /* fmul.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfmul.s ft3, ft0, ft1, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 3: /* fdiv.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfdiv.s ft3, ft0, ft1, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 4: /* fsqrt.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfsqrt.s ft3, ft0, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 5: /* fmadd.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfmv.w.x ft2, %3\n\tfmadd.s ft3, ft0, ft1, ft2, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 6: /* fmsub.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfmv.w.x ft2, %3\n\tfmsub.s ft3, ft0, ft1, ft2, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 7: /* fnmsub.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfmv.w.x ft2, %3\n\tfnmsub.s ft3, ft0, ft1, ft2, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 8: /* fnmadd.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfmv.w.x ft2, %3\n\tfnmadd.s ft3, ft0, ft1, ft2, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 9: /* fmin.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfmin.s ft3, ft0, ft1\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 10: /* fmax.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfmax.s ft3, ft0, ft1\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 11: /* feq.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfeq.s %0, ft0, ft1" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 12: /* flt.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tflt.s %0, ft0, ft1" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 13: /* fle.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfle.s %0, ft0, ft1" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 14: /* fclass.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfclass.s %0, ft0" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 15: /* fcvt.w.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfcvt.w.s %0, ft0, dyn" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 16: /* fcvt.wu.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfcvt.wu.s %0, ft0, dyn" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 17: /* fcvt.l.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfcvt.l.s %0, ft0, dyn" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 18: /* fcvt.lu.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfcvt.lu.s %0, ft0, dyn" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 19: /* fcvt.s.w */
        __asm__ volatile("fcvt.s.w ft3, %1, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 20: /* fcvt.s.wu */
        __asm__ volatile("fcvt.s.wu ft3, %1, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 21: /* fcvt.s.l */
        __asm__ volatile("fcvt.s.l ft3, %1, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 22: /* fcvt.s.lu */
        __asm__ volatile("fcvt.s.lu ft3, %1, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 23: /* fcvt.s.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfcvt.s.d ft3, ft0, dyn\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 32: /* fadd.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfadd.d ft3, ft0, ft1, dyn\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 33: /* fsub.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfsub.d ft3, ft0, ft1, dyn\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 34: /* fmul.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfmul.d ft3, ft0, ft1, dyn\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 35: /* fdiv.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfdiv.d ft3, ft0, ft1, dyn\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 36: /* fsqrt.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfsqrt.d ft3, ft0, dyn\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 37: /* fmadd.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfmv.d.x ft2, %3\n\tfmadd.d ft3, ft0, ft1, ft2, dyn\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 38: /* fmsub.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfmv.d.x ft2, %3\n\tfmsub.d ft3, ft0, ft1, ft2, dyn\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 39: /* fnmsub.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfmv.d.x ft2, %3\n\tfnmsub.d ft3, ft0, ft1, ft2, dyn\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 40: /* fnmadd.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfmv.d.x ft2, %3\n\tfnmadd.d ft3, ft0, ft1, ft2, dyn\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 41: /* fmin.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfmin.d ft3, ft0, ft1\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 42: /* fmax.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfmax.d ft3, ft0, ft1\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 43: /* feq.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfeq.d %0, ft0, ft1" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 44: /* flt.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tflt.d %0, ft0, ft1" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 45: /* fle.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfle.d %0, ft0, ft1" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 46: /* fclass.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfclass.d %0, ft0" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 47: /* fcvt.w.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfcvt.w.d %0, ft0, dyn" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 48: /* fcvt.wu.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfcvt.wu.d %0, ft0, dyn" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 49: /* fcvt.l.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfcvt.l.d %0, ft0, dyn" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 50: /* fcvt.lu.d */
        __asm__ volatile("fmv.d.x ft0, %1\n\tfcvt.lu.d %0, ft0, dyn" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 51: /* fcvt.d.w (always exact) */
        __asm__ volatile("fcvt.d.w ft3, %1\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 52: /* fcvt.d.wu (always exact) */
        __asm__ volatile("fcvt.d.wu ft3, %1\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 53: /* fcvt.d.l */
        __asm__ volatile("fcvt.d.l ft3, %1, dyn\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 54: /* fcvt.d.lu */
        __asm__ volatile("fcvt.d.lu ft3, %1, dyn\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    case 55: /* fcvt.d.s */
        __asm__ volatile("fmv.w.x ft0, %1\n\tfcvt.d.s ft3, ft0\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3");
        break;
    default:
        *known = 0;
    }
    return r;
}

int main(void)
{
    struct { uint32_t op, rm; uint64_t a, b, c; } in;
    while (fread(&in, sizeof in, 1, stdin) == 1) {
        uint64_t out[2];
        int known;
        __asm__ volatile("fsrm %0" : : "r"((uint64_t)in.rm));
        __asm__ volatile("fsflags zero");
        out[0] = execute(in.op, in.a, in.b, in.c, &known);
        __asm__ volatile("frflags %0" : "=r"(out[1]));
        if (!known) {
            fprintf(stderr, "unknown operation %u\n", in.op);
            return 2;
        }
        fwrite(out, sizeof out, 1, stdout);
    }
    return 0;
}
