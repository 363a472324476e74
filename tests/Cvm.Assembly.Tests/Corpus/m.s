# RV64M multiply and divide.
    .text
    mul a0, a1, a2
    mulh a3, a4, a5
    mulhsu a6, a7, s0
    mulhu s1, s2, s3
    div s4, s5, s6
    divu s7, s8, s9
    rem s10, s11, t3
    remu t4, t5, t6
    mulw ra, sp, gp
    divw tp, t0, t1
    divuw t2, a0, a1
    remw a2, a3, a4
    remuw a5, a6, zero
