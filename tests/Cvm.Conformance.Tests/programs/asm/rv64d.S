/* RV64D: IEEE 754 binary64 arithmetic with every rounding mode, exception flags, signed zeros, subnormals,
 * infinities, signalling and quiet NaNs (results are the canonical NaN), fused multiply-add with a single rounding,
 * RISC-V min/max, compares, classification, saturating conversions, moves, sign injection and loads/stores. */
#include "test_macros.h"

#define ONE      0x3ff0000000000000
#define TWO      0x4000000000000000
#define THREE    0x4008000000000000
#define HALF     0x3fe0000000000000
#define MONE     0xbff0000000000000
#define PINF     0x7ff0000000000000
#define MINF     0xfff0000000000000
#define CNAN     0x7ff8000000000000
#define QNAN_PAY 0x7ff8000000000123
#define SNAN     0x7ff0000000000001
#define DMAX     0x7fefffffffffffff
#define MDMAX    0xffefffffffffffff
#define MINNORM  0x0010000000000000
#define MINSUB   0x0000000000000001
#define MZERO    0x8000000000000000
#define ULP_HALF 0x3ca0000000000000 /* 2^-53: half an ulp of 1.0 */

TEST_PROGRAM_BEGIN

TEST_FP_RR_RM(1, D, fadd.d, rne, THREE, 0, ONE, TWO)
/* 1 + 2^-53 is exactly halfway between 1 and its successor */
TEST_FP_RR_RM(2, D, fadd.d, rne, ONE, NX, ONE, ULP_HALF)
TEST_FP_RR_RM(3, D, fadd.d, rup, 0x3ff0000000000001, NX, ONE, ULP_HALF)
TEST_FP_RR_RM(4, D, fadd.d, rdn, ONE, NX, ONE, ULP_HALF)
TEST_FP_RR_RM(5, D, fadd.d, rtz, ONE, NX, ONE, ULP_HALF)
TEST_FP_RR_RM(6, D, fadd.d, rmm, 0x3ff0000000000001, NX, ONE, ULP_HALF)
/* the odd neighbour: ties go to even (up) */
TEST_FP_RR_RM(7, D, fadd.d, rne, 0x3ff0000000000002, NX, 0x3ff0000000000001, ULP_HALF)
TEST_FP_RR_RM(8, D, fadd.d, rne, CNAN, NV, PINF, MINF)
TEST_FP_RR_RM(9, D, fadd.d, rne, PINF, OF | NX, DMAX, DMAX)
TEST_FP_RR_RM(10, D, fadd.d, rtz, DMAX, OF | NX, DMAX, DMAX)
TEST_FP_RR_RM(11, D, fadd.d, rdn, DMAX, OF | NX, DMAX, DMAX)
TEST_FP_RR_RM(12, D, fadd.d, rup, MDMAX, OF | NX, MDMAX, MDMAX)
TEST_FP_RR_RM(13, D, fadd.d, rdn, MINF, OF | NX, MDMAX, MDMAX)
TEST_FP_RR_RM(14, D, fadd.d, rne, CNAN, NV, SNAN, ONE)
TEST_FP_RR_RM(15, D, fadd.d, rne, CNAN, 0, QNAN_PAY, ONE)
TEST_FP_RR_RM(16, D, fadd.d, rne, PINF, 0, PINF, ONE)
/* x - x is +0, except -0 when rounding down */
TEST_FP_RR_RM(17, D, fsub.d, rne, 0, 0, ONE, ONE)
TEST_FP_RR_RM(18, D, fsub.d, rdn, MZERO, 0, ONE, ONE)
TEST_FP_RR_RM(19, D, fsub.d, rne, MZERO, 0, MZERO, 0)
TEST_FP_RR_RM(20, D, fsub.d, rne, CNAN, NV, PINF, PINF)
TEST_FP_RR_RM(21, D, fmul.d, rne, 0x3ff8000000000000, 0, THREE, HALF)
/* exact subnormal result: no underflow flag */
TEST_FP_RR_RM(22, D, fmul.d, rne, 0x0008000000000000, 0, MINNORM, HALF)
/* half the smallest subnormal: tiny and inexact, ties to even (0) or up to the smallest subnormal */
TEST_FP_RR_RM(23, D, fmul.d, rne, 0, UF | NX, MINSUB, HALF)
TEST_FP_RR_RM(24, D, fmul.d, rup, MINSUB, UF | NX, MINSUB, HALF)
TEST_FP_RR_RM(25, D, fmul.d, rne, CNAN, NV, 0, PINF)
TEST_FP_RR_RM(26, D, fmul.d, rne, MZERO, 0, MONE, 0)
TEST_FP_RR_RM(27, D, fdiv.d, rne, PINF, DZ, ONE, 0)
TEST_FP_RR_RM(28, D, fdiv.d, rne, MINF, DZ, MONE, 0)
TEST_FP_RR_RM(29, D, fdiv.d, rne, CNAN, NV, 0, 0)
TEST_FP_RR_RM(30, D, fdiv.d, rne, CNAN, NV, PINF, MINF)
TEST_FP_RR_RM(31, D, fdiv.d, rne, 0x3fd5555555555555, NX, ONE, THREE)
TEST_FP_RR_RM(32, D, fdiv.d, rup, 0x3fd5555555555556, NX, ONE, THREE)
TEST_FP_RR_RM(33, D, fdiv.d, rne, MZERO, 0, ONE, MINF)
TEST_FP_R_RM(34, D, fsqrt.d, rne, TWO, 0, 0x4010000000000000)
TEST_FP_R_RM(35, D, fsqrt.d, rne, 0x3ff6a09e667f3bcd, NX, TWO)
TEST_FP_R_RM(36, D, fsqrt.d, rup, 0x3ff6a09e667f3bcd, NX, TWO)
TEST_FP_R_RM(37, D, fsqrt.d, rdn, 0x3ff6a09e667f3bcc, NX, TWO)
TEST_FP_R_RM(38, D, fsqrt.d, rne, CNAN, NV, MONE)
TEST_FP_R_RM(39, D, fsqrt.d, rne, MZERO, 0, MZERO)
TEST_FP_R_RM(40, D, fsqrt.d, rne, PINF, 0, PINF)
/* fused multiply-add: one rounding. (1+2^-52)^2 - (1+2^-51) = 2^-104 exactly, 0 if rounded twice */
TEST_FP_RRR_RM(41, D, fmadd.d, rne, 0x3970000000000000, 0, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000002)
TEST_FP_RRR_RM(42, D, fmadd.d, rne, 0x4014000000000000, 0, ONE, TWO, THREE)
TEST_FP_RRR_RM(43, D, fmsub.d, rne, MONE, 0, ONE, TWO, THREE)
TEST_FP_RRR_RM(44, D, fnmsub.d, rne, ONE, 0, ONE, TWO, THREE)
TEST_FP_RRR_RM(45, D, fnmadd.d, rne, 0xc014000000000000, 0, ONE, TWO, THREE)
/* 0 * inf + qNaN is invalid on RISC-V */
TEST_FP_RRR_RM(46, D, fmadd.d, rne, CNAN, NV, 0, PINF, CNAN)
TEST_FP_RRR_RM(47, D, fmadd.d, rne, CNAN, NV, PINF, ONE, MINF)
TEST_FP_RRR_RM(48, D, fmadd.d, rne, CNAN, 0, ONE, ONE, QNAN_PAY)
/* exact zero sum: +0 except -0 when rounding down */
TEST_FP_RRR_RM(49, D, fmadd.d, rne, 0, 0, ONE, ONE, MONE)
TEST_FP_RRR_RM(50, D, fmadd.d, rdn, MZERO, 0, ONE, ONE, MONE)
/* min/max: -0 < +0, a single NaN is ignored, sNaN raises NV, two NaNs give the canonical NaN */
TEST_FP_RR(51, D, fmin.d, MZERO, 0, 0, MZERO)
TEST_FP_RR(52, D, fmax.d, 0, 0, MZERO, 0)
TEST_FP_RR(53, D, fmin.d, ONE, 0, QNAN_PAY, ONE)
TEST_FP_RR(54, D, fmax.d, ONE, NV, ONE, SNAN)
TEST_FP_RR(55, D, fmin.d, CNAN, 0, QNAN_PAY, QNAN_PAY)
TEST_FP_RR(56, D, fmax.d, CNAN, NV, SNAN, QNAN_PAY)
TEST_FP_RR(57, D, fmax.d, MONE, 0, MINF, MONE)
/* sign injection keeps NaN payloads and never raises flags */
TEST_FP_RR(58, D, fsgnj.d, MONE, 0, ONE, 0xc000000000000000)
TEST_FP_RR(59, D, fsgnjn.d, ONE, 0, ONE, 0xc000000000000000)
TEST_FP_RR(60, D, fsgnjx.d, ONE, 0, MONE, 0xc000000000000000)
TEST_FP_RR(61, D, fsgnjn.d, 0xfff0000000000001, 0, SNAN, ONE)
TEST_FP_RR(62, D, fsgnj.d, 0x7ff8000000000123, 0, QNAN_PAY, 0)
/* compares: feq is quiet (NV only for sNaN); flt/fle signal on any NaN */
TEST_FP_TO_INT(63, D, feq.d, 1, 0, ONE, ONE)
TEST_FP_TO_INT(64, D, feq.d, 1, 0, MZERO, 0)
TEST_FP_TO_INT(65, D, feq.d, 0, 0, QNAN_PAY, QNAN_PAY)
TEST_FP_TO_INT(66, D, feq.d, 0, NV, SNAN, ONE)
TEST_FP_TO_INT(67, D, flt.d, 0, NV, QNAN_PAY, ONE)
TEST_FP_TO_INT(68, D, flt.d, 0, 0, MZERO, 0)
TEST_FP_TO_INT(69, D, fle.d, 1, 0, MZERO, 0)
TEST_FP_TO_INT(70, D, flt.d, 1, 0, MINF, MDMAX)
TEST_FP_TO_INT(71, D, fle.d, 0, NV, ONE, SNAN)
/* fclass: one bit per class */
TEST_FP_CLASS(72, D, fclass.d, 0x001, MINF)
TEST_FP_CLASS(73, D, fclass.d, 0x002, MONE)
TEST_FP_CLASS(74, D, fclass.d, 0x004, 0x800fffffffffffff)
TEST_FP_CLASS(75, D, fclass.d, 0x008, MZERO)
TEST_FP_CLASS(76, D, fclass.d, 0x010, 0)
TEST_FP_CLASS(77, D, fclass.d, 0x020, MINSUB)
TEST_FP_CLASS(78, D, fclass.d, 0x040, MINNORM)
TEST_FP_CLASS(79, D, fclass.d, 0x080, PINF)
TEST_FP_CLASS(80, D, fclass.d, 0x100, SNAN)
TEST_FP_CLASS(81, D, fclass.d, 0x200, CNAN)
/* to integer: rounding, saturation with NV, NX when inexact; 32-bit results are sign-extended */
TEST_FP_CVT_TO_INT(82, D, fcvt.w.d, rne, 2, NX, 0x3ff8000000000000)
TEST_FP_CVT_TO_INT(83, D, fcvt.w.d, rne, 2, NX, 0x4004000000000000)
TEST_FP_CVT_TO_INT(84, D, fcvt.w.d, rmm, 3, NX, 0x4004000000000000)
TEST_FP_CVT_TO_INT(85, D, fcvt.w.d, rtz, -1, NX, 0xbff8000000000000)
TEST_FP_CVT_TO_INT(86, D, fcvt.w.d, rdn, -2, NX, 0xbff8000000000000)
TEST_FP_CVT_TO_INT(87, D, fcvt.w.d, rup, -1, NX, 0xbff8000000000000)
TEST_FP_CVT_TO_INT(88, D, fcvt.w.d, rtz, 0x7fffffff, NV, 0x41e0000000000000)
TEST_FP_CVT_TO_INT(89, D, fcvt.w.d, rtz, 0xffffffff80000000, NV, 0xc1e0000000200000)
TEST_FP_CVT_TO_INT(90, D, fcvt.w.d, rtz, 0xffffffff80000000, 0, 0xc1e0000000000000)
TEST_FP_CVT_TO_INT(91, D, fcvt.w.d, rtz, 0x7fffffff, NV, CNAN)
TEST_FP_CVT_TO_INT(92, D, fcvt.w.d, rtz, 0xffffffff80000000, NV, MINF)
/* 2^31 - 0.5 rounds to 2^31 (out of range) with rne but to 2^31 - 1 with rtz */
TEST_FP_CVT_TO_INT(93, D, fcvt.w.d, rne, 0x7fffffff, NV, 0x41dfffffffe00000)
TEST_FP_CVT_TO_INT(94, D, fcvt.w.d, rtz, 0x7fffffff, NX, 0x41dfffffffe00000)
TEST_FP_CVT_TO_INT(95, D, fcvt.wu.d, rtz, 0, NV, MONE)
TEST_FP_CVT_TO_INT(96, D, fcvt.wu.d, rtz, 0, NX, 0xbfe0000000000000)
TEST_FP_CVT_TO_INT(97, D, fcvt.wu.d, rtz, 0xffffffffffffffff, 0, 0x41efffffffe00000)
TEST_FP_CVT_TO_INT(98, D, fcvt.wu.d, rtz, 0xffffffffffffffff, NV, PINF)
TEST_FP_CVT_TO_INT(99, D, fcvt.l.d, rtz, 0x7fffffffffffffff, NV, 0x43e0000000000000)
TEST_FP_CVT_TO_INT(100, D, fcvt.l.d, rtz, 0x8000000000000000, 0, 0xc3e0000000000000)
TEST_FP_CVT_TO_INT(101, D, fcvt.l.d, rtz, 0x7fffffffffffffff, NV, SNAN)
TEST_FP_CVT_TO_INT(102, D, fcvt.l.d, rne, 0xfffffffffffffffe, NX, 0xc000000000000001)
TEST_FP_CVT_TO_INT(103, D, fcvt.lu.d, rtz, 0xffffffffffffffff, NV, CNAN)
TEST_FP_CVT_TO_INT(104, D, fcvt.lu.d, rtz, 0xffffffffffffffff, NV, 0x43f0000000000000)
TEST_FP_CVT_TO_INT(105, D, fcvt.lu.d, rtz, 0xfffffffffffff800, 0, 0x43efffffffffffff)
TEST_FP_CVT_TO_INT(106, D, fcvt.lu.d, rtz, 0, NV, MINF)
/* from integer */
TEST_FP_CVT_FROM_INT_EXACT(107, D, fcvt.d.w, MONE, 0, -1)
TEST_FP_CVT_FROM_INT_EXACT(108, D, fcvt.d.w, 0xc1e0000000000000, 0, 0x1234567880000000)
TEST_FP_CVT_FROM_INT_EXACT(109, D, fcvt.d.wu, 0x41efffffffe00000, 0, -1)
TEST_FP_CVT_FROM_INT(110, D, fcvt.d.l, rne, 0x4340000000000000, NX, 0x20000000000001)
TEST_FP_CVT_FROM_INT(111, D, fcvt.d.l, rup, 0x4340000000000001, NX, 0x20000000000001)
TEST_FP_CVT_FROM_INT(112, D, fcvt.d.l, rne, 0xc3e0000000000000, 0, 0x8000000000000000)
TEST_FP_CVT_FROM_INT(113, D, fcvt.d.lu, rne, 0x43f0000000000000, NX, -1)
TEST_FP_CVT_FROM_INT(114, D, fcvt.d.lu, rtz, 0x43efffffffffffff, NX, -1)
TEST_FP_CVT_FROM_INT(115, D, fcvt.d.l, rne, 0, 0, 0)
/* between precisions: binary32 operands must be NaN-boxed (all ones above bit 31) */
TEST_CASE(116, a4, 0x3fd5555560000000, li a1, 0xffffffff3eaaaaab; fmv.d.x fa1, a1; fcvt.d.s fa4, fa1; fmv.x.d a4, fa4)
TEST_CASE(117, a4, CNAN, li a1, 0xffffffff7f800001; fmv.d.x fa1, a1; fsflags x0; fcvt.d.s fa4, fa1; fmv.x.d a4, fa4)
TEST_CASE(118, a4, NV, frflags a4)
TEST_CASE(119, a4, CNAN, li a1, 0x000000003f800000; fmv.d.x fa1, a1; fcvt.d.s fa4, fa1; fmv.x.d a4, fa4)
TEST_CASE(120, a4, 0xffffffff3eaaaaab, li a1, 0x3fd5555555555555; fmv.d.x fa1, a1; fsflags x0; fcvt.s.d fa4, fa1; fmv.x.d a4, fa4)
TEST_CASE(121, a4, NX, frflags a4)
TEST_CASE(122, a4, 0xffffffff7f800000, li a1, DMAX; fmv.d.x fa1, a1; fsflags x0; fcvt.s.d fa4, fa1; fmv.x.d a4, fa4)
TEST_CASE(123, a4, OF | NX, frflags a4)
TEST_CASE(124, a4, 0xffffffff7f7fffff, li a1, DMAX; fmv.d.x fa1, a1; fcvt.s.d fa4, fa1, rtz; fmv.x.d a4, fa4)
TEST_CASE(125, a4, 0xffffffff7fc00000, li a1, QNAN_PAY; fmv.d.x fa1, a1; fcvt.s.d fa4, fa1; fmv.x.d a4, fa4)
/* dynamic rounding mode comes from frm */
TEST_CASE(126, a4, 0x3ff0000000000001, li a1, 2; fsrm a1; li a1, 3; fsrm a1; li a1, ONE; li a2, ULP_HALF; fmv.d.x fa1, a1; fmv.d.x fa2, a2; fadd.d fa4, fa1, fa2, dyn; fmv.x.d a4, fa4)
TEST_CASE(127, a4, ONE, li a1, 1; fsrm a1; fadd.d fa4, fa1, fa2; fmv.x.d a4, fa4; fsrm x0)
/* moves, loads and stores copy bits unchanged (signalling NaNs included) */
TEST_CASE(128, a4, SNAN, li a1, SNAN; fmv.d.x fa1, a1; fmv.d fa4, fa1; fmv.x.d a4, fa4)
TEST_CASE(129, a4, SNAN, la a1, scratch; li a2, SNAN; sd a2, 0(a1); fld fa4, 0(a1); fsd fa4, 8(a1); ld a4, 8(a1))
TEST_CASE(130, a4, 0x1122334455667788, la a1, scratch; li a2, 0x1122334455667788; sd a2, 3(a1); fld fa4, 3(a1); fmv.x.d a4, fa4)
TEST_CASE(131, a4, MONE, li a1, ONE; fmv.d.x fa1, a1; fneg.d fa4, fa1; fmv.x.d a4, fa4)
TEST_CASE(132, a4, ONE, li a1, MONE; fmv.d.x fa1, a1; fabs.d fa4, fa1; fmv.x.d a4, fa4)

TEST_PROGRAM_END
