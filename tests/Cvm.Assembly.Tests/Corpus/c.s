# Compressed instructions: explicit c.* mnemonics, and base instructions GNU as compresses under .option rvc.
    .text
    .option rvc
    c.addi4spn a0, sp, 16
    c.fld fa0, 8(a1)
    c.lw a2, 4(a3)
    c.ld a4, 248(a5)
    c.fsd fs0, 0(s1)
    c.sw s0, 124(s1)
    c.sd a0, 8(a1)
    c.nop
    c.addi a0, -32
    c.addiw a1, 31
    c.li a2, -1
    c.addi16sp sp, -512
    c.addi16sp sp, 496
    c.lui a3, 0x1f
    c.lui a4, 0xfffe0
    c.srli a0, 63
    c.srai a1, 1
    c.andi a2, -32
    c.sub s0, s1
    c.xor a0, a1
    c.or a2, a3
    c.and a4, a5
    c.subw s0, a5
    c.addw s1, a0
    c.slli a0, 1
    c.fldsp fa0, 504(sp)
    c.lwsp ra, 252(sp)
    c.ldsp s11, 0(sp)
    c.jr ra
    c.mv a0, t6
    c.ebreak
    c.jalr a0
    c.add t0, t1
    c.fsdsp fs11, 8(sp)
    c.swsp zero, 4(sp)
    c.sdsp ra, 504(sp)
back:
    c.j back
    c.beqz a0, back
    c.bnez s1, forward
forward:
    addi a0, a0, 0
    addi a0, a0, 31
    addi a0, a0, 32
    addi zero, zero, 0
    addi a0, zero, -32
    addi sp, sp, 16
    addi sp, sp, -512
    addi a0, sp, 1020
    addi s2, sp, 16
    addi a0, a1, 0
    addiw a0, a0, 0
    addiw a0, zero, 5
    li a0, 31
    li a0, 32
    li a0, 0x1000
    li sp, 0x1000
    li a0, -4096
    li a0, 0x12345678
    li a0, 0x100000000
    li a5, 0x123456789
    lui a0, 0
    lui a0, 0x1f
    lui a0, 0xfffe0
    lui zero, 1
    slli a0, a0, 0
    slli a0, a0, 1
    srli s2, s2, 1
    srai a0, a0, 5
    andi a0, a0, -1
    add a0, a0, a1
    add a0, a1, a0
    add a0, zero, a1
    add a0, a1, zero
    mv a0, a1
    mv zero, a1
    sub a0, a0, a1
    sub a0, a1, a0
    xor a0, a1, a0
    or a0, a0, a1
    and a0, a1, a0
    subw a0, a0, a1
    addw a0, a1, a0
    lw a0, 124(a1)
    lw a0, 128(a1)
    ld a0, 4(a1)
    fld fa0, 8(a1)
    sw a0, 4(a1)
    sd a0, 8(a1)
    fsd fa0, 8(a1)
    lw a0, 252(sp)
    lw zero, 4(sp)
    ld ra, 8(sp)
    fld fa0, 8(sp)
    sw zero, 4(sp)
    sd ra, 8(sp)
    fsd fa0, 8(sp)
    flw fa0, 4(sp)
    jalr zero, 0(a0)
    jr a0
    jalr a0
    ret
    ebreak
    nop
    neg a0, a0
    sext.w a0, a0
    beqz a0, near
    bnez s2, near
    beq a0, zero, near
    beq zero, a0, near
    j near
near:
    jal near
    beqz a0, back
    .option norvc
    addi a0, a0, 1
    .option push
    .option rvc
    addi a0, a0, 1
    .option pop
    addi a0, a0, 1
