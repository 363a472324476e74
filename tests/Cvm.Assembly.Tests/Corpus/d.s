# RV64D double precision.
    .text
    fld fa0, 0(a0)
    fld ft11, -4(sp)
    fsd fs0, 2047(a1)
    fmadd.d fa0, fa1, fa2, fa3
    fmadd.d fa0, fa1, fa2, fa3, rne
    fmsub.d ft0, ft1, ft2, ft3, rtz
    fnmsub.d fs0, fs1, fs2, fs3, rdn
    fnmadd.d fs4, fs5, fs6, fs7, rup
    fadd.d fa0, fa1, fa2
    fadd.d fa0, fa1, fa2, rmm
    fsub.d fa0, fa1, fa2, dyn
    fmul.d ft8, ft9, ft10
    fdiv.d fa7, fa6, fa5
    fsqrt.d fa0, fa1
    fsqrt.d fa0, fa1, rtz
    fsgnj.d fa0, fa1, fa2
    fsgnjn.d fa0, fa1, fa2
    fsgnjx.d fa0, fa1, fa2
    fmin.d fa0, fa1, fa2
    fmax.d fa0, fa1, fa2
    fcvt.w.d a0, fa0
    fcvt.w.d a0, fa0, rtz
    fcvt.wu.d a1, fa1, rne
    fcvt.l.d a2, fa2
    fcvt.lu.d a3, fa3, rup
    fmv.x.d a4, fa4
    feq.d a0, fa0, fa1
    flt.d a0, fa0, fa1
    fle.d a0, fa0, fa1
    fclass.d a5, fa5
    fcvt.d.w fa0, a0
    fcvt.d.wu fa0, a0
    fcvt.d.l fa0, a0
    fcvt.d.lu fa0, a0, rdn
    fmv.d.x fa6, a6
    fcvt.s.d fa0, fa1
    fcvt.s.d fa0, fa1, rtz
    fcvt.d.s fa0, fa1
    fcvt.d.w fa2, a0
    fcvt.d.wu fa3, a1
