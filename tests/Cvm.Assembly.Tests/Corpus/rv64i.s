# RV64I base integer instructions, every mnemonic with a spread of operands.
    .text
    .globl _start
_start:
    lui a0, 0x12345
    lui t6, 0xfffff
    auipc s0, 0
    auipc a5, 0x80000
    jal ra, target
    jal zero, target
    jalr ra, 0(a0)
    jalr t0, -2048(s1)
    jalr zero, 2047(ra)
loop:
    beq a0, a1, loop
    bne s2, s3, loop
    blt t0, t1, target
    bge a2, zero, target
    bltu sp, gp, loop
    bgeu tp, t2, target
    lb a0, -1(sp)
    lh a1, 2(a2)
    lw a2, 2047(a3)
    ld a3, -2048(a4)
    lbu a4, 0(a5)
    lhu a5, 100(a6)
    lwu a6, -100(a7)
    sb a0, 1(sp)
    sh a1, -2(s0)
    sw a2, 2047(s1)
    sd a3, -2048(s2)
    addi a0, a1, -1
    slti a0, a1, 5
    sltiu a2, a3, 2047
    xori a4, a5, -2048
    ori s4, s5, 0x7f
    andi s6, s7, 0x0f
    slli a0, a0, 63
    srli a1, a1, 32
    srai a2, a2, 1
    add s0, s1, s2
    sub s3, s4, s5
    sll t3, t4, t5
    slt t6, a0, a1
    sltu a2, a3, a4
    xor a5, a6, a7
    srl s8, s9, s10
    sra s11, t3, t4
    or ra, sp, gp
    and tp, t0, t1
    addiw a0, a1, -5
    slliw a2, a3, 31
    srliw a4, a5, 0
    sraiw a6, a7, 17
    addw s0, s1, s2
    subw s3, s4, s5
    sllw s6, s7, s8
    srlw s9, s10, s11
    sraw t3, t4, t5
    fence
    fence rw, w
    fence iorw, io
    fence.tso
    fence.i
    ecall
    ebreak
    .word 0
target:
    add x1, x2, x3
    addi x31, x30, 12
