/* RV64I: arithmetic, logic, shifts, comparisons, upper immediates, loads/stores of every width, branches, jumps. */
#include "test_macros.h"

TEST_PROGRAM_BEGIN

/* add/sub wrap modulo 2^64 */
TEST_RR(1, add, 0x0000000000000005, 2, 3)
TEST_RR(2, add, 0x8000000000000000, 0x7fffffffffffffff, 1)
TEST_RR(3, add, 0x0000000000000000, -1, 1)
TEST_RR(4, add, 0xfffffffffffffffe, 0x7fffffffffffffff, 0x7fffffffffffffff)
TEST_RR(5, sub, 0x7fffffffffffffff, 0x8000000000000000, 1)
TEST_RR(6, sub, 0xffffffffffffffff, 0, 1)
TEST_RR_RD_IS_RS1(7, sub, 5, 12, 7)
TEST_RR_RD_IS_RS2(8, add, 19, 12, 7)
TEST_RR_ZERO_RD(9, add, 12, 7)
/* 32-bit forms sign-extend bit 31 of the 32-bit result and ignore the upper operand bits */
TEST_RR(10, addw, 0xffffffff80000000, 0x7fffffff, 1)
TEST_RR(11, addw, 0x0000000000000000, 0xffffffff, 1)
TEST_RR(12, addw, 0x0000000000000003, 0x1234567800000001, 0xabcdef0000000002)
TEST_RR(13, subw, 0x000000007fffffff, 0x80000000, 1)
TEST_RR(14, subw, 0xffffffffffffffff, 0x100000000, 1)
TEST_RI(15, addi, 0x0000000000000000, 1, -1)
TEST_RI(16, addi, 0x00000000000007ff, 0, 2047)
TEST_RI(17, addi, 0xfffffffffffff800, 0, -2048)
TEST_RI(18, addi, 0x8000000000000000, 0x7fffffffffffffff, 1)
TEST_RI(19, addiw, 0xffffffff80000000, 0x7fffffff, 1)
TEST_RI(20, addiw, 0x0000000000000000, 0xffffffff00000000, 0)
TEST_RI(21, addiw, 0xffffffffffffffff, 0x00000000ffffffff, 0)
/* logic */
TEST_RR(22, and, 0x0f000f00, 0xff00ff00, 0x0f0f0f0f)
TEST_RR(23, or, 0xff0fff0f, 0xff00ff00, 0x0f0f0f0f)
TEST_RR(24, xor, 0xf00ff00f, 0xff00ff00, 0x0f0f0f0f)
TEST_RI(25, andi, 0xff00ff00, 0xff00ff00, -1)
TEST_RI(26, andi, 0x00000700, 0xff00ff00, 0x7f0)
TEST_RI(27, ori, 0xffffffffffffff0f, 0xff00ff00ff00ff00, -241)
TEST_RI(28, xori, 0x00ff00ff00ff00ff, 0xff00ff00ff00ff00, -1)
/* shifts use the low six bits of the amount (five for the W forms) */
TEST_RR(29, sll, 0x8000000000000000, 1, 63)
TEST_RR(30, sll, 0x0000000000000001, 1, 64)
TEST_RR(31, sll, 0x0000000000000002, 1, 0xffffffffffffffc1)
TEST_RR(32, srl, 0x0000000000000001, 0x8000000000000000, 63)
TEST_RR(33, srl, 0x0000000080000000, 0x8000000000000000, 32)
TEST_RR(34, sra, 0xffffffffffffffff, 0x8000000000000000, 63)
TEST_RR(35, sra, 0xffffffff80000000, 0x8000000000000000, 32)
TEST_RR(36, sra, 0x3fffffffffffffff, 0x7fffffffffffffff, 1)
TEST_RI(37, slli, 0xffffffff00000000, 0xffffffff, 32)
TEST_RI(38, srli, 0x00000000000000ff, 0xff00000000000000, 56)
TEST_RI(39, srai, 0xffffffffffffff80, 0x8000000000000000, 56)
TEST_RR(40, sllw, 0xffffffff80000000, 1, 31)
TEST_RR(41, sllw, 0x0000000000000001, 1, 32)
TEST_RR(42, srlw, 0x0000000000000001, 0x80000000, 31)
TEST_RR(43, srlw, 0xffffffff80000000, 0xffffffff80000000, 0)
TEST_RR(44, sraw, 0xffffffffffffffff, 0x80000000, 31)
TEST_RR(45, sraw, 0x0000000000000001, 0xffffffff40000000, 30)
TEST_RI(46, slliw, 0xffffffff80000000, 0x00000000ffffffff, 31)
TEST_RI(47, srliw, 0x0000000000000001, 0xffffffff80000000, 31)
TEST_RI(48, sraiw, 0xfffffffffffffff0, 0x0000000080000000, 27)
TEST_RI(49, slliw, 0x0000000000000000, 0x1234567800000000, 4)
/* comparisons: signed and unsigned */
TEST_RR(50, slt, 1, -1, 0)
TEST_RR(51, slt, 0, 0, -1)
TEST_RR(52, slt, 1, 0x8000000000000000, 0x7fffffffffffffff)
TEST_RR(53, slt, 0, 5, 5)
TEST_RR(54, sltu, 0, -1, 0)
TEST_RR(55, sltu, 1, 0, -1)
TEST_RR(56, sltu, 0, 0x8000000000000000, 0x7fffffffffffffff)
TEST_RI(57, slti, 1, -2, -1)
TEST_RI(58, slti, 0, 0x7fffffffffffffff, -1)
TEST_RI(59, sltiu, 1, 5, -1)
TEST_RI(60, sltiu, 0, -1, -1)
TEST_RI(61, sltiu, 1, 0, 1)
/* upper immediates: lui sign-extends bit 31 of the result; auipc adds to its own address */
TEST_CASE(62, a4, 0xffffffff80000000, lui a4, 0x80000)
TEST_CASE(63, a4, 0x000000007ffff000, lui a4, 0x7ffff)
TEST_CASE(64, a4, 0, 1: auipc a4, 0; la a1, 1b; sub a4, a4, a1)
TEST_CASE(65, a4, 0x12345000, 1: auipc a4, 0x12345; la a1, 1b; sub a4, a4, a1)
TEST_CASE(66, a4, 0xfffffffffffff000, 1: auipc a4, 0xfffff; la a1, 1b; sub a4, a4, a1)

/* loads: every width, sign and zero extension, negative offsets */
TEST_LOAD(67, lb, 0xffffffffffffff80, bytes, 0)
TEST_LOAD(68, lbu, 0x0000000000000080, bytes, 0)
TEST_LOAD(69, lb, 0x000000000000007f, bytes, 1)
TEST_LOAD(70, lh, 0xffffffffffff8001, halves, 0)
TEST_LOAD(71, lhu, 0x0000000000008001, halves, 0)
TEST_LOAD(72, lh, 0x0000000000007ffe, halves, 2)
TEST_LOAD(73, lw, 0xffffffff80000001, words, 0)
TEST_LOAD(74, lwu, 0x0000000080000001, words, 0)
TEST_LOAD(75, lw, 0x000000007ffffffe, words, 4)
TEST_LOAD(76, ld, 0x8000000000000001, dwords, 0)
TEST_LOAD(77, ld, 0x0123456789abcdef, dwords, 8)
TEST_LOAD(78, lw, 0x000000007ffffffe, words_end, -4)
TEST_LOAD(79, lbu, 0x00000000000000ef, dwords, 8)
TEST_LOAD(80, lhu, 0x0000000000000123, dwords, 14)
/* misaligned loads (user-mode Linux completes them) */
TEST_LOAD(81, lw, 0x000000006789abcd, dwords, 9)
TEST_LOAD(82, lw, 0x00000000456789ab, dwords, 10)
TEST_LOAD(83, ld, 0x010123456789abcd, dwords, 9)
TEST_LOAD(84, lhu, 0x000000000000abcd, dwords, 9)
/* stores write only their width */
TEST_STORE_LOAD(85, sd, ld, 0xfedcba9876543210, 0xfedcba9876543210, 0)
TEST_CASE(86, a4, 0xfedcba98765432aa, la a1, scratch; li a2, 0x1aa; sb a2, 0(a1); ld a4, 0(a1))
TEST_CASE(87, a4, 0xfedcba98bbcc32aa, la a1, scratch; li a2, 0xbbcc; sh a2, 2(a1); ld a4, 0(a1))
TEST_CASE(88, a4, 0x11223344bbcc32aa, la a1, scratch; li a2, 0x5511223344; sw a2, 4(a1); ld a4, 0(a1))
TEST_STORE_LOAD(89, sw, lw, 0xffffffff87654321, 0x87654321, 16)
TEST_STORE_LOAD(90, sh, lh, 0xffffffffffff8765, 0x8765, 32)
TEST_STORE_LOAD(91, sb, lbu, 0x0000000000000087, 0x87, 40)
/* misaligned stores */
TEST_STORE_LOAD(92, sd, ld, 0x1122334455667788, 0x1122334455667788, 49)
TEST_STORE_LOAD(93, sw, lwu, 0x00000000deadbeef, 0xdeadbeef, 67)
TEST_STORE_LOAD(94, sh, lhu, 0x000000000000beef, 0xbeef, 81)

/* branches: taken and not taken, signed and unsigned */
TEST_BRANCH(95, beq, 1, 5, 5)
TEST_BRANCH(96, beq, 0, 5, 6)
TEST_BRANCH(97, bne, 1, 5, 6)
TEST_BRANCH(98, bne, 0, -1, -1)
TEST_BRANCH(99, blt, 1, -1, 0)
TEST_BRANCH(100, blt, 0, 0, -1)
TEST_BRANCH(101, blt, 0, 3, 3)
TEST_BRANCH(102, bge, 1, 3, 3)
TEST_BRANCH(103, bge, 1, 0, 0x8000000000000000)
TEST_BRANCH(104, bge, 0, 0x8000000000000000, 0)
TEST_BRANCH(105, bltu, 1, 0, -1)
TEST_BRANCH(106, bltu, 0, -1, 0)
TEST_BRANCH(107, bgeu, 1, -1, 0x7fffffffffffffff)
TEST_BRANCH(108, bgeu, 0, 1, 2)
TEST_BRANCH(109, bgeu, 1, 7, 7)
/* a backward branch loop */
TEST_CASE(110, a4, 55, li a4, 0; li a1, 10; 1: add a4, a4, a1; addi a1, a1, -1; bnez a1, 1b)

/* jal/jalr: link is the next instruction's address; jalr clears bit 0 of the target */
TEST_CASE(111, a4, 0, la a1, 2f; jal a4, 1f; 2: j fail; 1: sub a4, a4, a1)
TEST_CASE(112, a4, 0, la a1, 2f; la a2, 1f; jalr a4, 0(a2); 2: j fail; 1: sub a4, a4, a1)
TEST_CASE(113, a4, 7, la a2, 1f; addi a2, a2, 1; li a4, 0; jalr x0, 0(a2); li a4, 3; 1: addi a4, a4, 7)
TEST_CASE(114, a4, 7, la a2, 1f; addi a2, a2, -8; li a4, 0; jalr x0, 8(a2); li a4, 3; 1: addi a4, a4, 7)
/* rd == rs1: the target is read before the link is written */
TEST_CASE(115, a4, 0, la a2, 1f; la a1, 2f; jalr a2, 0(a2); 2: j fail; 1: sub a4, a2, a1)
/* writes to x0 are discarded */
TEST_CASE(116, x0, 0, li x0, 5; addi x0, x0, 1; lui x0, 0x12345)
TEST_CASE(117, a4, 0, addi a4, x0, 0; add a4, x0, x0)
/* fence, fence.i are ordering only here */
TEST_CASE(118, a4, 9, li a4, 9; fence; fence rw, rw; fence.i)

/* accesses that straddle a 4 KiB page boundary (both pages mapped) */
#define CROSS(reg, offset) la reg, page_cross; li t0, offset; add reg, reg, t0
TEST_CASE(119, a4, 0x7777888811112222, CROSS(a1, 4092); ld a4, 0(a1))
TEST_CASE(120, a4, 0xffffffff88881111, CROSS(a1, 4094); lw a4, 0(a1))
TEST_CASE(121, a4, 0x89abcdef33334444, CROSS(a1, 4092); li a2, 0x0123456789abcdef; sd a2, 0(a1); CROSS(a1, 4088); ld a4, 0(a1))
TEST_CASE(122, a4, 0x5555666601234567, CROSS(a1, 4096); ld a4, 0(a1))
/* a 4-byte instruction that starts in the last two bytes of a code page: reached by falling through a run of
 * compressed nops, and by a jump straight to it */
TEST_CASE(123, a4, 0x123, li a4, 0; call straddle_slide)
TEST_CASE(124, a4, 0x123, li a4, 0; la t0, straddle; jalr t0)

TEST_PROGRAM_END

    .text
    .p2align 12
straddle_slide:
    .fill 2047, 2, 0x0001          /* c.nop: 4094 bytes, so the next instruction starts 2 bytes before the page end */
straddle:
    .option push
    .option norvc
    addi a4, x0, 0x123
    .option pop
    ret

    .data
    .p2align 12
page_cross:
    .space 4088
    .dword 0x1111222233334444      /* the last doubleword of one page */
    .dword 0x5555666677778888      /* the first of the next */

    .data
    .balign 8
bytes:
    .byte 0x80, 0x7f, 0x00, 0xff
    .balign 8
halves:
    .half 0x8001, 0x7ffe
    .balign 8
words:
    .word 0x80000001, 0x7ffffffe
words_end:
    .balign 8
dwords:
    .dword 0x8000000000000001, 0x0123456789abcdef, 0x0000000000000001
