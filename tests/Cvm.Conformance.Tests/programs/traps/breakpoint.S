/* ebreak in a user program: a breakpoint exception, mcause 3.
 * qemu-riscv64 delivers the matching Linux signal; cvm exec must stop with exit status 125 and report the trap. */
    .text
    .globl _start
_start:
    .option norvc
    .globl fault_site
fault_site:
    ebreak
    /* not reached */
    li a0, 0
    li a7, 93
    ecall
