using System.Buffers.Binary;
using System.Text;
using Cvm.Testing;

namespace Cvm.Conformance.Tests;

/// <summary>
/// Seeded random instruction streams (<see cref="RandomProgramGenerator"/>), batched many programs to an ELF: the
/// final registers, fcsr and scratch memory of every program under <c>cvm exec</c> must equal qemu-riscv64's.
/// CI runs 1,000 integer (RV64IMAC) and 500 floating-point (RV64FD) programs; CVM_LONG_TESTS=1 runs 20,000.
/// </summary>
public sealed class RandomProgramTests
{
    private const int ProgramsPerBatch = 100;
    private const int IntegerInstructions = 200;
    private const int FloatInstructions = 150;

    private static bool LongMode => Environment.GetEnvironmentVariable("CVM_LONG_TESTS") == "1";

    public static TheoryData<RandomFamily, int> Batches()
    {
        var (integerBatches, floatBatches) = LongMode ? (150, 50) : (10, 5);
        var data = new TheoryData<RandomFamily, int>();
        for (var batch = 0; batch < integerBatches; batch++)
        {
            data.Add(RandomFamily.Integer, batch);
        }
        for (var batch = 0; batch < floatBatches; batch++)
        {
            data.Add(RandomFamily.FloatingPoint, batch);
        }
        return data;
    }

    /// <summary>Seeds differ per family and batch and never change, so a failure names a reproducible program.</summary>
    private static ulong Seed(RandomFamily family, int batch) => (family == RandomFamily.Integer ? 0x1_0000UL : 0x2_0000UL) + (ulong)batch;

    private static RandomBatch Generate(RandomFamily family, int batch) =>
        RandomProgramGenerator.Generate(family, Seed(family, batch), ProgramsPerBatch,
            family == RandomFamily.Integer ? IntegerInstructions : FloatInstructions);

    internal static (RandomBatch Batch, string Elf) Build(RandomFamily family, int batch)
    {
        var generated = Generate(family, batch);
        var source = GuestBuilder.WriteGeneratedSource($"random-{family}-{generated.Seed:x}", ".S", generated.Source);
        return (generated, GuestBuilder.Build(GuestFlavor.Assembly, source));
    }

    [Fact]
    public void Generator_is_deterministic_per_seed_and_varies_between_seeds()
    {
        var first = RandomProgramGenerator.Generate(RandomFamily.Integer, 42, 3, 50);
        var again = RandomProgramGenerator.Generate(RandomFamily.Integer, 42, 3, 50);
        var other = RandomProgramGenerator.Generate(RandomFamily.Integer, 43, 3, 50);
        Assert.Equal(first.Source, again.Source);
        Assert.NotEqual(first.Source, other.Source);
        Assert.NotEqual(first.ProgramBodies[0], first.ProgramBodies[1]);
    }

    [Fact]
    public void Random_code_never_touches_the_registers_the_harness_keeps()
    {
        // ra, sp, gp and tp never appear; s11 (x27) only as the scratch base added into an address register.
        foreach (var family in new[] { RandomFamily.Integer, RandomFamily.FloatingPoint })
        {
            var batch = RandomProgramGenerator.Generate(family, 7, 20, 300);
            foreach (var line in batch.ProgramBodies.SelectMany(b => b.Split('\n', StringSplitOptions.TrimEntries)))
            {
                var operands = line.Split(' ', 2) is [_, var rest] ? rest.Split(',', StringSplitOptions.TrimEntries) : [];
                Assert.DoesNotContain(operands, operand => operand is "x1" or "x2" or "x3" or "x4" || operand.EndsWith("(x27)", StringComparison.Ordinal));
                if (operands.Contains("x27") || operands.Contains("s11"))
                {
                    Assert.Matches(@"^add x\d+, x\d+, s11$", line);
                }
            }
        }
    }

    [Theory]
    [InlineData(RandomFamily.Integer, 7, 8 * 10, "x10 (a0)")]
    [InlineData(RandomFamily.FloatingPoint, 3, 256 + 8 * 3, "f3")]
    [InlineData(RandomFamily.FloatingPoint, 0, 512, "fcsr")]
    [InlineData(RandomFamily.FloatingPoint, 99, 520 + 0x28, "scratch memory at +0x28")]
    [InlineData(RandomFamily.Integer, 12, 256 + 0xf8, "scratch memory at +0xf8")]
    public void A_mismatch_is_reported_by_program_and_register(RandomFamily family, int program, int offset, string field)
    {
        var batch = RandomProgramGenerator.Generate(family, 1, ProgramsPerBatch, 1);
        var expected = new byte[ProgramsPerBatch * batch.RecordSize];
        var actual = (byte[])expected.Clone();
        actual[program * batch.RecordSize + offset] = 0x5a;
        actual[^1] = 0x77; // a later difference must not be the one reported
        var difference = FirstDifference(batch, expected, actual);
        Assert.Equal(new Difference(program, field, "0x0000000000000000", "0x000000000000005a"), difference);
        Assert.Null(FirstDifference(batch, expected, (byte[])expected.Clone()));
        Assert.Equal("output length", FirstDifference(batch, expected, expected[..^8])?.Field);
    }

    [Fact]
    public void Generated_programs_cover_every_instruction_kind()
    {
        var integer = string.Concat(RandomProgramGenerator.Generate(RandomFamily.Integer, Seed(RandomFamily.Integer, 0), ProgramsPerBatch, IntegerInstructions).ProgramBodies);
        string[] integerKinds =
            ["add ", "sub ", "sll ", "slt ", "sltu ", "xor ", "srl ", "sra ", "or ", "and ", "addw ", "subw ", "sllw ", "srlw ", "sraw ",
             "mul ", "mulh ", "mulhsu ", "mulhu ", "mulw ", "div ", "divu ", "rem ", "remu ", "divw ", "divuw ", "remw ", "remuw ",
             "addi ", "slti ", "sltiu ", "xori ", "ori ", "andi ", "addiw ", "slli ", "srli ", "srai ", "slliw ", "srliw ", "sraiw ",
             "lui ", "auipc ", "lb ", "lbu ", "lh ", "lhu ", "lw ", "lwu ", "ld ", "sb ", "sh ", "sw ", "sd ",
             "amoswap.w", "amoadd.d", "amoand.", "amoor.", "amoxor.", "amomin.", "amomax.", "amominu.", "amomaxu.",
             "lr.w ", "lr.d ", "sc.w ", "sc.d ", "beq ", "bne ", "blt ", "bge ", "bltu ", "bgeu ", "jal ", "jalr "];
        Assert.All(integerKinds, kind => Assert.Contains("    " + kind, integer, StringComparison.Ordinal));

        var floating = string.Concat(RandomProgramGenerator.Generate(RandomFamily.FloatingPoint, Seed(RandomFamily.FloatingPoint, 0), ProgramsPerBatch, FloatInstructions).ProgramBodies);
        string[] floatKinds =
            ["fadd.s", "fsub.d", "fmul.s", "fdiv.d", "fsqrt.s", "fsqrt.d", "fmadd.d", "fmsub.s", "fnmsub.d", "fnmadd.s", "fmin.d", "fmax.s",
             "fsgnj.s", "fsgnjn.d", "fsgnjx.s", "feq.d", "flt.s", "fle.d", "fclass.s", "fclass.d", "fcvt.w.s", "fcvt.wu.d", "fcvt.l.s",
             "fcvt.lu.d", "fcvt.s.w", "fcvt.d.wu", "fcvt.s.l", "fcvt.d.lu", "fcvt.s.d", "fcvt.d.s", "fmv.x.w", "fmv.x.d", "fmv.w.x",
             "fmv.d.x", "flw ", "fld ", "fsw ", "fsd ", ", rne", ", rtz", ", rdn", ", rup", ", rmm", ", dyn"];
        Assert.All(floatKinds, kind => Assert.Contains(kind, floating, StringComparison.Ordinal));
    }

    /// <summary>The retired-instruction count of a whole batch equals qemu-riscv64's (see <see cref="GuestRunners.QemuRetiredInstructions"/>).</summary>
    [ReferenceTheory("riscv64-unknown-elf-gcc", "riscv64-unknown-elf-objdump", "qemu-riscv64")]
    [InlineData(RandomFamily.Integer, 0)]
    [InlineData(RandomFamily.FloatingPoint, 0)]
    public void Instruction_count_matches_qemu_on_random_programs(RandomFamily family, int batch)
    {
        var (generated, elf) = Build(family, batch);
        var expected = GuestRunners.QemuRetiredInstructions(elf);
        var run = GuestRunners.Emulator(elf);
        Assert.True(run.Report?.Instructions == expected,
            $"{family} random programs, seed 0x{generated.Seed:x}: qemu-riscv64 retired {expected} instructions, cvm exec reports {run.Report?.Instructions}\n{GuestComparison.DescribeEmulatorRun(run)}");
    }

    [ReferenceTheory("riscv64-unknown-elf-gcc", "qemu-riscv64")]
    [MemberData(nameof(Batches))]
    public void Random_programs_run_under_qemu(RandomFamily family, int batch)
    {
        var (generated, elf) = Build(family, batch);
        var run = GuestRunners.Qemu(elf);
        Assert.True(run.ExitCode == 0, $"seed 0x{generated.Seed:x}: qemu-riscv64 exit status {run.ExitCode}\n{run.Stderr}");
        Assert.Equal(ProgramsPerBatch * generated.RecordSize, run.Stdout.Length);
    }

    [ReferenceTheory("riscv64-unknown-elf-gcc", "qemu-riscv64")]
    [MemberData(nameof(Batches))]
    public void Emulator_matches_qemu_on_random_programs(RandomFamily family, int batch)
    {
        var (generated, elf) = Build(family, batch);
        var expected = GuestRunners.Qemu(elf);
        var actual = GuestRunners.Emulator(elf);
        if (FirstDifference(generated, expected.Stdout, actual.Stdout) is { } difference)
        {
            Assert.Fail($"{family} random programs, seed 0x{generated.Seed:x}: {difference}\n{GuestComparison.DescribeEmulatorRun(actual)}" +
                        ProgramListing(generated, elf, difference.Program));
        }
        GuestComparison.AssertSameBehaviour($"{family} random programs, seed 0x{generated.Seed:x}", expected, actual);
    }

    internal sealed record Difference(int Program, string Field, string Expected, string Actual)
    {
        public override string ToString() => $"program {Program}: {Field} is {Actual} under cvm exec, {Expected} under qemu-riscv64";
    }

    internal static Difference? FirstDifference(RandomBatch batch, byte[] expected, byte[] actual)
    {
        for (var program = 0; program < ProgramsPerBatch; program++)
        {
            var start = program * batch.RecordSize;
            if (actual.Length < start + batch.RecordSize || expected.Length < start + batch.RecordSize)
            {
                return actual.Length == expected.Length
                    ? null
                    : new Difference(program, "output length", $"{expected.Length} bytes", $"{actual.Length} bytes");
            }
            for (var offset = 0; offset < batch.RecordSize; offset += 8)
            {
                var e = BinaryPrimitives.ReadUInt64LittleEndian(expected.AsSpan(start + offset));
                var a = BinaryPrimitives.ReadUInt64LittleEndian(actual.AsSpan(start + offset));
                if (e != a)
                {
                    return new Difference(program, FieldName(batch, offset), $"0x{e:x16}", $"0x{a:x16}");
                }
            }
        }
        return null;
    }

    private static readonly string[] AbiNames =
        ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
         "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"];

    private static string FieldName(RandomBatch batch, int offset)
    {
        if (offset >= batch.ScratchOffset)
        {
            return $"scratch memory at +0x{offset - batch.ScratchOffset:x}";
        }
        if (offset < RandomBatch.FloatRegistersOffset)
        {
            return $"x{offset / 8} ({AbiNames[offset / 8]})";
        }
        return offset == RandomBatch.FcsrOffset ? "fcsr" : $"f{(offset - RandomBatch.FloatRegistersOffset) / 8}";
    }

    private static string ProgramListing(RandomBatch batch, string elf, int program)
    {
        var text = new StringBuilder();
        text.AppendLine($"Generated source of program {program} (after its registers are loaded):");
        text.Append(batch.ProgramBodies[program]);
        var disassembly = ReferenceTools.Find("riscv64-unknown-elf-objdump") is null
            ? null
            : ReferenceTools.Run("riscv64-unknown-elf-objdump", ["-d", $"--disassemble=program_{program}", elf]);
        if (disassembly is { ExitCode: 0 })
        {
            text.AppendLine("Disassembly (riscv64-unknown-elf-objdump):");
            text.Append(disassembly.StandardOutputText);
        }
        return text.ToString();
    }
}
