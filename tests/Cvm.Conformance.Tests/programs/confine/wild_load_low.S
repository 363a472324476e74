/* A load from 0x1000, below the program. Unconfined it is a load access fault (nothing is mapped there);
 * under cvm exec --confine the DDC check comes first: a CHERI length violation on DDC. */
    .text
    .globl _start
_start:
    li a0, 0x1000
    .globl fault_site
fault_site:
    ld a1, 0(a0)
    li a0, 0
    li a7, 93
    ecall
