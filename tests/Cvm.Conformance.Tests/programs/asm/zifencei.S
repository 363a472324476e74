/* Zifencei: code rewritten at run time becomes visible to instruction fetch after fence.i. The patched functions
 * live in a writable and executable section; each case runs the old code once (so an emulator has decoded it),
 * stores new instruction bits over it, executes fence.i and runs it again. */
#include "test_macros.h"

TEST_PROGRAM_BEGIN

/* a 32-bit instruction replaced by another: addi a0, x0, 1 becomes addi a0, x0, 2 */
TEST_CASE(1, a0, 1, call patch_word)
TEST_CASE(2, a0, 2, la a1, patch_word; li a2, 0x00200513; sw a2, 0(a1); fence.i; call patch_word)
/* patched again, to a different opcode: lui a0, 0x12345 */
TEST_CASE(3, a0, 0x12345000, la a1, patch_word; li a2, 0x12345537; sw a2, 0(a1); fence.i; call patch_word)
/* a compressed instruction replaced by another compressed one: c.li a0, 3 becomes c.li a0, -7 */
TEST_CASE(4, a0, 3, call patch_half)
TEST_CASE(5, a0, -7, la a1, patch_half; li a2, 0x5565; sh a2, 0(a1); fence.i; call patch_half)
/* two compressed instructions replaced by one 32-bit instruction (the decoded slots change shape) */
TEST_CASE(6, a0, 10, call patch_pair)
TEST_CASE(7, a0, 0x7ff, la a1, patch_pair; li a2, 0x7ff00513; sw a2, 0(a1); fence.i; call patch_pair)
/* an always-taken branch turned into a jump to the next instruction */
TEST_CASE(8, a0, 0, call patch_branch)
TEST_CASE(9, a0, 5, la a1, patch_branch_site; li a2, 0x0040006f; sw a2, 0(a1); fence.i; call patch_branch)
/* code written into a page that has never executed: a freshly built function */
TEST_CASE(10, a0, 0x2a, la a1, fresh_code; li a2, 0x02a00513; sw a2, 0(a1); li a2, 0x00008067; sw a2, 4(a1); fence.i; jalr a1)

TEST_PROGRAM_END

    .section .patchable, "awx", @progbits
    .balign 4
    .option push
    .option norvc
patch_word:
    addi a0, x0, 1
    ret
    .balign 4
patch_pair:
    .option rvc
    c.li a0, 5
    c.addi a0, 5
    .option norvc
    ret
    .option pop
    .balign 4
patch_half:
    c.li a0, 3
    ret
    .balign 4
    .option push
    .option norvc
patch_branch:
    li a0, 5
patch_branch_site:
    beq x0, x0, 1f
    ret
1:  li a0, 0
    ret
    .option pop
    .balign 4
fresh_code:
    .space 64
