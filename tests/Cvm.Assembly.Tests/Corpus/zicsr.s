# Zicsr, Zifencei and privileged instructions; CSRs by name and by number.
    .text
    csrrw a0, mstatus, a1
    csrrs a0, mepc, zero
    csrrc t0, 0x7c0, t1
    csrrwi a0, mtvec, 5
    csrrsi zero, mie, 31
    csrrci a1, sstatus, 0
    csrrs a2, cycle, zero
    csrrs a2, fcsr, zero
    csrrw zero, satp, a0
    csrr a0, mhartid
    csrw mscratch, sp
    csrs mip, a1
    csrc mie, a2
    csrwi frm, 3
    csrsi fflags, 1
    csrci mstatus, 8
    csrw mstatus, 8
    rdcycle a0
    rdtime a1
    rdinstret a2
    frcsr a0
    fscsr a1
    fscsr a2, a3
    frrm a0
    fsrm a1
    frflags a2
    fsflags a3
    fence.i
    mret
    sret
    wfi
    sfence.vma
    sfence.vma a0
    sfence.vma a0, a1
