/* RV64A: every AMO in both widths (old value sign-extended, memory result, untouched neighbour word),
 * and LR/SC success and failure paths. */
#include "test_macros.h"

TEST_PROGRAM_BEGIN

TEST_AMO(1, amoswap.d, 0x1111111122222222, 0x00000000000000ff, 0x1111111122222222, 0xff)
TEST_AMO(2, amoadd.d, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 1)
TEST_AMO(3, amoand.d, 0xff00ff00ff00ff00, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
TEST_AMO(4, amoor.d, 0xff00ff00ff00ff00, 0xff0fff0fff0fff0f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
TEST_AMO(5, amoxor.d, 0xff00ff00ff00ff00, 0xf00ff00ff00ff00f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
TEST_AMO(6, amomin.d, 0x0000000000000001, 0xffffffffffffffff, 1, -1)
TEST_AMO(7, amomin.d, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000, 0x7fffffffffffffff)
TEST_AMO(8, amomax.d, 0x0000000000000001, 0x0000000000000001, 1, -1)
TEST_AMO(9, amomax.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
TEST_AMO(10, amominu.d, 0x0000000000000001, 0x0000000000000001, 1, -1)
TEST_AMO(11, amominu.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
TEST_AMO(12, amomaxu.d, 0x0000000000000001, 0xffffffffffffffff, 1, -1)
TEST_AMO(13, amomaxu.d, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000, 0x7fffffffffffffff)
/* 32-bit AMOs: rd is the old word sign-extended; only the low word of the doubleword changes */
TEST_AMO(14, amoswap.w, 0xffffffff80000000, 0xaaaaaaaa12345678, 0xaaaaaaaa80000000, 0x9999999912345678)
TEST_AMO(15, amoadd.w, 0x000000007fffffff, 0xaaaaaaaa80000000, 0xaaaaaaaa7fffffff, 1)
TEST_AMO(16, amoadd.w, 0xffffffffffffffff, 0xaaaaaaaa00000000, 0xaaaaaaaaffffffff, 1)
TEST_AMO(17, amoand.w, 0xffffffffff00ff00, 0x55555555ff000000, 0x55555555ff00ff00, 0xffff0000)
TEST_AMO(18, amoor.w, 0x0000000000000001, 0x5555555580000001, 0x5555555500000001, 0x80000000)
TEST_AMO(19, amoxor.w, 0xffffffffffffffff, 0x123456780000ffff, 0x12345678ffffffff, 0xffff0000)
TEST_AMO(20, amomin.w, 0x0000000000000001, 0x00000000ffffffff, 0x0000000000000001, 0xffffffff)
TEST_AMO(21, amomin.w, 0xffffffff80000000, 0x0000000080000000, 0x0000000080000000, 0x000000007fffffff)
TEST_AMO(22, amomax.w, 0x0000000000000001, 0x0000000000000001, 0x0000000000000001, 0xffffffff)
TEST_AMO(23, amomax.w, 0xffffffff80000000, 0x000000007fffffff, 0x0000000080000000, 0x000000007fffffff)
TEST_AMO(24, amominu.w, 0x0000000000000001, 0x0000000000000001, 0x0000000000000001, 0xffffffff)
TEST_AMO(25, amomaxu.w, 0x0000000000000001, 0x00000000ffffffff, 0x0000000000000001, 0xffffffff)
/* only the low 32 bits of rs2 take part in a .w AMO, whatever its upper half */
TEST_AMO(26, amomaxu.w, 0xffffffff80000000, 0x0000000080000000, 0x0000000080000000, 0xffffffff00000001)
TEST_AMO(27, amoadd.w, 0x0000000000000005, 0x7777777700000007, 0x7777777700000005, 0x1234567800000002)
/* rd = x0 still updates memory */
TEST_CASE(28, a5, 0x0000000000000030, la a3, scratch; li a1, 0x10; sd a1, 0(a3); li a2, 0x20; amoadd.d x0, a2, (a3); ld a5, 0(a3))
/* acquire/release annotations do not change the result */
TEST_AMO(29, amoadd.d.aqrl, 3, 7, 3, 4)
TEST_AMO(30, amoswap.w.aq, 3, 4, 3, 4)
/* LR/SC: a paired SC succeeds (rd = 0) and stores */
TEST_CASE(31, a4, 0, la a3, scratch; li a1, 5; sd a1, 0(a3); lr.d a5, (a3); addi a5, a5, 1; sc.d a4, a5, (a3))
TEST_CASE(32, a5, 6, ld a5, 0(a3))
TEST_CASE(33, a5, 0xffffffff80000000, la a3, scratch; li a1, 0x1280000000; sd a1, 0(a3); lr.w a5, (a3))
TEST_CASE(34, a4, 0, la a3, scratch; li a1, 0x1280000000; sd a1, 0(a3); lr.w a5, (a3); li a2, 0x99; sc.w a4, a2, (a3))
TEST_CASE(35, a5, 0x1200000099, ld a5, 0(a3))
/* a second SC after a successful one has no reservation: it fails (rd != 0) and does not store */
TEST_CASE(36, a4, 0, la a3, scratch; li a1, 1; sd a1, 0(a3); lr.d a5, (a3); li a2, 2; sc.d a4, a2, (a3))
TEST_CASE(37, a4, 1, li a2, 3; sc.d a4, a2, (a3); snez a4, a4)
TEST_CASE(38, a5, 2, ld a5, 0(a3))
/* an SC to an address other than the reserved one fails and stores nothing */
TEST_CASE(39, a4, 1, la a3, scratch; sd x0, 8(a3); lr.d a5, (a3); addi a1, a3, 8; li a2, 7; sc.d a4, a2, (a1); snez a4, a4)
TEST_CASE(40, a5, 0, ld a5, 8(a3))
TEST_CASE(41, a4, 1, la a3, scratch; sd x0, 0(a3); lr.w a5, (a3); li a2, 7; sc.w a4, a2, (a3); li a2, 8; sc.w a4, a2, (a3); snez a4, a4)
TEST_CASE(42, a5, 7, lw a5, 0(a3))
/* an LR/SC retry loop (the usual compare-and-swap shape) */
TEST_CASE(43, a5, 0x2a, la a3, scratch; li a1, 0x29; sd a1, 0(a3); 1: lr.d a5, (a3); addi a5, a5, 1; sc.d a4, a5, (a3); bnez a4, 1b; ld a5, 0(a3))

TEST_PROGRAM_END
