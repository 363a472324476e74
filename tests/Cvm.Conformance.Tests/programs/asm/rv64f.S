/* RV64F: IEEE 754 binary32 arithmetic with every rounding mode and flag, NaN boxing of binary32 values in the
 * 64-bit registers, conversions to and from 32- and 64-bit integers, moves (fmv.x.w sign-extends), compares,
 * classification, min/max and sign injection. */
#include "test_macros.h"

#define ONE      0x3f800000
#define TWO      0x40000000
#define THREE    0x40400000
#define HALF     0x3f000000
#define MONE     0xbf800000
#define PINF     0x7f800000
#define MINF     0xff800000
#define CNAN     0x7fc00000
#define QNAN_PAY 0x7fc00123
#define SNAN     0x7f800001
#define FMAX     0x7f7fffff
#define MINNORM  0x00800000
#define MINSUB   0x00000001
#define MZERO    0x80000000
#define ULP_HALF 0x33800000 /* 2^-24: half an ulp of 1.0 */

TEST_PROGRAM_BEGIN

TEST_FP_RR_RM(1, S, fadd.s, rne, THREE, 0, ONE, TWO)
TEST_FP_RR_RM(2, S, fadd.s, rne, ONE, NX, ONE, ULP_HALF)
TEST_FP_RR_RM(3, S, fadd.s, rup, 0x3f800001, NX, ONE, ULP_HALF)
TEST_FP_RR_RM(4, S, fadd.s, rdn, ONE, NX, ONE, ULP_HALF)
TEST_FP_RR_RM(5, S, fadd.s, rtz, ONE, NX, ONE, ULP_HALF)
TEST_FP_RR_RM(6, S, fadd.s, rmm, 0x3f800001, NX, ONE, ULP_HALF)
TEST_FP_RR_RM(7, S, fadd.s, rne, 0x3f800002, NX, 0x3f800001, ULP_HALF)
TEST_FP_RR_RM(8, S, fadd.s, rne, CNAN, NV, PINF, MINF)
TEST_FP_RR_RM(9, S, fadd.s, rne, PINF, OF | NX, FMAX, FMAX)
TEST_FP_RR_RM(10, S, fadd.s, rtz, FMAX, OF | NX, FMAX, FMAX)
TEST_FP_RR_RM(11, S, fadd.s, rne, CNAN, NV, SNAN, ONE)
TEST_FP_RR_RM(12, S, fadd.s, rne, CNAN, 0, QNAN_PAY, ONE)
TEST_FP_RR_RM(13, S, fsub.s, rdn, MZERO, 0, ONE, ONE)
TEST_FP_RR_RM(14, S, fsub.s, rne, 0, 0, ONE, ONE)
TEST_FP_RR_RM(15, S, fmul.s, rne, 0x3fc00000, 0, THREE, HALF)
TEST_FP_RR_RM(16, S, fmul.s, rne, 0x00400000, 0, MINNORM, HALF)
TEST_FP_RR_RM(17, S, fmul.s, rne, 0, UF | NX, MINSUB, HALF)
TEST_FP_RR_RM(18, S, fmul.s, rup, MINSUB, UF | NX, MINSUB, HALF)
TEST_FP_RR_RM(19, S, fmul.s, rne, CNAN, NV, PINF, 0)
TEST_FP_RR_RM(20, S, fdiv.s, rne, PINF, DZ, ONE, 0)
TEST_FP_RR_RM(21, S, fdiv.s, rne, CNAN, NV, 0, 0)
TEST_FP_RR_RM(22, S, fdiv.s, rne, 0x3eaaaaab, NX, ONE, THREE)
TEST_FP_RR_RM(23, S, fdiv.s, rtz, 0x3eaaaaaa, NX, ONE, THREE)
TEST_FP_R_RM(24, S, fsqrt.s, rne, TWO, 0, 0x40800000)
TEST_FP_R_RM(25, S, fsqrt.s, rne, 0x3fb504f3, NX, TWO)
TEST_FP_R_RM(26, S, fsqrt.s, rne, CNAN, NV, MONE)
TEST_FP_R_RM(27, S, fsqrt.s, rne, MZERO, 0, MZERO)
/* one rounding: (1+2^-23)^2 - (1+2^-22) = 2^-46 exactly */
TEST_FP_RRR_RM(28, S, fmadd.s, rne, 0x28800000, 0, 0x3f800001, 0x3f800001, 0xbf800002)
TEST_FP_RRR_RM(29, S, fmsub.s, rne, MONE, 0, ONE, TWO, THREE)
TEST_FP_RRR_RM(30, S, fnmsub.s, rne, ONE, 0, ONE, TWO, THREE)
TEST_FP_RRR_RM(31, S, fnmadd.s, rne, 0xc0a00000, 0, ONE, TWO, THREE)
TEST_FP_RRR_RM(32, S, fmadd.s, rne, CNAN, NV, 0, PINF, CNAN)
TEST_FP_RR(33, S, fmin.s, MZERO, 0, 0, MZERO)
TEST_FP_RR(34, S, fmax.s, 0, 0, MZERO, 0)
TEST_FP_RR(35, S, fmin.s, ONE, 0, QNAN_PAY, ONE)
TEST_FP_RR(36, S, fmin.s, ONE, NV, SNAN, ONE)
TEST_FP_RR(37, S, fmax.s, CNAN, 0, QNAN_PAY, CNAN)
TEST_FP_RR(38, S, fsgnj.s, MONE, 0, ONE, 0xc0000000)
TEST_FP_RR(39, S, fsgnjn.s, ONE, 0, ONE, 0xc0000000)
TEST_FP_RR(40, S, fsgnjx.s, ONE, 0, MONE, 0xc0000000)
TEST_FP_RR(41, S, fsgnjn.s, 0xff800001, 0, SNAN, ONE)
TEST_FP_TO_INT(42, S, feq.s, 1, 0, MZERO, 0)
TEST_FP_TO_INT(43, S, feq.s, 0, NV, SNAN, SNAN)
TEST_FP_TO_INT(44, S, feq.s, 0, 0, CNAN, ONE)
TEST_FP_TO_INT(45, S, flt.s, 0, NV, CNAN, ONE)
TEST_FP_TO_INT(46, S, fle.s, 1, 0, MINF, MINF)
TEST_FP_CLASS(47, S, fclass.s, 0x001, MINF)
TEST_FP_CLASS(48, S, fclass.s, 0x004, 0x807fffff)
TEST_FP_CLASS(49, S, fclass.s, 0x020, MINSUB)
TEST_FP_CLASS(50, S, fclass.s, 0x100, SNAN)
TEST_FP_CLASS(51, S, fclass.s, 0x200, QNAN_PAY)
TEST_FP_CVT_TO_INT(52, S, fcvt.w.s, rne, 2, NX, 0x40200000)
TEST_FP_CVT_TO_INT(53, S, fcvt.w.s, rmm, 3, NX, 0x40200000)
TEST_FP_CVT_TO_INT(54, S, fcvt.w.s, rdn, -3, NX, 0xc0200000)
TEST_FP_CVT_TO_INT(55, S, fcvt.w.s, rtz, 0x7fffffff, NV, 0x4f000000)
TEST_FP_CVT_TO_INT(56, S, fcvt.w.s, rtz, 0xffffffff80000000, 0, 0xcf000000)
TEST_FP_CVT_TO_INT(57, S, fcvt.w.s, rtz, 0x7fffffff, NV, QNAN_PAY)
TEST_FP_CVT_TO_INT(58, S, fcvt.wu.s, rtz, 0xffffffffffffff00, 0, 0x4f7fffff)
TEST_FP_CVT_TO_INT(59, S, fcvt.wu.s, rtz, 0, NV, MONE)
TEST_FP_CVT_TO_INT(60, S, fcvt.l.s, rtz, 0x7fffffffffffffff, NV, PINF)
TEST_FP_CVT_TO_INT(61, S, fcvt.l.s, rtz, 0x8000000000000000, 0, 0xdf000000)
TEST_FP_CVT_TO_INT(62, S, fcvt.lu.s, rtz, 0xffffffffffffffff, NV, 0x5f800000)
TEST_FP_CVT_TO_INT(63, S, fcvt.lu.s, rup, 1, NX, MINSUB)
TEST_FP_CVT_FROM_INT(64, S, fcvt.s.w, rne, MONE, 0, -1)
TEST_FP_CVT_FROM_INT(65, S, fcvt.s.w, rne, 0x4b800000, NX, 0x1000001)
TEST_FP_CVT_FROM_INT(66, S, fcvt.s.w, rup, 0x4b800001, NX, 0x1000001)
TEST_FP_CVT_FROM_INT(67, S, fcvt.s.wu, rne, 0x4f800000, NX, -1)
TEST_FP_CVT_FROM_INT(68, S, fcvt.s.l, rne, 0xdf000000, 0, 0x8000000000000000)
TEST_FP_CVT_FROM_INT(69, S, fcvt.s.lu, rtz, 0x5f7fffff, NX, -1)
/* NaN boxing: a value without all ones above bit 31 reads as the canonical NaN */
TEST_CASE(70, a4, 0xffffffff7fc00000, li a1, 0x000000003f800000; fmv.d.x fa1, a1; li a2, ONE; fmv.w.x fa2, a2; fsflags x0; fadd.s fa4, fa1, fa2; fmv.x.d a4, fa4)
TEST_CASE(71, a4, 0, frflags a4)
TEST_CASE(72, a4, 0xffffffff3f800000, li a2, ONE; fmv.w.x fa4, a2; fmv.x.d a4, fa4)
TEST_CASE(73, a4, 0xffffffffbf800000, li a2, MONE; fmv.w.x fa4, a2; fmv.x.w a4, fa4)
TEST_CASE(74, a4, 0x000000003f800000, li a2, 0xffffffff3f800000; fmv.w.x fa4, a2; fmv.x.w a4, fa4)
/* fmv.x.w of an improperly boxed value returns its low 32 bits unchanged, sign-extended */
TEST_CASE(75, a4, 0xffffffff89abcdef, li a1, 0x0123456789abcdef; fmv.d.x fa1, a1; fmv.x.w a4, fa1)
/* flw NaN-boxes; fsw stores the low 32 bits */
TEST_CASE(76, a4, 0xffffffff7f800001, la a1, scratch; li a2, SNAN; sw a2, 0(a1); flw fa4, 0(a1); fmv.x.d a4, fa4)
TEST_CASE(77, a4, 0x00000000c0000000, la a1, scratch; li a2, 0x12345678c0000000; fmv.d.x fa1, a2; fsw fa1, 8(a1); lwu a4, 8(a1))
TEST_CASE(78, a4, 0xffffffffbf800000, li a1, ONE; fmv.w.x fa1, a1; fneg.s fa4, fa1; fmv.x.d a4, fa4)
/* sign injection on an unboxed operand treats it as the canonical NaN */
TEST_CASE(79, a4, 0xffffffffffc00000, li a1, 0x3f800000; fmv.d.x fa1, a1; li a2, MONE; fmv.w.x fa2, a2; fsgnj.s fa4, fa1, fa2; fmv.x.d a4, fa4)
TEST_CASE(80, a4, 0x7fffffff, li a1, QNAN_PAY; fmv.w.x fa1, a1; fsflags x0; fcvt.w.s a4, fa1, rtz)

TEST_PROGRAM_END
