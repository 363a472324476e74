/* M-mode traps delivered through mtvec: an illegal instruction, ebreak, ecall from M-mode and from U-mode, each
 * checked for mcause, mepc and the mstatus stack (MPP, MPIE, MIE), then resumed with mret. Passes with HTIF
 * code 0; otherwise reports the failing step's number. Needs a machine-mode runner: qemu-user cannot run it. */
#include "htif.h"

    .text
    .globl _start
_start:
    /* Let U-mode reach all memory through PMP entry 0 (NAPOT over everything, RWX). PMP is optional: with mtvec
     * pointing just past the writes, a machine without it traps straight to the next step. */
    la t0, 1f
    csrw mtvec, t0
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    .balign 4
1:
    li s11, 1
    la t0, trap_handler
    csrw mtvec, t0
    csrr t1, mtvec
    CHECK_ADDRESS(t1, trap_handler)

    /* machine identity: RV64 (MXL = 2) with I, M, A, F, D and C present, hart 0 */
    li s11, 2
    csrr t1, misa
    srli t2, t1, 62
    CHECK_EQ(t2, 2)
    li t3, (1 << 8) | (1 << 12) | (1 << 0) | (1 << 5) | (1 << 3) | (1 << 2)
    and t2, t1, t3
    CHECK_EQ(t2, (1 << 8) | (1 << 12) | (1 << 0) | (1 << 5) | (1 << 3) | (1 << 2))
    csrr t1, mhartid
    CHECK_EQ(t1, 0)

    /* mscratch is a plain read/write register */
    li s11, 3
    li t1, 0x123456789abcdef0
    csrw mscratch, t1
    li t1, 7
    csrrw t2, mscratch, t1
    CHECK_EQ(t2, 0x123456789abcdef0)
    csrr t2, mscratch
    CHECK_EQ(t2, 7)

    /* illegal instruction: mcause 2, mepc at the instruction; the handler skips it */
    li s11, 4
    li s10, 0                 /* the handler counts traps in s10 and records mcause/mepc in s8/s9 */
    .option push
    .option norvc
illegal_site:
    unimp
    .option pop
    CHECK_EQ(s10, 1)
    CHECK_EQ(s8, 2)
    CHECK_ADDRESS(s9, illegal_site)

    /* ebreak: mcause 3 */
    li s11, 5
    .option push
    .option norvc
ebreak_site:
    ebreak
    .option pop
    CHECK_EQ(s10, 2)
    CHECK_EQ(s8, 3)
    CHECK_ADDRESS(s9, ebreak_site)

    /* ecall from M-mode: mcause 11, with MPP = M (3) and MIE cleared inside the handler */
    li s11, 6
    li t1, 8                  /* MIE */
    csrs mstatus, t1
ecall_m_site:
    ecall
    CHECK_EQ(s10, 3)
    CHECK_EQ(s8, 11)
    CHECK_ADDRESS(s9, ecall_m_site)
    srli t2, s7, 11           /* s7: mstatus as the handler saw it */
    andi t2, t2, 3
    CHECK_EQ(t2, 3)
    andi t2, s7, 8
    CHECK_EQ(t2, 0)           /* MIE cleared on trap entry */
    andi t2, s7, 0x80
    CHECK_EQ(t2, 0x80)        /* MPIE holds the old MIE */
    csrr t1, mstatus
    andi t2, t1, 8
    CHECK_EQ(t2, 8)           /* mret restored MIE from MPIE */
    li t1, 8
    csrc mstatus, t1

    /* drop to U-mode with mret (MPP = 0); U-mode ecall traps with mcause 8 and MPP = U */
    li s11, 7
    li t1, 3 << 11
    csrc mstatus, t1
    la t1, user_code
    csrw mepc, t1
    mret
user_code:
    ecall                     /* the handler sees mcause 8 and returns to machine_again in M-mode */
    j fail
machine_again:
    CHECK_EQ(s10, 4)
    CHECK_EQ(s8, 8)
    CHECK_ADDRESS(s9, user_code)
    srli t2, s7, 11
    andi t2, t2, 3
    CHECK_EQ(t2, 0)

    /* U-mode may not touch machine CSRs: reading mstatus from U-mode is an illegal instruction */
    li s11, 8
    li t1, 3 << 11
    csrc mstatus, t1
    la t1, user_csr
    csrw mepc, t1
    mret
user_csr:
    csrr t2, mstatus          /* traps; the handler then sees mcause 2 and ends this step in M-mode */
    j fail
machine_after_csr:
    CHECK_EQ(s10, 5)
    CHECK_EQ(s8, 2)
    CHECK_ADDRESS(s9, user_csr)
    j pass

    .balign 4
trap_handler:
    addi s10, s10, 1
    csrr s8, mcause
    csrr s9, mepc
    csrr s7, mstatus
    li t4, 8
    beq s8, t4, from_user
    li t4, 2
    bne s8, t4, 1f
    la t4, user_csr
    beq s9, t4, from_user_csr
1:  addi t4, s9, 4            /* every trapping instruction here is 4 bytes long */
    csrw mepc, t4
    mret
from_user:
    la t4, machine_again
    j 2f
from_user_csr:
    la t4, machine_after_csr
2:  li t5, 3 << 11            /* return in M-mode */
    csrs mstatus, t5
    csrw mepc, t4
    mret

    HTIF_EXIT_FROM_S11
