/* A jump into the writable data segment, outside the executable one. Unconfined the emulator (like qemu, which
 * maps the data segment executable-or-not) would fetch there; under cvm exec --confine the jump itself is a
 * CHERI length violation on PCC, reported at the jump. */
    .text
    .globl _start
_start:
    la a0, landing
    .globl fault_site
fault_site:
    jr a0

    .data
    .balign 4096
landing:
    .word 0x00000013 /* nop */
    .word 0x00000513 /* li a0, 0 */
    .word 0x05d00893 /* li a7, 93 */
    .word 0x00000073 /* ecall */
