using Cvm.Assembly.Text;

namespace Cvm.Assembly.Tests;

/// <summary>
/// Xcheri encodings checked byte for byte against the facts in cheri-riscv.md §3: the LLVM MC examples quoted
/// there, and one instruction per row of the §3 tables built from its selector value (rs2 for the two-operand and
/// load classes, funct7 for three-operand, rd for stores, funct3 for the immediate forms).
/// </summary>
public sealed class XcheriEncodingTests
{
    internal static byte[] AssembleBytes(string source, AssemblerOptions? options = null)
    {
        var image = Linker.Link(TextAssembler.Assemble(source, "test.s", options), baseAddress: 0);
        return image.Sections.Single(s => s.Name == ".text").Data;
    }

    [Theory]
    [InlineData("cgetperm x1, c2", "db 00 01 fe")]
    [InlineData("lc.ddc c1,(x2)", "db 00 71 fb")]
    [InlineData("sc.cap c1,(c2)", "5b 06 11 f8")]
    [InlineData("ld.cap x1,(c2)", "db 00 b1 fa")]
    [InlineData("lc c1,3(x2)", "8f 20 31 00")]
    [InlineData("sc c1,3(x2)", "a3 41 11 00")]
    public void LlvmExamplesFromTheSpecNotes(string source, string bytes) => Assert.Equal(bytes, Spaced(AssembleBytes(source)));

    private static string Spaced(byte[] bytes) => string.Join(" ", bytes.Select(b => b.ToString("x2")));

    /// <summary>Encodings listed in CHERI LLVM's MC tests (rv32/rv64 xcheri-valid, cap-mode-only-valid), as facts.</summary>
    [Theory]
    [InlineData("cinvoke c1, c2", "db 80 20 fc")]
    [InlineData("cclear 1, 0x42", "5b 01 e5 fe")]
    [InlineData("fpclear 1, 0x42", "5b 01 05 ff")]
    [InlineData("jalr.cap c2", "db 00 c1 fe")]
    [InlineData("jr.cap c1", "5b 80 c0 fe")]
    [InlineData("ret.cap", "5b 80 c0 fe")]
    [InlineData("jr.pcc x1", "5b 80 40 ff")]
    [InlineData("ret.pcc", "5b 80 40 ff")]
    [InlineData("cspecialw uscratchc, c2", "5b 00 61 02")]
    [InlineData("cspecialrw c1, 0x6, c2", "db 00 61 02")]
    [InlineData("csetbounds c1, c2, 0xbd5", "db 20 51 bd")]
    [InlineData("csetboundsimm c1, c2, 0xbd5", "db 20 51 bd")]
    [InlineData("cincoffset c1, c2, -173", "db 10 31 f5")]
    [InlineData("csetequalexact x1, c2, c3", "db 00 31 42")]
    [InlineData("croundrepresentablelength x1, x2", "db 00 81 fe")]
    [InlineData("crepresentablealignmentmask x1, x2", "db 00 91 fe")]
    [InlineData("sb.ddc x1, (x2)", "5b 00 11 f8")]
    [InlineData("sw.cap x1, (c2)", "5b 05 11 f8")]
    [InlineData("cjalr c1, c2", "db 00 c1 fe")]
    public void LlvmMcEncodings(string source, string bytes) => Assert.Equal(bytes, Spaced(AssembleBytes(source)));

    [Theory]
    [InlineData("c.clccsp cra, 32(csp)", "82 30")]
    [InlineData("c.csccsp cra, 256(csp)", "06 a2")]
    [InlineData("c.clc ca2, 16(ca0)", "10 29")]
    [InlineData("c.csc ca5, 128(ca3)", "dc a2")]
    [InlineData("c.cldcsp ra, 40(csp)", "a2 70")]
    [InlineData("c.csdcsp ra, 256(csp)", "06 e2")]
    [InlineData("c.cld a2, 16(ca0)", "10 69")]
    [InlineData("c.csd a5, 128(ca3)", "dc e2")]
    [InlineData("clc ca2, 17(ca0)", "0f 26 15 01")]
    [InlineData("csc ca5, 25(ca3)", "a3 cc f6 00")]
    [InlineData("cld a2, 17(ca0)", "03 36 15 01")]
    [InlineData("ld a2, 17(ca0)", "03 36 15 01")]
    [InlineData("csd a5, 25(ca3)", "a3 bc f6 00")]
    [InlineData("clwu a2, 17(ca0)", "03 66 15 01")]
    [InlineData("clc ca2, (ca0)", "0f 26 05 00")]
    [InlineData("csc ca5, (ca3)", "23 c0 f6 00")]
    public void LlvmMcCapabilityModeEncodings(string source, string bytes) =>
        // Compressed: true only keeps a lone 16-bit instruction unpadded (2-byte code alignment); capability mode never
        // compresses on its own.
        Assert.Equal(bytes, Spaced(AssembleBytes(source, new AssemblerOptions(Compressed: true, CapabilityMode: true))));

    // Word layout from §3: f7<<25 | rs2<<20 | rs1<<15 | f3<<12 | rd<<7 | 0x5B; operands below are rd/cd = 3, rs1/cs1 = 4, rs2/cs2 = 5.
    private static uint Word(uint f7, uint rs2, uint rs1, uint f3, uint rd) => f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x5B;
    private static uint TwoOp(uint selector, uint rd = 3, uint rs1 = 4) => Word(0x7F, selector, rs1, 0, rd);
    private static uint ThreeOp(uint funct7, uint rd = 3, uint rs1 = 4, uint rs2 = 5) => Word(funct7, rs2, rs1, 0, rd);
    private static uint Load(uint selector) => Word(0x7D, selector, 4, 0, 3);
    private static uint Store(uint selector) => Word(0x7C, 5, 4, 0, selector);

    public static TheoryData<string, uint> SpecRows() => new()
    {
        // §3.1 inspection
        { "cgetperm x3, c4", TwoOp(0x00) }, { "cgettype x3, c4", TwoOp(0x01) }, { "cgetbase x3, c4", TwoOp(0x02) },
        { "cgetlen x3, c4", TwoOp(0x03) }, { "cgettag x3, c4", TwoOp(0x04) }, { "cgetsealed x3, c4", TwoOp(0x05) },
        { "cgetoffset x3, c4", TwoOp(0x06) }, { "cgetflags x3, c4", TwoOp(0x07) }, { "cgetaddr x3, c4", TwoOp(0x0F) },
        { "cgethigh x3, c4", TwoOp(0x17) }, { "cgettop x3, c4", TwoOp(0x18) },
        // §3.2 manipulation
        { "cmove c3, c4", TwoOp(0x0A) }, { "ccleartag c3, c4", TwoOp(0x0B) },
        { "csetaddr c3, c4, x5", ThreeOp(0x10) }, { "cincoffset c3, c4, x5", ThreeOp(0x11) },
        { "cincoffset c3, c4, -1", Word(0x7F, 0x1F, 4, 1, 3) },
        { "cincoffsetimm c3, c4, 16", Word(0, 16, 4, 1, 3) },
        { "csetoffset c3, c4, x5", ThreeOp(0x0F) }, { "csetbounds c3, c4, x5", ThreeOp(0x08) },
        { "csetboundsexact c3, c4, x5", ThreeOp(0x09) }, { "csetbounds c3, c4, 4095", Word(0x7F, 0x1F, 4, 2, 3) },
        { "csetboundsimm c3, c4, 32", Word(1, 0, 4, 2, 3) },
        { "candperm c3, c4, x5", ThreeOp(0x0D) }, { "csetflags c3, c4, x5", ThreeOp(0x0E) },
        { "csethigh c3, c4, x5", ThreeOp(0x16) }, { "ctoptr x3, c4, c5", ThreeOp(0x12) }, { "ctoptr x3, c4, ddc", ThreeOp(0x12, rs2: 0) },
        { "cfromptr c3, c4, x5", ThreeOp(0x13) }, { "cfromptr c3, ddc, x5", ThreeOp(0x13, rs1: 0) },
        { "csub x3, c4, c5", ThreeOp(0x14) }, { "crrl x3, x4", TwoOp(0x08) }, { "cram x3, x4", TwoOp(0x09) },
        { "ctestsubset x3, c4, c5", ThreeOp(0x20) }, { "ctestsubset x3, ddc, c5", ThreeOp(0x20, rs1: 0) },
        { "cseqx x3, c4, c5", ThreeOp(0x21) }, { "cbuildcap c3, c4, c5", ThreeOp(0x1D) }, { "cbuildcap c3, ddc, c5", ThreeOp(0x1D, rs1: 0) },
        // §3.3 sealing
        { "cseal c3, c4, c5", ThreeOp(0x0B) }, { "cunseal c3, c4, c5", ThreeOp(0x0C) }, { "csealentry c3, c4", TwoOp(0x11) },
        { "ccopytype c3, c4, c5", ThreeOp(0x1E) }, { "ccseal c3, c4, c5", ThreeOp(0x1F) },
        // §3.4 control flow
        { "jalr.cap c3, c4", TwoOp(0x0C) }, { "jalr.pcc x3, x4", TwoOp(0x14) }, { "cinvoke c4, c5", Word(0x7E, 5, 4, 0, 1) },
        // §3.5 special registers and clearing
        { "cspecialrw c3, mtcc, c4", Word(0x01, 28, 4, 0, 3) }, { "cspecialrw c3, ddc, cnull", Word(0x01, 1, 0, 0, 3) },
        { "cspecialr c3, mepcc", Word(0x01, 31, 0, 0, 3) }, { "cspecialw mscratchc, c4", Word(0x01, 30, 4, 0, 0) },
        { "cspecialrw c3, pcc, c0", Word(0x01, 0, 0, 0, 3) }, { "cspecialrw c3, 29, c4", Word(0x01, 29, 4, 0, 3) },
        { "cclear 2, 0xa5", Word(0x7F, 0x0E, 2 << 3 | 0xa5 >> 5, 0, 0xa5 & 0x1F) },
        { "fpclear 1, 0x01", Word(0x7F, 0x10, 1 << 3, 0, 1) }, { "cloadtags x3, (c4)", TwoOp(0x12) },
        // §3.6 explicit loads (rs2 selects) and stores (rd selects)
        { "lb.ddc x3, (x4)", Load(0x00) }, { "lh.ddc x3, (x4)", Load(0x01) }, { "lw.ddc x3, (x4)", Load(0x02) }, { "ld.ddc x3, (x4)", Load(0x03) },
        { "lbu.ddc x3, (x4)", Load(0x04) }, { "lhu.ddc x3, (x4)", Load(0x05) }, { "lwu.ddc x3, (x4)", Load(0x06) },
        { "lb.cap x3, (c4)", Load(0x08) }, { "lh.cap x3, (c4)", Load(0x09) }, { "lw.cap x3, (c4)", Load(0x0A) }, { "ld.cap x3, (c4)", Load(0x0B) },
        { "lbu.cap x3, (c4)", Load(0x0C) }, { "lhu.cap x3, (c4)", Load(0x0D) }, { "lwu.cap x3, (c4)", Load(0x0E) },
        { "lr.b.ddc x3, (x4)", Load(0x10) }, { "lr.h.ddc x3, (x4)", Load(0x11) }, { "lr.w.ddc x3, (x4)", Load(0x12) },
        { "lr.d.ddc x3, (x4)", Load(0x13) }, { "lr.c.ddc c3, (x4)", Load(0x14) }, { "lc.ddc c3, (x4)", Load(0x17) },
        { "lr.b.cap x3, (c4)", Load(0x18) }, { "lr.h.cap x3, (c4)", Load(0x19) }, { "lr.w.cap x3, (c4)", Load(0x1A) },
        { "lr.d.cap x3, (c4)", Load(0x1B) }, { "lr.c.cap c3, (c4)", Load(0x1C) }, { "lc.cap c3, (c4)", Load(0x1F) },
        { "sb.ddc x5, (x4)", Store(0x00) }, { "sh.ddc x5, (x4)", Store(0x01) }, { "sw.ddc x5, (x4)", Store(0x02) }, { "sd.ddc x5, (x4)", Store(0x03) },
        { "sc.ddc c5, (x4)", Store(0x04) }, { "sb.cap x5, (c4)", Store(0x08) }, { "sh.cap x5, (c4)", Store(0x09) },
        { "sw.cap x5, (c4)", Store(0x0A) }, { "sd.cap x5, (c4)", Store(0x0B) }, { "sc.cap c5, (c4)", Store(0x0C) },
        { "sc.b.ddc x5, (x4)", Store(0x10) }, { "sc.h.ddc x5, (x4)", Store(0x11) }, { "sc.w.ddc x5, (x4)", Store(0x12) },
        { "sc.d.ddc x5, (x4)", Store(0x13) }, { "sc.c.ddc c5, (x4)", Store(0x14) },
        { "sc.b.cap x5, (c4)", Store(0x18) }, { "sc.h.cap x5, (c4)", Store(0x19) }, { "sc.w.cap x5, (c4)", Store(0x1A) },
        { "sc.d.cap x5, (c4)", Store(0x1B) }, { "sc.c.cap c5, (c4)", Store(0x1C) },
        // §3.7 standard opcodes reused: AMO funct3 100 with funct5 00010 / 00011 / 00001; LR/SC.B/H on funct3 000/001.
        { "lr.c c3, (x4)", 0b00010u << 27 | 4 << 15 | 4 << 12 | 3 << 7 | 0x2F },
        { "sc.c x3, c5, (x4)", 0b00011u << 27 | 5 << 20 | 4 << 15 | 4 << 12 | 3 << 7 | 0x2F },
        { "amoswap.c.aqrl c3, c5, (x4)", 0b00001u << 27 | 3 << 25 | 5 << 20 | 4 << 15 | 4 << 12 | 3 << 7 | 0x2F },
        { "lr.b x3, (x4)", 0b00010u << 27 | 4 << 15 | 0 << 12 | 3 << 7 | 0x2F },
        { "sc.h.rl x3, x5, (x4)", 0b00011u << 27 | 1 << 25 | 5 << 20 | 4 << 15 | 1 << 12 | 3 << 7 | 0x2F },
        { "lc c3, -16(x4)", 0xFF0u << 20 | 4 << 15 | 2 << 12 | 3 << 7 | 0x0F },
        { "sc c5, 32(x4)", 1u << 25 | 5 << 20 | 4 << 15 | 4 << 12 | 0 << 7 | 0x23 },
    };

    [Theory]
    [MemberData(nameof(SpecRows))]
    public void EveryRowOfTheSpecTablesEncodesAsSpecified(string source, uint expected) =>
        Assert.Equal(expected.ToString("x8"), BitConverter.ToUInt32(AssembleBytes(source)).ToString("x8"));

    [Fact]
    public void CapabilityModeReinterpretsStandardAndCompressedOpcodes()
    {
        var bytes = AssembleBytes("""
            .option capmode
            cjalr cra, 0(ca0)
            auipcc ca1, 0x10
            clc ca2, 32(csp)
            csc ca2, -16(csp)
            c.clc ca0, 16(ca1)
            c.csc ca0, 32(ca1)
            c.clccsp cra, 48(csp)
            c.csccsp cra, 64(csp)
            c.cincoffset16csp csp, -32
            c.cincoffset4cspn ca0, csp, 8
            c.cjalr ca0
            c.cjr cra
            """);
        Assert.Equal(
            "e7000500" + "97050100" + "0f260102" + "2348c1fe" + "8829" + "88b1" + "c230" + "86a0" + "3d71" + "2800" + "0295" + "8280",
            Convert.ToHexString(bytes).ToLowerInvariant());
    }

    [Fact]
    public void CapabilityModeFormsNeedTheDirective()
    {
        var error = Assert.Throws<AssemblyException>(() => TextAssembler.Assemble("cjalr cra, 0(ca0)\nc.clc ca0, 16(ca1)\n", "t.s"));
        Assert.All(error.Diagnostics, d => Assert.Contains(".option capmode", d.Message));
        Assert.Equal(2, error.Diagnostics.Count);
    }

    [Theory]
    [InlineData("03 36 15 01", "ld\ta2,17(ca0)")]
    [InlineData("0f 26 15 01", "clc\tca2,17(ca0)")]
    [InlineData("a2 70", "c.ldsp\tra,40(csp)")]
    [InlineData("82 30", "c.clccsp\tcra,32(csp)")]
    [InlineData("e7 00 05 00", "cjalr\tcra,0(ca0)")]
    public void CapabilityModeDisassemblyUsesCapabilityBases(string bytes, string text) =>
        Assert.Equal(text, Disassembler.Decode(Convert.FromHexString(bytes.Replace(" ", "", StringComparison.Ordinal)), 0,
            new DisassemblyOptions(CapabilityMode: true)).Text);
}
