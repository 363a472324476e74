namespace Cvm.Machine.Execution;

/// <summary>
/// The operation of a pre-decoded instruction. Compressed instructions decode to the operation of the 32-bit
/// instruction they expand to; the few specialised forms (<see cref="LoadImmediate"/>, <see cref="Move"/>) exist
/// only because they save work in the hot loop. The numbering is dense so the interpreter's switch is a jump table.
/// </summary>
internal enum Op : ushort
{
    /// <summary>The slot has not been decoded yet (the zero value of a fresh slot).</summary>
    NotDecoded = 0,
    /// <summary>An encoding this hart does not implement: illegal-instruction trap with mtval = the encoding.</summary>
    Illegal,
    /// <summary>
    /// The two sentinel slots past the end of a page: sequential execution that runs off a page lands here and
    /// looks up the next page, so straight-line code needs no per-instruction page check.
    /// </summary>
    PageCrossing,

    // RV64I
    Lui, Auipc, Jal, Jalr,
    Beq, Bne, Blt, Bge, Bltu, Bgeu,
    Lb, Lh, Lw, Ld, Lbu, Lhu, Lwu,
    Sb, Sh, Sw, Sd,
    Addi, Slti, Sltiu, Xori, Ori, Andi, Slli, Srli, Srai,
    Add, Sub, Sll, Slt, Sltu, Xor, Srl, Sra, Or, And,
    Addiw, Slliw, Srliw, Sraiw, Addw, Subw, Sllw, Srlw, Sraw,
    Fence, FenceI, Ecall, Ebreak, Mret, Wfi,

    // Specialised forms of addi: rd = imm, rd = rs1.
    LoadImmediate, Move,

    // Zicsr (Imm = CSR number; the immediate forms keep their 5-bit zimm in Rs1)
    Csrrw, Csrrs, Csrrc, Csrrwi, Csrrsi, Csrrci,

    // M
    Mul, Mulh, Mulhsu, Mulhu, Div, Divu, Rem, Remu, Mulw, Divw, Divuw, Remw, Remuw,

    // A (the aq/rl bits need no action on a single in-order hart)
    LrW, ScW, AmoSwapW, AmoAddW, AmoXorW, AmoAndW, AmoOrW, AmoMinW, AmoMaxW, AmoMinuW, AmoMaxuW,
    LrD, ScD, AmoSwapD, AmoAddD, AmoXorD, AmoAndD, AmoOrD, AmoMinD, AmoMaxD, AmoMinuD, AmoMaxuD,

    // F and D: loads, stores, moves and sign injection (bit manipulation, done by the hart) ...
    Flw, Fsw, Fld, Fsd,
    FsgnjS, FsgnjnS, FsgnjxS, FmvXW, FmvWX,
    FsgnjD, FsgnjnD, FsgnjxD, FmvXD, FmvDX,
    // ... and arithmetic (IEEE 754, in Cvm.Machine.FloatingPoint). FloatOperands holds the third source and the rounding-mode field.
    FmaddS, FmsubS, FnmsubS, FnmaddS, FaddS, FsubS, FmulS, FdivS, FsqrtS, FminS, FmaxS,
    FcvtWS, FcvtWuS, FcvtLS, FcvtLuS, FeqS, FltS, FleS, FclassS, FcvtSW, FcvtSWu, FcvtSL, FcvtSLu,
    FmaddD, FmsubD, FnmsubD, FnmaddD, FaddD, FsubD, FmulD, FdivD, FsqrtD, FminD, FmaxD,
    FcvtWD, FcvtWuD, FcvtLD, FcvtLuD, FeqD, FltD, FleD, FclassD, FcvtDW, FcvtDWu, FcvtDL, FcvtDLu,
    FcvtSD, FcvtDS,

    // Xcheri (ISAv9). All run out of line in Hart.Cheri.cs and keep their own capability tracking (the interpreter
    // runs JalrWithinPcc, the integer .cap loads and stores and CIncOffsetImmediate inline when it can).
    // Inspection: rd := a field of cs1.
    CGetPerm, CGetType, CGetBase, CGetLen, CGetTag, CGetSealed, CGetOffset, CGetFlags, CGetAddr, CGetHigh, CGetTop,
    CRoundRepresentableLength, CRepresentableAlignmentMask,
    // Manipulation and sealing: cd := f(cs1, rs2 or cs2); these never trap.
    CMove, CClearTag, CSealEntry,
    CSetBounds, CSetBoundsExact, CSetBoundsImmediate, CSeal, CUnseal, CAndPerm, CSetFlags, CSetOffset, CSetAddr,
    CIncOffset, CIncOffsetImmediate, CToPtr, CFromPtr, CSub, CSetHigh, CBuildCap, CCopyType, CCSeal, CTestSubset, CSetEqualExact,
    // Special capability registers and control flow.
    CSpecialRW, JalrCap, CInvoke,
    // Explicit loads and stores: .ddc forms address x[rs1] under DDC, .cap forms address cs1 under cs1.
    LbDdc, LhDdc, LwDdc, LdDdc, LbuDdc, LhuDdc, LwuDdc, LcDdc,
    LbCap, LhCap, LwCap, LdCap, LbuCap, LhuCap, LwuCap, LcCap,
    SbDdc, ShDdc, SwDdc, SdDdc, ScDdc,
    SbCap, ShCap, SwCap, SdCap, ScCap,
    // LC / SC in the RV128 LQ / SQ encodings (integer mode: DDC-authorised, address x[rs1] + imm).
    LoadCapability, StoreCapability,
    // Explicit load-reserved and store-conditional forms (§3.6); the store-conditionals write their result to rs2.
    LrBDdc, LrHDdc, LrWDdc, LrDDdc, LrCDdc, LrBCap, LrHCap, LrWCap, LrDCap, LrCCap,
    ScBDdc, ScHDdc, ScWDdc, ScDDdc, ScCDdc, ScBCap, ScHCap, ScWCap, ScDCap, ScCCap,
    // The capability atomics in the AMO encodings (funct3 = 4; integer mode: DDC-authorised, address x[rs1]).
    LrC, ScC, AmoSwapC,
    // The byte and halfword LR/SC CHERI adds to the A extension (funct3 = 0 / 1).
    LrB, LrH, ScB, ScH,
    // An instruction PCC does not authorise fetching (decoded in its slot so the check costs nothing afterwards).
    PccFetchFault,
    // Integer-mode jumps under a PCC that does not span the whole address space, whose targets must be checked
    // against PCC's bounds at the jump: JAL and branches whose (static) target lies outside, and every JALR.
    JalOutsidePcc, BeqOutsidePcc, BneOutsidePcc, BltOutsidePcc, BgeOutsidePcc, BltuOutsidePcc, BgeuOutsidePcc,
    JalrWithinPcc,

    // Register clearing and tag reading (§3.5).
    CClear, FPClear, CLoadTags,
    // Capability mode (PCC.flag = 1, §4): the standard opcodes whose meaning changes. The integer loads and
    // stores, LR/SC, LC/SC and JALR reuse the explicit .cap operations (LbCap … ScCCap, JalrCap), which add the
    // decoded immediate to cs1.address; the rest have their own operations here.
    Auipcc, CJal, FlwCap, FldCap, FswCap, FsdCap,
    // A read-modify-write AMO (AMOADD.W … AMOMAXU.D, AMOSWAP.C) authorised by cs1: which one is re-derived from
    // the encoding when it runs, so the capability-mode forms need no operation each.
    AmoCap,
    // LegacyRelocation (ISAv8-style, integer mode): the integer loads, stores and LR/SC reuse the explicit .ddc
    // operations (LbDdc … ScCDdc), whose address is DDC.address + x[rs1] + imm under relocation; the FP accesses
    // and AMOs have their own. AUIPC, JAL with a link and JALR see PC-relative-to-PCC.base values.
    FlwDdc, FldDdc, FswDdc, FsdDdc, AmoDdc,
    AuipcRelocated, JalRelocated, JalrRelocated,
}
