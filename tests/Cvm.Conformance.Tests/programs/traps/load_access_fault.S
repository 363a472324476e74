/* A load from an unmapped address: load access fault, mcause 5, mtval = the address.
 * qemu-riscv64 delivers the matching Linux signal; cvm exec must stop with exit status 125 and report the trap. */
    .text
    .globl _start
_start:
    li a0, 0x18
    .globl fault_site
fault_site:
    ld a1, 0(a0)
    /* not reached */
    li a0, 0
    li a7, 93
    ecall
