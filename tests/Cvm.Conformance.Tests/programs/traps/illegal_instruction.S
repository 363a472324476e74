/* An illegal instruction (the canonical 32-bit unimp, a write to the read-only cycle CSR): mcause 2.
 * qemu-riscv64 delivers the matching Linux signal; cvm exec must stop with exit status 125 and report the trap. */
    .text
    .globl _start
_start:
    .option norvc
    .globl fault_site
fault_site:
    unimp
    /* not reached */
    li a0, 0
    li a7, 93
    ecall
