using System.Globalization;
using System.Text;

namespace Cvm.Conformance.Tests;

/// <summary>Which instructions a random program draws from.</summary>
public enum RandomFamily
{
    /// <summary>RV64IMAC: integer arithmetic, multiply/divide, loads/stores, AMOs, LR/SC, branches and jumps.</summary>
    Integer,
    /// <summary>RV64FD (with some integer instructions): arithmetic in every rounding mode, conversions, moves, loads/stores.</summary>
    FloatingPoint,
}

/// <summary>One assembled batch of random programs: the source and where each program's record lies in the output.</summary>
public sealed record RandomBatch(RandomFamily Family, ulong Seed, string Source, IReadOnlyList<string> ProgramBodies, int RecordSize)
{
    /// <summary>Offsets inside one record (see <see cref="RandomProgramGenerator"/>).</summary>
    public const int IntegerRegistersOffset = 0;
    public const int FloatRegistersOffset = 256;
    public const int FcsrOffset = 512;
    public int ScratchOffset => Family == RandomFamily.Integer ? 256 : 520;
    public const int ScratchSize = 256;
}

/// <summary>
/// A seeded generator of random straight-line RISC-V programs (with forward branches and jumps) for differential
/// testing. Many programs are batched into one ELF: each is a function that loads every register with an
/// interesting value, runs a few hundred random instructions, and stores its final state into its own record
/// (x0–x31, for the floating-point family also f0–f31 and fcsr, then the program's 256-byte scratch buffer);
/// the program finally writes all records to stdout with write(1, …) and exits 0.
/// <para>
/// Registers the harness needs are never written by random code: ra (x1, the return address), sp, gp, tp and s11
/// (x27, the scratch buffer's address); their record slots hold zero. Memory accesses go to the scratch buffer at
/// masked offsets (misaligned ones included), so every program is deterministic under any correct implementation.
/// </para>
/// </summary>
public sealed class RandomProgramGenerator
{
    private const int ScratchBase = 27;
    private static readonly int[] WritableRegisters = [0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31];
    private static readonly int[] LoadedRegisters = WritableRegisters.Where(r => r != 0).ToArray();

    private static readonly string[] IntegerRegisterOps =
        ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and", "addw", "subw", "sllw", "srlw", "sraw",
         "mul", "mulh", "mulhsu", "mulhu", "mulw", "div", "divu", "rem", "remu", "divw", "divuw", "remw", "remuw"];
    private static readonly string[] IntegerImmediateOps = ["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"];
    private static readonly string[] ShiftImmediateOps = ["slli", "srli", "srai"];
    private static readonly string[] ShiftWordImmediateOps = ["slliw", "srliw", "sraiw"];
    private static readonly (string Op, int Size)[] Loads = [("lb", 1), ("lbu", 1), ("lh", 2), ("lhu", 2), ("lw", 4), ("lwu", 4), ("ld", 8)];
    private static readonly (string Op, int Size)[] Stores = [("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)];
    private static readonly string[] AmoOps = ["amoswap", "amoadd", "amoand", "amoor", "amoxor", "amomin", "amomax", "amominu", "amomaxu"];
    private static readonly string[] Branches = ["beq", "bne", "blt", "bge", "bltu", "bgeu"];
    private static readonly string[] RoundingModes = ["rne", "rtz", "rdn", "rup", "rmm", "dyn"];

    private static readonly ulong[] InterestingIntegers =
        [0, 1, 2, ulong.MaxValue, ulong.MaxValue - 1, 0x8000000000000000, 0x7fffffffffffffff, 0xffffffff80000000, 0x7fffffff,
         0x80000000, 0xffffffff, 0x100000000, 0x5555555555555555, 0xaaaaaaaaaaaaaaaa, 0xff, 0x8000, 0xffffffffffff8000, 3, 10];

    private static readonly ulong[] InterestingDoubles =
        [0, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0x7ff0000000000000, 0xfff0000000000000,
         0x7ff8000000000000, 0x7ff0000000000001, 0x7ff4000000000000, 0xfff8000000000123, 0x7fefffffffffffff, 0x0010000000000000,
         0x000fffffffffffff, 0x0000000000000001, 0x8000000000000001, 0x3fe0000000000000, 0x4330000000000000, 0x43e0000000000000,
         0xc3e0000000000000, 0x41e0000000000000, 0x41dfffffffe00000, 0x3ca0000000000000, 0x4000000000000000];

    /// <summary>binary32 specials; NaN-boxed (upper 32 bits all ones) unless the generator leaves one unboxed on purpose.</summary>
    private static readonly uint[] InterestingSingles =
        [0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0x7fa00000, 0x7f7fffff,
         0x00800000, 0x007fffff, 0x00000001, 0x3f000000, 0x4b000000, 0x4f000000, 0xcf000000, 0x5f000000, 0x33800000];

    private readonly SplitMix64 random;
    private readonly RandomFamily family;
    private readonly StringBuilder body = new();

    private RandomProgramGenerator(RandomFamily family, ulong seed)
    {
        this.family = family;
        random = new SplitMix64(seed);
    }

    /// <summary>Generates a batch of <paramref name="programCount"/> programs of <paramref name="instructions"/> random instructions each.</summary>
    public static RandomBatch Generate(RandomFamily family, ulong seed, int programCount, int instructions)
    {
        var generator = new RandomProgramGenerator(family, seed);
        var recordSize = family == RandomFamily.Integer ? 256 + RandomBatch.ScratchSize : 520 + RandomBatch.ScratchSize;
        var text = new StringBuilder();
        var data = new StringBuilder();
        var bodies = new List<string>();
        text.AppendLine(CultureInfo.InvariantCulture, $"/* Random {family} programs, seed {seed}: generated by CvmSdk's conformance tests. */");
        text.AppendLine("    .text\n    .globl _start\n_start:\n    .option push\n    .option norelax\n    la gp, __global_pointer$\n    .option pop");
        for (var p = 0; p < programCount; p++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    call program_{p}");
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"""
                /* write(1, records, size), repeated until everything is written; then exit(0) */
                la a1, records
                li a2, {programCount * recordSize}
            1:  li a0, 1
                li a7, 64
                ecall
                blez a0, 2f
                add a1, a1, a0
                sub a2, a2, a0
                bnez a2, 1b
                li a0, 0
            2:  li a7, 93
                ecall
            """);

        data.AppendLine("    .data\n    .balign 16\nrecords:");
        for (var p = 0; p < programCount; p++)
        {
            var programBody = generator.GenerateBody(instructions);
            bodies.Add(programBody);
            generator.AppendProgram(text, data, p, programBody);
        }
        return new RandomBatch(family, seed, text.ToString() + data, bodies, recordSize);
    }

    private void AppendProgram(StringBuilder text, StringBuilder data, int index, string programBody)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"program_{index}:");
        if (family == RandomFamily.FloatingPoint)
        {
            // A dynamic rounding mode for the "dyn" instructions (0-4; 5-7 would make them illegal), flags cleared.
            text.AppendLine(CultureInfo.InvariantCulture, $"    li s11, {random.Below(5)}\n    fsrm s11\n    fsflags x0");
            text.AppendLine(CultureInfo.InvariantCulture, $"    la s11, float_init_{index}");
            for (var f = 0; f < 32; f++)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    fld f{f}, {8 * f}(s11)");
            }
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"    la s11, integer_init_{index}");
        foreach (var r in LoadedRegisters)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    ld x{r}, {8 * r}(s11)");
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"    la s11, scratch_{index}");
        text.Append(programBody);
        text.AppendLine(CultureInfo.InvariantCulture, $"    la s11, record_{index}");
        for (var r = 0; r < 32; r++)
        {
            var stored = r is >= 1 and <= 4 or ScratchBase ? 0 : r;
            text.AppendLine(CultureInfo.InvariantCulture, $"    sd x{stored}, {8 * r}(s11)");
        }
        if (family == RandomFamily.FloatingPoint)
        {
            for (var f = 0; f < 32; f++)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    fsd f{f}, {RandomBatch.FloatRegistersOffset + 8 * f}(s11)");
            }
            text.AppendLine(CultureInfo.InvariantCulture, $"    frcsr x5\n    sd x5, {RandomBatch.FcsrOffset}(s11)");
        }
        text.AppendLine("    ret");

        data.AppendLine(CultureInfo.InvariantCulture, $"record_{index}:");
        data.AppendLine(CultureInfo.InvariantCulture, $"    .space {(family == RandomFamily.Integer ? 256 : 520)}");
        data.AppendLine(CultureInfo.InvariantCulture, $"scratch_{index}:");
        AppendDwords(data, Enumerable.Range(0, RandomBatch.ScratchSize / 8).Select(_ => InterestingInteger()));
        data.AppendLine(CultureInfo.InvariantCulture, $"    .pushsection .rodata\n    .balign 8\ninteger_init_{index}:");
        AppendDwords(data, Enumerable.Range(0, 32).Select(_ => InterestingInteger()));
        if (family == RandomFamily.FloatingPoint)
        {
            data.AppendLine(CultureInfo.InvariantCulture, $"float_init_{index}:");
            AppendDwords(data, Enumerable.Range(0, 32).Select(_ => InterestingFloatBits()));
        }
        data.AppendLine("    .popsection");
    }

    private static void AppendDwords(StringBuilder data, IEnumerable<ulong> values)
    {
        foreach (var chunk in values.Chunk(4))
        {
            data.AppendLine("    .dword " + string.Join(", ", chunk.Select(v => $"0x{v:x16}")));
        }
    }

    private string GenerateBody(int instructions)
    {
        body.Clear();
        for (var i = 0; i < instructions; i++)
        {
            if (family == RandomFamily.Integer)
            {
                EmitIntegerInstruction(allowControlFlow: true);
            }
            else
            {
                EmitFloatInstruction();
            }
        }
        return body.ToString();
    }

    private void EmitIntegerInstruction(bool allowControlFlow)
    {
        var choice = random.Below(100);
        switch (choice)
        {
            case < 30:
                Emit($"{Pick(IntegerRegisterOps)} {Rd()}, {Rs()}, {Rs()}");
                break;
            case < 45:
                Emit($"{Pick(IntegerImmediateOps)} {Rd()}, {Rs()}, {Immediate12()}");
                break;
            case < 52:
                Emit(random.Below(2) == 0
                    ? $"{Pick(ShiftImmediateOps)} {Rd()}, {Rs()}, {random.Below(64)}"
                    : $"{Pick(ShiftWordImmediateOps)} {Rd()}, {Rs()}, {random.Below(32)}");
                break;
            case < 55:
                Emit($"lui {Rd()}, 0x{random.Below(0x100000):x}");
                break;
            case < 56:
                Emit($"auipc {Rd()}, 0x{random.Below(0x100000):x}");
                break;
            case < 66:
                EmitMemoryAccess(load: true);
                break;
            case < 74:
                EmitMemoryAccess(load: false);
                break;
            case < 80:
                EmitAmo();
                break;
            case < 83:
                EmitLoadReservedStoreConditional();
                break;
            case < 95 when allowControlFlow:
                EmitForwardBranch();
                break;
            case < 100 when allowControlFlow:
                EmitForwardJump();
                break;
            default:
                Emit($"{Pick(IntegerRegisterOps)} {Rd()}, {Rs()}, {Rs()}");
                break;
        }
    }

    /// <summary>An address in the scratch buffer: <c>andi t, rs, mask; add t, t, s11</c> (t is a random writable register).</summary>
    private string ScratchAddress(int mask)
    {
        var address = PickRegister(LoadedRegisters);
        Emit($"andi {address}, {Rs()}, {mask}");
        Emit($"add {address}, {address}, s11");
        return address;
    }

    private void EmitMemoryAccess(bool load)
    {
        var (op, size) = load ? Pick(Loads) : Pick(Stores);
        // Offsets 0-8 after a 16-byte-aligned base below 240 keep every access inside the 256-byte buffer; odd
        // offsets make misaligned accesses.
        var address = ScratchAddress(0xf0);
        var offset = random.Below(2) == 0 ? (int)random.Below(9) : (int)random.Below((ulong)(9 - size)) / size * size;
        Emit(load ? $"{op} {Rd()}, {offset}({address})" : $"{op} {Rs()}, {offset}({address})");
    }

    private void EmitAmo()
    {
        var doubleword = random.Below(2) == 0;
        var address = ScratchAddress(doubleword ? 0xf8 : 0xfc);
        var ordering = Pick(["", ".aq", ".rl", ".aqrl"]);
        Emit($"{Pick(AmoOps)}.{(doubleword ? "d" : "w")}{ordering} {Rd()}, {Rs()}, ({address})");
    }

    /// <summary>
    /// A paired LR/SC (the SC succeeds: it follows its LR to the same address) or, less often, a lone SC, which has
    /// no reservation (every earlier LR was consumed by its SC) and must fail, leaving memory unchanged.
    /// </summary>
    private void EmitLoadReservedStoreConditional()
    {
        var doubleword = random.Below(2) == 0;
        var suffix = doubleword ? "d" : "w";
        var address = ScratchAddress(doubleword ? 0xf8 : 0xfc);
        if (random.Below(4) != 0)
        {
            var loaded = PickRegister(WritableRegisters.Where(r => $"x{r}" != address).ToArray());
            Emit($"lr.{suffix} {loaded}, ({address})");
        }
        Emit($"sc.{suffix} {Rd()}, {Rs()}, ({address})");
    }

    private void EmitForwardBranch()
    {
        Emit($"{Pick(Branches)} {Rs()}, {Rs()}, 1f");
        EmitSkippedInstructions();
    }

    private void EmitForwardJump()
    {
        if (random.Below(2) == 0)
        {
            Emit($"jal {Rd()}, 1f");
        }
        else
        {
            // jalr through a register that may also be the link register (the target is read first).
            var target = PickRegister(LoadedRegisters);
            Emit($"la {target}, 1f");
            Emit($"jalr {(random.Below(3) == 0 ? target : Rd())}, 0({target})");
        }
        EmitSkippedInstructions();
    }

    private void EmitSkippedInstructions()
    {
        var skipped = 1 + (int)random.Below(4);
        for (var i = 0; i < skipped; i++)
        {
            EmitIntegerInstruction(allowControlFlow: false);
        }
        body.AppendLine("1:");
    }

    private void EmitFloatInstruction()
    {
        var w = random.Below(2) == 0 ? "s" : "d";
        var choice = random.Below(100);
        switch (choice)
        {
            case < 25:
                Emit($"{Pick(["fadd", "fsub", "fmul", "fdiv"])}.{w} {F()}, {F()}, {F()}, {Pick(RoundingModes)}");
                break;
            case < 29:
                Emit($"fsqrt.{w} {F()}, {F()}, {Pick(RoundingModes)}");
                break;
            case < 37:
                Emit($"{Pick(["fmadd", "fmsub", "fnmsub", "fnmadd"])}.{w} {F()}, {F()}, {F()}, {F()}, {Pick(RoundingModes)}");
                break;
            case < 43:
                Emit($"{Pick(["fmin", "fmax", "fsgnj", "fsgnjn", "fsgnjx"])}.{w} {F()}, {F()}, {F()}");
                break;
            case < 49:
                Emit($"{Pick(["feq", "flt", "fle"])}.{w} {Rd()}, {F()}, {F()}");
                break;
            case < 52:
                Emit($"fclass.{w} {Rd()}, {F()}");
                break;
            case < 62:
                Emit($"fcvt.{Pick(["w", "wu", "l", "lu"])}.{w} {Rd()}, {F()}, {Pick(RoundingModes)}");
                break;
            case < 70:
                EmitConversionFromInteger(w);
                break;
            case < 74:
                Emit(w == "s" ? $"fcvt.s.d {F()}, {F()}, {Pick(RoundingModes)}" : $"fcvt.d.s {F()}, {F()}");
                break;
            case < 80:
                Emit(random.Below(2) == 0 ? $"fmv.x.{(w == "s" ? "w" : "d")} {Rd()}, {F()}" : $"fmv.{(w == "s" ? "w" : "d")}.x {F()}, {Rs()}");
                break;
            case < 86:
                EmitFloatMemoryAccess(w);
                break;
            default:
                EmitIntegerInstruction(allowControlFlow: false);
                break;
        }
    }

    private void EmitConversionFromInteger(string w)
    {
        var source = Pick(["w", "wu", "l", "lu"]);
        // binutils rejects a rounding mode on the conversions that are always exact (32-bit integers to double).
        var exact = w == "d" && source is "w" or "wu";
        Emit(exact ? $"fcvt.{w}.{source} {F()}, {Rs()}" : $"fcvt.{w}.{source} {F()}, {Rs()}, {Pick(RoundingModes)}");
    }

    private void EmitFloatMemoryAccess(string w)
    {
        var size = w == "s" ? 4 : 8;
        var address = ScratchAddress(0xf0);
        var offset = random.Below(2) == 0 ? (int)random.Below(9) : (int)random.Below((ulong)(9 - size)) / size * size;
        var op = random.Below(2) == 0 ? $"fl{(w == "s" ? "w" : "d")} {F()}" : $"fs{(w == "s" ? "w" : "d")} {F()}";
        Emit($"{op}, {offset}({address})");
    }

    private void Emit(string instruction) => body.Append("    ").AppendLine(instruction);

    private string Rd() => PickRegister(random.Below(20) == 0 ? [0] : LoadedRegisters);

    private string Rs() => PickRegister(WritableRegisters);

    private string F() => $"f{random.Below(32)}";

    private string PickRegister(int[] registers) => $"x{registers[random.Below((ulong)registers.Length)]}";

    private T Pick<T>(T[] items) => items[random.Below((ulong)items.Length)];

    private string Immediate12() => random.Below(4) switch
    {
        0 => Pick(["-2048", "2047", "-1", "0", "1"]),
        1 => ((long)random.Below(33) - 16).ToString(CultureInfo.InvariantCulture),
        _ => ((long)random.Below(4096) - 2048).ToString(CultureInfo.InvariantCulture),
    };

    private ulong InterestingInteger() => random.Below(3) switch
    {
        0 => Pick(InterestingIntegers),
        1 => (ulong)((long)random.Below(65) - 32),
        _ => random.Next(),
    };

    private ulong InterestingFloatBits() => random.Below(8) switch
    {
        0 or 1 => Pick(InterestingDoubles),
        2 or 3 => 0xffffffff00000000 | Pick(InterestingSingles),
        // A binary32 value that is not properly NaN-boxed: single-precision instructions must read it as the canonical NaN.
        4 => Pick(InterestingSingles),
        5 => 0xffffffff00000000 | (uint)random.Next(),
        6 => BitConverter.DoubleToUInt64Bits((long)random.Below(2001) - 1000 + random.Below(4) * 0.25),
        _ => random.Next(),
    };
}

/// <summary>SplitMix64: a tiny, fully specified generator, so a seed names the same program on every platform and runtime.</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        var z = state += 0x9e3779b97f4a7c15;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, bound), bound &gt; 0 (the tiny modulo bias is irrelevant for test generation).</summary>
    public ulong Below(ulong bound) => Next() % bound;
}
