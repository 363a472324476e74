# RV64F single precision.
    .text
    flw fa0, 0(a0)
    flw ft11, -4(sp)
    fsw fs0, 2047(a1)
    fmadd.s fa0, fa1, fa2, fa3
    fmadd.s fa0, fa1, fa2, fa3, rne
    fmsub.s ft0, ft1, ft2, ft3, rtz
    fnmsub.s fs0, fs1, fs2, fs3, rdn
    fnmadd.s fs4, fs5, fs6, fs7, rup
    fadd.s fa0, fa1, fa2
    fadd.s fa0, fa1, fa2, rmm
    fsub.s fa0, fa1, fa2, dyn
    fmul.s ft8, ft9, ft10
    fdiv.s fa7, fa6, fa5
    fsqrt.s fa0, fa1
    fsqrt.s fa0, fa1, rtz
    fsgnj.s fa0, fa1, fa2
    fsgnjn.s fa0, fa1, fa2
    fsgnjx.s fa0, fa1, fa2
    fmin.s fa0, fa1, fa2
    fmax.s fa0, fa1, fa2
    fcvt.w.s a0, fa0
    fcvt.w.s a0, fa0, rtz
    fcvt.wu.s a1, fa1, rne
    fcvt.l.s a2, fa2
    fcvt.lu.s a3, fa3, rup
    fmv.x.w a4, fa4
    feq.s a0, fa0, fa1
    flt.s a0, fa0, fa1
    fle.s a0, fa0, fa1
    fclass.s a5, fa5
    fcvt.s.w fa0, a0
    fcvt.s.wu fa0, a0, rtz
    fcvt.s.l fa0, a0
    fcvt.s.lu fa0, a0, rdn
    fmv.w.x fa6, a6
