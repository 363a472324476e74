/* A misaligned AMO: store/AMO address misaligned, mcause 6, mtval = the address (AMOs are never split).
 * qemu-riscv64 delivers the matching Linux signal; cvm exec must stop with exit status 125 and report the trap. */
    .text
    .globl _start
_start:
    la a0, word
    addi a0, a0, 4
    li a1, 1
    .globl fault_site
fault_site:
    amoadd.d a2, a1, (a0)
    /* not reached */
    li a0, 0
    li a7, 93
    ecall
    .data
    .balign 16
word:
    .dword 0, 0
