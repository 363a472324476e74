/* A jump to an unmapped address: instruction access fault, mcause 1, mtval and pc = the target.
 * qemu-riscv64 delivers the matching Linux signal; cvm exec must stop with exit status 125 and report the trap. */
    .text
    .globl _start
_start:
    li a0, 0x2000
    .globl fault_site
fault_site:
    jr a0
    /* not reached */
    li a0, 0
    li a7, 93
    ecall
