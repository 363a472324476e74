using Cvm.Assembly;
using Cvm.Assembly.Text;
using Cvm.Cheri;
using Cvm.Machine.Memory;
using Cvm.Testing;

namespace Cvm.Machine.Tests.Cheri;

/// <summary>
/// One hybrid program written twice — with Xcheri mnemonics for cvm's assembler, and with GNU <c>.insn</c>
/// directives for <c>riscv64-unknown-elf-as</c> — which must assemble to the same bytes; each build then runs in
/// integer mode under a DDC bounded to its data and a PCC bounded to its code, and faults exactly where expected.
/// </summary>
public sealed class GnuAssembledProgramTests
{
    private const ulong DataBase = TestMachine.DataBase;

    /// <summary>
    /// s0 selects the ending: 1 stores one past DDC's top, 2 loads past a bounded capability, 3 jumps outside
    /// PCC, anything else runs off the end of PCC. {0}–{6} are the Xcheri instructions, spelled per assembler.
    /// </summary>
    private const string Template = """
            .text
            .globl _start
        _start:
            li t0, 0x100000
            li t1, 42
            sd t1, 0(t0)
            ld a0, 0(t0)
            {0}
            {1}
            li t3, 16
            {2}
            {3}
            {4}
            li t0, 1
            beq s0, t0, ddc_fault
            li t0, 2
            beq s0, t0, cap_fault
            li t0, 3
            beq s0, t0, pcc_fault
            j run_off
        ddc_fault:
            li t1, 0x100100
        ddc_fault_at:
            sd t1, -4(t1)
        cap_fault:
            {5}
        cap_fault_at:
            {6}
        pcc_fault:
            la t1, outside
        pcc_fault_at:
            jalr t1
        run_off:
            nop
        code_end:
            nop
        outside:
            ebreak
        """;

    private static readonly string[] Mnemonics =
    [
        "cspecialr c1, ddc",
        "csetaddr c1, c1, t0",
        "csetbounds c1, c1, t3",
        "ld.cap a1, (c1)",
        "cgetlen a2, c1",
        "cincoffset c1, c1, 14",
        "lw.cap a3, (c1)",
    ];

    /// <summary>The same instructions as GNU <c>.insn</c> directives (cheri-riscv.md §3 encodings).</summary>
    private static readonly string[] InsnDirectives =
    [
        ".insn r 0x5B, 0, 0x01, x1, x0, x1",   // CSpecialRW c1, scr 1 (DDC), c0
        ".insn r 0x5B, 0, 0x10, x1, x1, x5",   // CSetAddr
        ".insn r 0x5B, 0, 0x08, x1, x1, x28",  // CSetBounds
        ".insn r 0x5B, 0, 0x7D, x11, x1, x11", // ld.cap (load selector 0x0B)
        ".insn r 0x5B, 0, 0x7F, x12, x1, x3",  // CGetLen (two-operand selector 3)
        ".insn i 0x5B, 1, x1, x1, 14",          // CIncOffsetImm
        ".insn r 0x5B, 0, 0x7D, x13, x1, x10", // lw.cap (load selector 0x0A)
    ];

    private static string Source(string[] instructions) => string.Format(Template, instructions);

    private static (byte[] Code, LinkedImage Image) AssembleWithCvm()
    {
        var image = Linker.Link(TextAssembler.Assemble(Source(Mnemonics), "hybrid.s"));
        var text = image.Sections.Single(section => section.Data.Length > 0);
        Assert.Equal(LinkedImage.DefaultBaseAddress, text.Address);
        return (text.Data.ToArray(), image);
    }

    private static byte[] AssembleWithGnu()
    {
        var directory = Directory.CreateTempSubdirectory("cvm-gnu-as-");
        try
        {
            var source = Path.Combine(directory.FullName, "hybrid.s");
            File.WriteAllText(source, Source(InsnDirectives));
            var objectFile = Path.Combine(directory.FullName, "hybrid.o");
            var elf = Path.Combine(directory.FullName, "hybrid.elf");
            var binary = Path.Combine(directory.FullName, "hybrid.bin");
            Check(ReferenceTools.Run("riscv64-unknown-elf-as", ["-march=rv64g", "-mno-relax", "-o", objectFile, source]));
            Check(ReferenceTools.Run("riscv64-unknown-elf-ld", ["--no-relax", $"-Ttext=0x{LinkedImage.DefaultBaseAddress:x}", "-o", elf, objectFile]));
            Check(ReferenceTools.Run("riscv64-unknown-elf-objcopy", ["-O", "binary", "-j", ".text", elf, binary]));
            return File.ReadAllBytes(binary);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void Check(ProcessResult result) => Assert.True(result.ExitCode == 0, result.StandardError);

    /// <summary>Runs <paramref name="code"/> from 0x10000 with s0 = <paramref name="ending"/> under a DDC bounded to the 256 data bytes and a PCC bounded to [_start, code_end).</summary>
    private static Trap RunConfined(byte[] code, LinkedImage symbols, ulong ending)
    {
        using var memory = new TaggedMemory(16 << 20);
        memory.Map(TestMachine.CodeBase, 0x10000);
        memory.Map(DataBase, TestMachine.DataSize);
        Assert.True(memory.TryWrite(LinkedImage.DefaultBaseAddress, code));
        var traps = new StopOnTrap();
        var start = Symbol(symbols, "_start");
        var hart = new Hart(memory) { TrapHandler = traps };
        hart.SetDataCapability(Capability.Root.SetAddress(DataBase).SetBoundsExact(0x100));
        hart.Pcc = Capability.Root.SetAddress(start).SetBoundsExact(Symbol(symbols, "code_end") - start);
        hart.SetRegister(8, ending);
        Assert.Equal(StopReason.Stopped, hart.Run(1000));
        Assert.Equal(42UL, hart.GetRegister(10));
        Assert.Equal(42UL, hart.GetRegister(11));
        Assert.Equal(16UL, hart.GetRegister(12));
        return Assert.Single(traps.Traps);
    }

    private static ulong Symbol(LinkedImage image, string name) => image.Symbols.Single(symbol => symbol.Name == name).Address;

    public static TheoryData<ulong, string, ulong> Endings => new()
    {
        { 1, "ddc_fault_at", 0x421 },
        { 2, "cap_fault_at", 1 << 5 | 0x01 },
        { 3, "pcc_fault_at", 0x401 },
        { 4, "code_end", 0x401 },
    };

    [ReferenceTheory("riscv64-unknown-elf-as", "riscv64-unknown-elf-ld", "riscv64-unknown-elf-objcopy")]
    [MemberData(nameof(Endings))]
    public void Both_builds_are_identical_and_fault_exactly_where_expected(ulong ending, string label, ulong mtval)
    {
        var (cvmCode, image) = AssembleWithCvm();
        var gnuCode = AssembleWithGnu();
        Assert.Equal(Convert.ToHexString(gnuCode), Convert.ToHexString(cvmCode));
        foreach (var code in new[] { cvmCode, gnuCode })
        {
            var trap = RunConfined(code, image, ending);
            Assert.Equal(TrapCause.Cheri, trap.Cause);
            Assert.Equal($"0x{mtval:x}", $"0x{trap.Value:x}");
            Assert.Equal(Symbol(image, label), trap.Pc);
        }
    }
}
