/*
 * Bare-metal (M-mode) test programs report through HTIF: writing (code << 1) | 1 to the 64-bit word `tohost`
 * ends the run, and code 0 means pass. CHECK_EQ and CHECK_ADDRESS fail with the current step's number in s11.
 */
#define CHECK_EQ(reg, expect) li t6, expect; bne reg, t6, fail
#define CHECK_ADDRESS(reg, label) la t6, label; bne reg, t6, fail

.macro HTIF_EXIT_FROM_S11
fail:
    slli s11, s11, 1
    ori s11, s11, 1
    la t0, tohost
    sd s11, 0(t0)
1:  j 1b
pass:
    li t1, 1
    la t0, tohost
    sd t1, 0(t0)
2:  j 2b

    .section .tohost, "aw", @progbits
    .balign 64
    .globl tohost
    .type tohost, @object
    .size tohost, 8
tohost:
    .dword 0
    .balign 64
    .globl fromhost
    .type fromhost, @object
    .size fromhost, 8
fromhost:
    .dword 0
.endm
