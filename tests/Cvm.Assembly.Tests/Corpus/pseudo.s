# Base pseudo-instructions (li covers every expansion shape).
    .text
    .globl _start
_start:
    nop
    li a0, 0
    li a0, -1
    li a0, 2047
    li a0, -2048
    li a0, 2048
    li a0, 0x12345678
    li a0, 0x7fffffff
    li a0, -0x80000000
    li a0, 0x80000000
    li a0, 0xffffffff
    li a0, 0x100000000
    li a0, 0x123456789abcdef0
    li a0, -0x123456789abcdef0
    li t0, 0x8000000000000000
    li t1, 0xffffffffffffffff
    li s0, 0x7ff
    li s1, 0x1000
    li s2, 0x12340000000
    la a0, data_label
    lla a1, data_label
    lw a2, data_label
    sd a3, data_label, t0
    mv a0, a1
    not a2, a3
    neg a4, a5
    negw a6, a7
    sext.w s0, s1
    seqz s2, s3
    snez s4, s5
    sltz s6, s7
    sgtz s8, s9
    beqz a0, _start
    bnez a1, _start
    blez a2, _start
    bgez a3, _start
    bltz a4, _start
    bgtz a5, _start
    bgt a0, a1, _start
    ble a0, a1, _start
    bgtu a0, a1, _start
    bleu a0, a1, _start
    j _start
    jal _start
    jr a0
    jalr a1
    ret
    call far_function
    tail far_function
    fmv.s fa0, fa1
    fabs.s fa2, fa3
    fneg.s fa4, fa5
    fmv.d fa0, fa1
    fabs.d fa2, fa3
    fneg.d fa4, fa5
far_function:
    ret
    .data
data_label:
    .dword 42
