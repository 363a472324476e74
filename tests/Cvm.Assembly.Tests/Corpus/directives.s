# Directives, expressions, numeric local labels and relocations.
    .equ COUNT, 4
    .set WIDTH, COUNT * 8 + 1
    SHIFTED = 1 << 10
    .text
    .globl _start
    .type _start, @function
_start:
    lui a0, %hi(table)
    addi a0, a0, %lo(table)
    lw a1, %lo(table)(a0)
    sw a1, %lo(table + 4)(a0)
1:  auipc a2, %pcrel_hi(message)
    addi a2, a2, %pcrel_lo(1b)
2:  auipc a3, %pcrel_hi(table + 8)
    ld a3, %pcrel_lo(2b)(a3)
    sd a3, %pcrel_lo(2b)(a3)
    addi a4, zero, WIDTH
    addi a5, zero, SHIFTED - 1
    addi a6, zero, (COUNT + 1) * -3
    addi a7, zero, ~0x10 & 0xff
    addi t0, zero, 100 / 7 % 5 ^ 3 | 8
    addi t1, zero, 'A'
    addi t2, zero, COUNT
1:  addi t3, t3, -1
    bnez t3, 1b
    beqz t3, 1f
    j 1b
1:  ebreak
    .size _start, . - _start
    .insn r 0x33, 0, 0, a0, a1, a2
    .insn r OP, 0, 32, t0, t1, t2
    .insn i 0x13, 0, a0, a1, -7
    .insn i LOAD, 3, a0, 16(sp)
    .insn s STORE, 3, a0, -16(sp)
    .insn b BRANCH, 1, a0, a1, _start
    .insn u 0x37, a0, 0x12
    .insn j 0x6f, ra, _start
    .insn 0x00000013
    .insn 4, 0x00100073
    .align 4
    nop
    .balign 8
    .p2align 3, , 2

    .section .rodata
message:
    .ascii "abc\t\n\\\"\101\x42"
    .asciz "zero-terminated"
    .string "also"
    .align 3
    .byte 1, 2, 3, -1, 255
    .half 0x1234, -2
    .short 7
    .2byte 8
    .word 0xdeadbeef, -1, message
    .long 5
    .4byte 6
    .dword 0x123456789abcdef0, message, table + 16
    .quad -9
    .8byte 10
    .zero 3
    .space 5, 0xaa
    .skip 2
    .p2align 2, 0xee
    .balign 16, 0x55

    .data
    .globl table
    .type table, @object
table:
    .word 1, 2, 3, 4
    .dword 1b, 2b
    .word end_of_table - table
end_of_table:
    .size table, end_of_table - table
    .byte 9
    .align 2
    .word . - table

    .section .data.extra, "aw"
    .word 77
    .bss
    .zero 64
    .section .text.more, "ax", @progbits
    ret
