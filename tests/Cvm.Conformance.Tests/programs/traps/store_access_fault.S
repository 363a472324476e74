/* A store to an unmapped address: store/AMO access fault, mcause 7, mtval = the address.
 * qemu-riscv64 delivers the matching Linux signal; cvm exec must stop with exit status 125 and report the trap. */
    .text
    .globl _start
_start:
    li a0, 0x28
    .globl fault_site
fault_site:
    sw a0, 4(a0)
    /* not reached */
    li a0, 0
    li a7, 93
    ecall
