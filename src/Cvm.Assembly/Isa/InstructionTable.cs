namespace Cvm.Assembly.Isa;

/// <summary>
/// The single source of truth for instruction encodings: one line per form (mnemonic, extension, match bits,
/// operand syntax). Masks come from the operand fields. The encoder, the decoder, the assembler, the disassembler and
/// the random-encoding tests all read this table. Where several forms can match one word, the earlier row wins, so
/// more specific rows (c.nop before c.addi) come first, as in GNU objdump.
/// </summary>
public static class InstructionTable
{
    private static readonly List<InstructionForm> All = [];

    /// <summary>Every form, in decoding priority order.</summary>
    public static IReadOnlyList<InstructionForm> Forms => All;

    private static readonly Lazy<ILookup<string, InstructionForm>> ByMnemonicLookup =
        new(() => All.ToLookup(f => f.Mnemonic, StringComparer.OrdinalIgnoreCase));

    /// <summary>The forms spelled <paramref name="mnemonic"/>, in table order.</summary>
    public static IEnumerable<InstructionForm> ByMnemonic(string mnemonic) => ByMnemonicLookup.Value[mnemonic];

    private static void Add(string mnemonic, Extension extension, uint match, string syntax, EncodingMode mode = EncodingMode.Any)
    {
        var parts = Fields.ParseSyntax(syntax);
        var fields = new List<OperandField>();
        foreach (var part in parts)
        {
            if (part.Field is { } field)
            {
                fields.Add(field);
            }
            if (part.Base is { } baseField)
            {
                fields.Add(baseField);
            }
        }
        All.Add(new InstructionForm(mnemonic, extension, match, parts, mode, fields));
    }

    /// <summary>An A-extension (or Xcheri LR/SC/AMO) row in its four ordering variants: aq (bit 26) and rl (bit 25).</summary>
    private static void Atomic(string mnemonic, Extension extension, uint match, string syntax)
    {
        Add(mnemonic, extension, match, syntax);
        Add(mnemonic + ".aq", extension, match | 1u << 26, syntax);
        Add(mnemonic + ".rl", extension, match | 1u << 25, syntax);
        Add(mnemonic + ".aqrl", extension, match | 3u << 25, syntax);
    }

    private const uint Cheri2Op = 0xFE00005B;
    private const uint CheriLoad = 0xFA00005B;
    private const uint CheriStore = 0xF800005B;
    private static uint Cheri3Op(uint funct7) => funct7 << 25 | 0x5B;

    static InstructionTable()
    {
        const Extension I = Extension.I, M = Extension.M, A = Extension.A, F = Extension.F, D = Extension.D,
            C = Extension.C, Csr = Extension.Zicsr, Priv = Extension.Privileged, X = Extension.Xcheri;
        const EncodingMode IntMode = EncodingMode.IntegerOnly, CapMode = EncodingMode.CapabilityOnly;

        // ---- Capability-mode reinterpretations of standard opcodes (cheri-riscv.md §3.4, §3.7); tried first in capmode.
        Add("auipcc", X, 0x00000017, "cd,uimm20", CapMode);
        Add("cjal", X, 0x0000006F, "cd,jimm", CapMode);
        Add("cjalr", X, 0x00000067, "cd,imm12(cs1)", CapMode);
        Add("clc", X, 0x0000200F, "cd,imm12(cs1)", CapMode);
        Add("csc", X, 0x00004023, "cs2,simm12(cs1)", CapMode);

        // ---- RV64I
        Add("lui", I, 0x00000037, "rd,uimm20");
        Add("auipc", I, 0x00000017, "rd,uimm20");
        Add("jal", I, 0x0000006F, "rd,jimm");
        Add("jalr", I, 0x00000067, "rd,imm12(rs1)");
        Add("beq", I, 0x00000063, "rs1,rs2,bimm");
        Add("bne", I, 0x00001063, "rs1,rs2,bimm");
        Add("blt", I, 0x00004063, "rs1,rs2,bimm");
        Add("bge", I, 0x00005063, "rs1,rs2,bimm");
        Add("bltu", I, 0x00006063, "rs1,rs2,bimm");
        Add("bgeu", I, 0x00007063, "rs1,rs2,bimm");
        Add("lb", I, 0x00000003, "rd,imm12(rs1)");
        Add("lh", I, 0x00001003, "rd,imm12(rs1)");
        Add("lw", I, 0x00002003, "rd,imm12(rs1)");
        Add("ld", I, 0x00003003, "rd,imm12(rs1)");
        Add("lbu", I, 0x00004003, "rd,imm12(rs1)");
        Add("lhu", I, 0x00005003, "rd,imm12(rs1)");
        Add("lwu", I, 0x00006003, "rd,imm12(rs1)");
        Add("sb", I, 0x00000023, "rs2,simm12(rs1)");
        Add("sh", I, 0x00001023, "rs2,simm12(rs1)");
        Add("sw", I, 0x00002023, "rs2,simm12(rs1)");
        Add("sd", I, 0x00003023, "rs2,simm12(rs1)");
        Add("addi", I, 0x00000013, "rd,rs1,imm12");
        Add("slti", I, 0x00002013, "rd,rs1,imm12");
        Add("sltiu", I, 0x00003013, "rd,rs1,imm12");
        Add("xori", I, 0x00004013, "rd,rs1,imm12");
        Add("ori", I, 0x00006013, "rd,rs1,imm12");
        Add("andi", I, 0x00007013, "rd,rs1,imm12");
        Add("slli", I, 0x00001013, "rd,rs1,shamt6");
        Add("srli", I, 0x00005013, "rd,rs1,shamt6");
        Add("srai", I, 0x40005013, "rd,rs1,shamt6");
        Add("add", I, 0x00000033, "rd,rs1,rs2");
        Add("sub", I, 0x40000033, "rd,rs1,rs2");
        Add("sll", I, 0x00001033, "rd,rs1,rs2");
        Add("slt", I, 0x00002033, "rd,rs1,rs2");
        Add("sltu", I, 0x00003033, "rd,rs1,rs2");
        Add("xor", I, 0x00004033, "rd,rs1,rs2");
        Add("srl", I, 0x00005033, "rd,rs1,rs2");
        Add("sra", I, 0x40005033, "rd,rs1,rs2");
        Add("or", I, 0x00006033, "rd,rs1,rs2");
        Add("and", I, 0x00007033, "rd,rs1,rs2");
        Add("addiw", I, 0x0000001B, "rd,rs1,imm12");
        Add("slliw", I, 0x0000101B, "rd,rs1,shamt5");
        Add("srliw", I, 0x0000501B, "rd,rs1,shamt5");
        Add("sraiw", I, 0x4000501B, "rd,rs1,shamt5");
        Add("addw", I, 0x0000003B, "rd,rs1,rs2");
        Add("subw", I, 0x4000003B, "rd,rs1,rs2");
        Add("sllw", I, 0x0000103B, "rd,rs1,rs2");
        Add("srlw", I, 0x0000503B, "rd,rs1,rs2");
        Add("sraw", I, 0x4000503B, "rd,rs1,rs2");
        Add("fence.tso", I, 0x8330000F, "");
        Add("fence", I, 0x0000000F, "pred,succ");
        Add("ecall", I, 0x00000073, "");
        Add("ebreak", I, 0x00100073, "");
        Add("fence.i", Extension.Zifencei, 0x0000100F, "");

        // ---- Zicsr and privileged
        Add("csrrw", Csr, 0x00001073, "rd,csr,rs1");
        Add("csrrs", Csr, 0x00002073, "rd,csr,rs1");
        Add("csrrc", Csr, 0x00003073, "rd,csr,rs1");
        Add("csrrwi", Csr, 0x00005073, "rd,csr,zimm5");
        Add("csrrsi", Csr, 0x00006073, "rd,csr,zimm5");
        Add("csrrci", Csr, 0x00007073, "rd,csr,zimm5");
        Add("sret", Priv, 0x10200073, "");
        Add("mret", Priv, 0x30200073, "");
        Add("wfi", Priv, 0x10500073, "");
        Add("sfence.vma", Priv, 0x12000073, "rs1,rs2");

        // ---- M
        Add("mul", M, 0x02000033, "rd,rs1,rs2");
        Add("mulh", M, 0x02001033, "rd,rs1,rs2");
        Add("mulhsu", M, 0x02002033, "rd,rs1,rs2");
        Add("mulhu", M, 0x02003033, "rd,rs1,rs2");
        Add("div", M, 0x02004033, "rd,rs1,rs2");
        Add("divu", M, 0x02005033, "rd,rs1,rs2");
        Add("rem", M, 0x02006033, "rd,rs1,rs2");
        Add("remu", M, 0x02007033, "rd,rs1,rs2");
        Add("mulw", M, 0x0200003B, "rd,rs1,rs2");
        Add("divw", M, 0x0200403B, "rd,rs1,rs2");
        Add("divuw", M, 0x0200503B, "rd,rs1,rs2");
        Add("remw", M, 0x0200603B, "rd,rs1,rs2");
        Add("remuw", M, 0x0200703B, "rd,rs1,rs2");

        // ---- A (funct3 010 = .w, 011 = .d)
        foreach (var (suffix, width) in new[] { (".w", 0x2000u), (".d", 0x3000u) })
        {
            Atomic("lr" + suffix, A, 0x1000002F | width, "rd,(rs1)");
            Atomic("sc" + suffix, A, 0x1800002F | width, "rd,rs2,(rs1)");
            Atomic("amoswap" + suffix, A, 0x0800002F | width, "rd,rs2,(rs1)");
            Atomic("amoadd" + suffix, A, 0x0000002F | width, "rd,rs2,(rs1)");
            Atomic("amoxor" + suffix, A, 0x2000002F | width, "rd,rs2,(rs1)");
            Atomic("amoand" + suffix, A, 0x6000002F | width, "rd,rs2,(rs1)");
            Atomic("amoor" + suffix, A, 0x4000002F | width, "rd,rs2,(rs1)");
            Atomic("amomin" + suffix, A, 0x8000002F | width, "rd,rs2,(rs1)");
            Atomic("amomax" + suffix, A, 0xA000002F | width, "rd,rs2,(rs1)");
            Atomic("amominu" + suffix, A, 0xC000002F | width, "rd,rs2,(rs1)");
            Atomic("amomaxu" + suffix, A, 0xE000002F | width, "rd,rs2,(rs1)");
        }

        // ---- F and D (fmt bits 26:25: 00 = .s, 01 = .d)
        Add("flw", F, 0x00002007, "frd,imm12(rs1)");
        Add("fsw", F, 0x00002027, "frs2,simm12(rs1)");
        Add("fld", D, 0x00003007, "frd,imm12(rs1)");
        Add("fsd", D, 0x00003027, "frs2,simm12(rs1)");
        foreach (var (suffix, ext, fmt) in new[] { (".s", F, 0u), (".d", D, 1u << 25) })
        {
            Add("fmadd" + suffix, ext, 0x00000043 | fmt, "frd,frs1,frs2,frs3,rm");
            Add("fmsub" + suffix, ext, 0x00000047 | fmt, "frd,frs1,frs2,frs3,rm");
            Add("fnmsub" + suffix, ext, 0x0000004B | fmt, "frd,frs1,frs2,frs3,rm");
            Add("fnmadd" + suffix, ext, 0x0000004F | fmt, "frd,frs1,frs2,frs3,rm");
            Add("fadd" + suffix, ext, 0x00000053 | fmt, "frd,frs1,frs2,rm");
            Add("fsub" + suffix, ext, 0x08000053 | fmt, "frd,frs1,frs2,rm");
            Add("fmul" + suffix, ext, 0x10000053 | fmt, "frd,frs1,frs2,rm");
            Add("fdiv" + suffix, ext, 0x18000053 | fmt, "frd,frs1,frs2,rm");
            Add("fsqrt" + suffix, ext, 0x58000053 | fmt, "frd,frs1,rm");
            Add("fsgnj" + suffix, ext, 0x20000053 | fmt, "frd,frs1,frs2");
            Add("fsgnjn" + suffix, ext, 0x20001053 | fmt, "frd,frs1,frs2");
            Add("fsgnjx" + suffix, ext, 0x20002053 | fmt, "frd,frs1,frs2");
            Add("fmin" + suffix, ext, 0x28000053 | fmt, "frd,frs1,frs2");
            Add("fmax" + suffix, ext, 0x28001053 | fmt, "frd,frs1,frs2");
            Add("feq" + suffix, ext, 0xA0002053 | fmt, "rd,frs1,frs2");
            Add("flt" + suffix, ext, 0xA0001053 | fmt, "rd,frs1,frs2");
            Add("fle" + suffix, ext, 0xA0000053 | fmt, "rd,frs1,frs2");
            Add("fclass" + suffix, ext, 0xE0001053 | fmt, "rd,frs1");
            Add("fcvt.w" + suffix, ext, 0xC0000053 | fmt, "rd,frs1,rm");
            Add("fcvt.wu" + suffix, ext, 0xC0100053 | fmt, "rd,frs1,rm");
            Add("fcvt.l" + suffix, ext, 0xC0200053 | fmt, "rd,frs1,rm");
            Add("fcvt.lu" + suffix, ext, 0xC0300053 | fmt, "rd,frs1,rm");
        }
        Add("fmv.x.w", F, 0xE0000053, "rd,frs1");
        Add("fmv.w.x", F, 0xF0000053, "frd,rs1");
        Add("fcvt.s.w", F, 0xD0000053, "frd,rs1,rm");
        Add("fcvt.s.wu", F, 0xD0100053, "frd,rs1,rm");
        Add("fcvt.s.l", F, 0xD0200053, "frd,rs1,rm");
        Add("fcvt.s.lu", F, 0xD0300053, "frd,rs1,rm");
        Add("fmv.x.d", D, 0xE2000053, "rd,frs1");
        Add("fmv.d.x", D, 0xF2000053, "frd,rs1");
        Add("fcvt.s.d", D, 0x40100053, "frd,frs1,rm");
        // Widening conversions are exact, so GNU binutils fixes their rounding-mode field to 0 and prints none.
        Add("fcvt.d.s", D, 0x42000053, "frd,frs1");
        Add("fcvt.d.w", D, 0xD2000053, "frd,rs1");
        Add("fcvt.d.wu", D, 0xD2100053, "frd,rs1");
        Add("fcvt.d.l", D, 0xD2200053, "frd,rs1,rm");
        Add("fcvt.d.lu", D, 0xD2300053, "frd,rs1,rm");

        // ---- C, quadrant 0 (the all-zero halfword is defined to be illegal: c.unimp)
        Add("c.unimp", C, 0x0000, "");
        Add("c.addi4spn", C, 0x0000, "c.rd',sp,c.imm4spn", IntMode);
        Add("c.cincoffset4cspn", X, 0x0000, "c.cd',csp,c.imm4spn", CapMode);
        Add("c.fld", C, 0x2000, "c.frd',c.doff(c.rs1')", IntMode);
        Add("c.clc", X, 0x2000, "c.cd',c.qoff(c.cs1')", CapMode);
        Add("c.lw", C, 0x4000, "c.rd',c.woff(c.rs1')");
        Add("c.ld", C, 0x6000, "c.rd',c.doff(c.rs1')");
        Add("c.fsd", C, 0xA000, "c.frs2',c.doff(c.rs1')", IntMode);
        Add("c.csc", X, 0xA000, "c.cs2',c.qoff(c.cs1')", CapMode);
        Add("c.sw", C, 0xC000, "c.rs2',c.woff(c.rs1')");
        Add("c.sd", C, 0xE000, "c.rs2',c.doff(c.rs1')");
        // ---- C, quadrant 1
        Add("c.addi", C, 0x0001, "c.rd,c.imm6");
        Add("c.addiw", C, 0x2001, "c.rd!0,c.imm6");
        Add("c.li", C, 0x4001, "c.rd,c.imm6");
        Add("c.addi16sp", C, 0x6101, "sp,c.imm16sp", IntMode);
        Add("c.cincoffset16csp", X, 0x6101, "csp,c.imm16sp", CapMode);
        Add("c.lui", C, 0x6001, "c.rd.lui,c.lui");
        // A zero shift amount is spelled c.srli64/c.srai64/c.slli64 (RV128 hints on RV64), as binutils does.
        Add("c.srli64", C, 0x8001, "c.rs1'");
        Add("c.srai64", C, 0x8401, "c.rs1'");
        Add("c.srli", C, 0x8001, "c.rs1',c.shamt");
        Add("c.srai", C, 0x8401, "c.rs1',c.shamt");
        Add("c.andi", C, 0x8801, "c.rs1',c.imm6");
        Add("c.sub", C, 0x8C01, "c.rs1',c.rs2'");
        Add("c.xor", C, 0x8C21, "c.rs1',c.rs2'");
        Add("c.or", C, 0x8C41, "c.rs1',c.rs2'");
        Add("c.and", C, 0x8C61, "c.rs1',c.rs2'");
        Add("c.subw", C, 0x9C01, "c.rs1',c.rs2'");
        Add("c.addw", C, 0x9C21, "c.rs1',c.rs2'");
        Add("c.j", C, 0xA001, "c.jimm");
        Add("c.beqz", C, 0xC001, "c.rs1',c.bimm");
        Add("c.bnez", C, 0xE001, "c.rs1',c.bimm");
        // ---- C, quadrant 2
        Add("c.slli64", C, 0x0002, "c.rd");
        Add("c.slli", C, 0x0002, "c.rd,c.shamt");
        Add("c.fldsp", C, 0x2002, "c.frd,c.ldsp(sp)", IntMode);
        Add("c.clccsp", X, 0x2002, "c.cd!0,c.lqsp(csp)", CapMode);
        Add("c.lwsp", C, 0x4002, "c.rd!0,c.lwsp(sp)");
        Add("c.ldsp", C, 0x6002, "c.rd!0,c.ldsp(sp)");
        Add("c.jr", C, 0x8002, "c.rd!0", IntMode);
        Add("c.cjr", X, 0x8002, "c.cd!0", CapMode);
        Add("c.mv", C, 0x8002, "c.rd,c.rs2!0");
        Add("c.ebreak", C, 0x9002, "");
        Add("c.jalr", C, 0x9002, "c.rd!0", IntMode);
        Add("c.cjalr", X, 0x9002, "c.cd!0", CapMode);
        Add("c.add", C, 0x9002, "c.rd,c.rs2!0");
        Add("c.fsdsp", C, 0xA002, "c.frs2,c.sdsp(sp)", IntMode);
        Add("c.csccsp", X, 0xA002, "c.cs2,c.sqsp(csp)", CapMode);
        Add("c.swsp", C, 0xC002, "c.rs2,c.swsp(sp)");
        Add("c.sdsp", C, 0xE002, "c.rs2,c.sdsp(sp)");

        // ---- Xcheri (cheri-riscv.md §3). 3.1 Inspection: two-operand class, rs2 selects.
        Add("cgetperm", X, Cheri2Op | 0x00u << 20, "rd,cs1");
        Add("cgettype", X, Cheri2Op | 0x01u << 20, "rd,cs1");
        Add("cgetbase", X, Cheri2Op | 0x02u << 20, "rd,cs1");
        Add("cgetlen", X, Cheri2Op | 0x03u << 20, "rd,cs1");
        Add("cgettag", X, Cheri2Op | 0x04u << 20, "rd,cs1");
        Add("cgetsealed", X, Cheri2Op | 0x05u << 20, "rd,cs1");
        Add("cgetoffset", X, Cheri2Op | 0x06u << 20, "rd,cs1");
        Add("cgetflags", X, Cheri2Op | 0x07u << 20, "rd,cs1");
        Add("crrl", X, Cheri2Op | 0x08u << 20, "rd,rs1");
        Add("cram", X, Cheri2Op | 0x09u << 20, "rd,rs1");
        Add("cmove", X, Cheri2Op | 0x0Au << 20, "cd,cs1");
        Add("ccleartag", X, Cheri2Op | 0x0Bu << 20, "cd,cs1");
        Add("jalr.cap", X, Cheri2Op | 0x0Cu << 20, "cd,cs1");
        Add("cclear", X, Cheri2Op | 0x0Eu << 20, "q,m8");
        Add("cgetaddr", X, Cheri2Op | 0x0Fu << 20, "rd,cs1");
        Add("fpclear", X, Cheri2Op | 0x10u << 20, "q,m8");
        Add("csealentry", X, Cheri2Op | 0x11u << 20, "cd,cs1");
        Add("cloadtags", X, Cheri2Op | 0x12u << 20, "rd,(cs1)");
        Add("jalr.pcc", X, Cheri2Op | 0x14u << 20, "rd,rs1");
        Add("cgethigh", X, Cheri2Op | 0x17u << 20, "rd,cs1");
        Add("cgettop", X, Cheri2Op | 0x18u << 20, "rd,cs1");
        // 3.2–3.5 Three-operand class, funct7 selects.
        Add("cspecialrw", X, Cheri3Op(0x01), "cd,scr,cs1");
        Add("csetbounds", X, Cheri3Op(0x08), "cd,cs1,rs2");
        Add("csetboundsexact", X, Cheri3Op(0x09), "cd,cs1,rs2");
        Add("cseal", X, Cheri3Op(0x0B), "cd,cs1,cs2");
        Add("cunseal", X, Cheri3Op(0x0C), "cd,cs1,cs2");
        Add("candperm", X, Cheri3Op(0x0D), "cd,cs1,rs2");
        Add("csetflags", X, Cheri3Op(0x0E), "cd,cs1,rs2");
        Add("csetoffset", X, Cheri3Op(0x0F), "cd,cs1,rs2");
        Add("csetaddr", X, Cheri3Op(0x10), "cd,cs1,rs2");
        Add("cincoffset", X, Cheri3Op(0x11), "cd,cs1,rs2");
        Add("ctoptr", X, Cheri3Op(0x12), "rd,cs1,cs2ddc");
        Add("cfromptr", X, Cheri3Op(0x13), "cd,cs1ddc,rs2");
        Add("csub", X, Cheri3Op(0x14), "rd,cs1,cs2");
        Add("csethigh", X, Cheri3Op(0x16), "cd,cs1,rs2");
        Add("cbuildcap", X, Cheri3Op(0x1D), "cd,cs1ddc,cs2");
        Add("ccopytype", X, Cheri3Op(0x1E), "cd,cs1,cs2");
        Add("ccseal", X, Cheri3Op(0x1F), "cd,cs1,cs2");
        Add("ctestsubset", X, Cheri3Op(0x20), "rd,cs1ddc,cs2");
        Add("cseqx", X, Cheri3Op(0x21), "rd,cs1,cs2");
        Add("cinvoke", X, 0xFC0000DB, "cs1,cs2");
        // Immediate forms (funct3 1 and 2); the register and immediate forms share a mnemonic, as in LLVM.
        Add("cincoffset", X, 0x0000105B, "cd,cs1,imm12");
        Add("csetbounds", X, 0x0000205B, "cd,cs1,uimm12");
        // 3.6 Explicit loads (funct7 0x7D, rs2 selects) and stores (funct7 0x7C, rd selects).
        string[] widths = ["b", "h", "w", "d"];
        for (var i = 0u; i < 4; i++)
        {
            Add($"l{widths[i]}.ddc", X, CheriLoad | i << 20, "rd,(rs1)");
            Add($"l{widths[i]}.cap", X, CheriLoad | (0x08 + i) << 20, "rd,(cs1)");
            Add($"lr.{widths[i]}.ddc", X, CheriLoad | (0x10 + i) << 20, "rd,(rs1)");
            Add($"lr.{widths[i]}.cap", X, CheriLoad | (0x18 + i) << 20, "rd,(cs1)");
            Add($"s{widths[i]}.ddc", X, CheriStore | i << 7, "rs2,(rs1)");
            Add($"s{widths[i]}.cap", X, CheriStore | (0x08 + i) << 7, "rs2,(cs1)");
            Add($"sc.{widths[i]}.ddc", X, CheriStore | (0x10 + i) << 7, "rs2,(rs1)");
            Add($"sc.{widths[i]}.cap", X, CheriStore | (0x18 + i) << 7, "rs2,(cs1)");
            if (i < 3)
            {
                Add($"l{widths[i]}u.ddc", X, CheriLoad | (0x04 + i) << 20, "rd,(rs1)");
                Add($"l{widths[i]}u.cap", X, CheriLoad | (0x0C + i) << 20, "rd,(cs1)");
            }
        }
        Add("lr.c.ddc", X, CheriLoad | 0x14u << 20, "cd,(rs1)");
        Add("lc.ddc", X, CheriLoad | 0x17u << 20, "cd,(rs1)");
        Add("lr.c.cap", X, CheriLoad | 0x1Cu << 20, "cd,(cs1)");
        Add("lc.cap", X, CheriLoad | 0x1Fu << 20, "cd,(cs1)");
        Add("sc.ddc", X, CheriStore | 0x04u << 7, "cs2,(rs1)");
        Add("sc.cap", X, CheriStore | 0x0Cu << 7, "cs2,(cs1)");
        Add("sc.c.ddc", X, CheriStore | 0x14u << 7, "cs2,(rs1)");
        Add("sc.c.cap", X, CheriStore | 0x1Cu << 7, "cs2,(cs1)");
        // 3.7 Standard opcodes reused: LQ/SQ as LC/SC, capability and byte/half LR/SC/AMOSWAP.
        Add("lc", X, 0x0000200F, "cd,imm12(rs1)");
        Add("sc", X, 0x00004023, "cs2,simm12(rs1)");
        Atomic("lr.c", X, 0x1000402F, "cd,(rs1)");
        Atomic("sc.c", X, 0x1800402F, "rd,cs2,(rs1)");
        Atomic("amoswap.c", X, 0x0800402F, "cd,cs2,(rs1)");
        Atomic("lr.b", X, 0x1000002F, "rd,(rs1)");
        Atomic("lr.h", X, 0x1000102F, "rd,(rs1)");
        Atomic("sc.b", X, 0x1800002F, "rd,rs2,(rs1)");
        Atomic("sc.h", X, 0x1800102F, "rd,rs2,(rs1)");
    }
}
