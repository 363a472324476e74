/* A load from 0xc0000000, far above the stack top (0x80000000 at most): unmapped when unconfined, outside DDC
 * under cvm exec --confine. */
    .text
    .globl _start
_start:
    li a0, 0xc0000000
    .globl fault_site
fault_site:
    ld a1, 0(a0)
    li a0, 0
    li a7, 93
    ecall
