/* RVC (RV64C): every compressed form written explicitly, with immediate edge values (sign extension of 6-bit
 * immediates, c.lui's high immediates, scaled load/store offsets, c.addi16sp/c.addi4spn), compressed jumps
 * and branches, and a misaligned 32-bit instruction after a compressed one. */
#include "test_macros.h"

TEST_PROGRAM_BEGIN

TEST_CASE(1, a4, 0x0000000000000010, li a4, 0x11; c.addi a4, -1)
TEST_CASE(2, a4, 0xffffffffffffffe0, c.li a4, -32)
TEST_CASE(3, a4, 0x000000000000001f, c.li a4, 31)
TEST_CASE(4, a4, 0xfffffffffffe0000, c.lui a4, 0xfffe0)
TEST_CASE(5, a4, 0x000000000001f000, c.lui a4, 0x1f)
TEST_CASE(6, a4, 0xffffffff80000000, li a4, 0x7fffffff; c.addiw a4, 1)
TEST_CASE(7, a4, 0x0000000000000007, li a4, 0x1200000007; c.addiw a4, 0)
TEST_CASE(8, a4, 0x8000000000000000, li a4, 1; c.slli a4, 63)
TEST_CASE(9, a4, 0x0000000000000001, li a4, 0x8000000000000000; c.srli a4, 63)
TEST_CASE(10, a4, 0xffffffff00000000, li a4, 0x8000000000000000; c.srai a4, 31)
TEST_CASE(11, a4, 0x00000000000001e0, li a4, 0x1f0; c.andi a4, -32)
TEST_CASE(12, a4, 0x0000000000000123, li a1, 0x123; c.mv a4, a1)
TEST_CASE(13, a4, 0x0000000000000005, li a4, 2; li a1, 3; c.add a4, a1)
TEST_CASE(14, a4, 0xffffffffffffffff, li a4, 2; li a1, 3; c.sub a4, a1)
TEST_CASE(15, a4, 0x0000000000000006, li a4, 5; li a1, 3; c.xor a4, a1)
TEST_CASE(16, a4, 0x0000000000000007, li a4, 5; li a1, 3; c.or a4, a1)
TEST_CASE(17, a4, 0x0000000000000001, li a4, 5; li a1, 3; c.and a4, a1)
TEST_CASE(18, a4, 0xffffffff80000000, li a4, 0x7fffffff; li a1, 1; c.addw a4, a1)
TEST_CASE(19, a4, 0x000000007fffffff, li a4, 0x80000000; li a1, 1; c.subw a4, a1)
/* register-based loads and stores with scaled offsets */
TEST_CASE(20, a4, 0xffffffff89abcdef, la a1, table; c.lw a4, 4(a1))
TEST_CASE(21, a4, 0x0123456789abcdef, la a1, table; c.ld a4, 8(a1))
TEST_CASE(22, a4, 0x00000000cafef00d, la a1, scratch; li a2, 0xcafef00d; c.sw a2, 124(a1); lwu a4, 124(a1))
TEST_CASE(23, a4, 0x0123456789abcdef, la a1, scratch; li a2, 0x0123456789abcdef; c.sd a2, 248(a1); ld a4, 248(a1))
/* stack-pointer-based forms, on a private frame so the program's own stack is untouched */
TEST_CASE(24, a4, 0x1122334455667788, mv s0, sp; la sp, scratch; li a2, 0x1122334455667788; c.sdsp a2, 8(sp); c.ldsp a4, 8(sp); mv sp, s0)
TEST_CASE(25, a4, 0xffffffff87654321, mv s0, sp; la sp, scratch; li a2, 0x87654321; c.swsp a2, 252(sp); c.lwsp a4, 252(sp); mv sp, s0)
TEST_CASE(26, a4, 0x1f0, mv s0, sp; la sp, scratch; mv a1, sp; c.addi16sp sp, 496; sub a4, sp, a1; mv sp, s0)
TEST_CASE(27, a4, -512, mv s0, sp; la sp, scratch; mv a1, sp; c.addi16sp sp, -512; sub a4, sp, a1; mv sp, s0)
TEST_CASE(28, a4, 1020, mv s0, sp; la sp, scratch; c.addi4spn a4, sp, 1020; sub a4, a4, sp; mv sp, s0)
/* floating-point compressed loads and stores */
TEST_CASE(29, a4, 0x0123456789abcdef, la a1, table; c.fld fa4, 8(a1); fmv.x.d a4, fa4)
TEST_CASE(30, a4, 0x4000000000000000, la a1, scratch; li a2, 0x4000000000000000; fmv.d.x fa2, a2; c.fsd fa2, 16(a1); ld a4, 16(a1))
TEST_CASE(31, a4, 0x3ff0000000000000, mv s0, sp; la sp, scratch; li a2, 0x3ff0000000000000; fmv.d.x fa2, a2; c.fsdsp fa2, 504(sp); c.fldsp fa4, 504(sp); fmv.x.d a4, fa4; mv sp, s0)
/* control transfer */
TEST_CASE(32, a4, 1, li a4, 0; c.j 1f; li a4, 2; 1: addi a4, a4, 1)
TEST_CASE(33, a4, 1, li a4, 1; c.beqz a4, 1f; j 2f; 1: li a4, 3; 2:)
TEST_CASE(34, a4, 5, li a4, 0; c.beqz a4, 1f; li a4, 3; 1: addi a4, a4, 5)
TEST_CASE(35, a4, 9, li a4, 4; c.bnez a4, 1f; li a4, 100; 1: addi a4, a4, 5)
TEST_CASE(36, a4, 7, la a1, 1f; li a4, 0; c.jr a1; li a4, 100; 1: addi a4, a4, 7)
/* c.jalr links to the next instruction, which is only 2 bytes further */
TEST_CASE(37, a4, 2, la a1, 1f; 2: c.jalr a1; j fail; 1: la a2, 2b; sub a4, ra, a2)
/* a 4-byte instruction that starts 2 bytes into a word */
TEST_CASE(38, a4, 0x12345, .balign 4; c.nop; li a4, 0x12345)
TEST_CASE(39, a4, 8, .balign 4; c.nop; 1: jal a4, 2f; 2: la a1, 1b; sub a4, a4, a1; addi a4, a4, 4)
TEST_CASE(40, a4, 3, li a4, 3; c.nop; c.addi a4, 0)
/* c.li with rd = x0 is a hint: no architectural effect */
TEST_CASE(41, x0, 0, c.li x0, 5)

TEST_PROGRAM_END

    .data
    .balign 8
table:
    .word 0x11111111, 0x89abcdef
    .dword 0x0123456789abcdef
