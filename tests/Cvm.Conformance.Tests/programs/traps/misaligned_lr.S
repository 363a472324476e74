/* A misaligned LR: load address misaligned, mcause 4, mtval = the address.
 * qemu-riscv64 delivers the matching Linux signal; cvm exec must stop with exit status 125 and report the trap. */
    .text
    .globl _start
_start:
    la a0, word
    addi a0, a0, 2
    .globl fault_site
fault_site:
    lr.w a2, (a0)
    /* not reached */
    li a0, 0
    li a7, 93
    ecall
    .data
    .balign 16
word:
    .dword 0, 0
