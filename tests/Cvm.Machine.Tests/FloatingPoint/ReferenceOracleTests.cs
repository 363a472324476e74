using System.Buffers.Binary;
using System.Text;
using Cvm.Machine.FloatingPoint;
using Cvm.Testing;

namespace Cvm.Machine.Tests.FloatingPoint;

/// <summary>
/// The strongest check: every F and D operation in every static rounding mode, on edge and random operands,
/// compared bit for bit (result and fflags) with real RISC-V instructions executed by qemu-riscv64. The oracle
/// program (RiscvFloatOracle.c) is built with Debian's riscv64-linux-gnu-gcc.
/// </summary>
public sealed class ReferenceOracleTests
{
    private const string Compiler = "riscv64-linux-gnu-gcc";
    private const string Emulator = "qemu-riscv64";

    /// <summary>Cases per operation and rounding mode; CVM_LONG_TESTS=1 runs fifty times as many.</summary>
    private static int CasesPerOperationAndMode =>
        Environment.GetEnvironmentVariable("CVM_LONG_TESTS") == "1" ? 100_000 : 2_000;

    private readonly record struct Case(FloatOperation Operation, RoundingMode Mode, ulong A, ulong B, ulong C);

    [ReferenceFact(Compiler, Emulator)]
    public void EveryOperationMatchesRiscvHardwareSemanticsUnderQemu()
    {
        var cases = EdgeCases().Concat(GenerateCases(seed: 20191213, CasesPerOperationAndMode)).ToList();
        var expected = RunOracle(cases);

        var mismatches = new StringBuilder();
        var mismatchCount = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            var (op, rm, a, b, c) = cases[i];
            var flags = FloatExceptionFlags.None;
            var actual = FloatOperations.Evaluate(op, rm, a, b, c, ref flags);
            var (expectedValue, expectedFlags) = expected[i];
            if (actual != expectedValue || (ulong)flags != expectedFlags)
            {
                if (++mismatchCount <= 25)
                {
                    mismatches.AppendLine(
                        $"{op} {rm} a=0x{a:X} b=0x{b:X} c=0x{c:X}: expected 0x{expectedValue:X} flags {(FloatExceptionFlags)expectedFlags}, " +
                        $"got 0x{actual:X} flags {flags}");
                }
            }
        }
        Assert.True(mismatchCount == 0, $"{mismatchCount} of {cases.Count} cases differ from qemu-riscv64:\n{mismatches}");

        // The comparison only means something if the cases reach every exception in every mode and format.
        const FloatExceptionFlags all = FloatExceptionFlags.Inexact | FloatExceptionFlags.Underflow |
            FloatExceptionFlags.Overflow | FloatExceptionFlags.DivideByZero | FloatExceptionFlags.Invalid;
        var reached = cases.Select((c, i) => (c.Operation.IsSingle(), c.Mode, Flags: (FloatExceptionFlags)expected[i].Flags))
            .GroupBy(x => (Single: x.Item1, x.Mode), x => x.Flags)
            .Select(g => (g.Key, Flags: g.Aggregate(FloatExceptionFlags.None, (sum, f) => sum | f)))
            .ToList();
        Assert.Equal(10, reached.Count);
        Assert.All(reached, r => Assert.Equal((r.Key, all), (r.Key, r.Flags)));
    }

    /// <summary>
    /// Every edge operand (both signs) for one-operand operations, every pair for two-operand operations, and
    /// every triple of a smaller set for the fused multiply-adds, in every rounding mode.
    /// </summary>
    private static IEnumerable<Case> EdgeCases()
    {
        static ulong[] Signed(IEnumerable<ulong> values, ulong signBit) => values.SelectMany(v => new[] { v, v | signBit }).ToArray();
        var singles = Signed(FloatSamples.Single32Edges.Select(x => (ulong)x), 0x8000_0000);
        var doubles = Signed(FloatSamples.Double64Edges, 0x8000_0000_0000_0000);
        var integers = FloatSamples.IntegerEdges;
        // For the triples: zero, the subnormal and normal boundaries, one, the largest finite, infinity and NaNs.
        var fusedSingles = Signed(new ulong[] { 0x0, 0x1, 0x7F_FFFF, 0x80_0000, 0x3F80_0000, 0x3F80_0001, 0x7F7F_FFFF, 0x7F80_0000, 0x7F80_0001, 0x7FC0_0000 }, 0x8000_0000);
        var fusedDoubles = Signed(new ulong[] { 0x0, 0x1, 0xF_FFFF_FFFF_FFFF, 0x10_0000_0000_0000, 0x3FF0_0000_0000_0000, 0x3FF0_0000_0000_0001, 0x7FEF_FFFF_FFFF_FFFF, 0x7FF0_0000_0000_0000, 0x7FF0_0000_0000_0001, 0x7FF8_0000_0000_0000 }, 0x8000_0000_0000_0000);

        foreach (var op in FloatOperations.All)
        {
            var kind = op.FirstOperandKind();
            var values = kind switch { OperandKind.Binary32 => singles, OperandKind.Binary64 => doubles, _ => integers };
            for (var mode = RoundingMode.NearestEven; mode <= RoundingMode.NearestMaxMagnitude; mode++)
            {
                if (op.IsFused())
                {
                    var fused = op.IsSingle() ? fusedSingles : fusedDoubles;
                    foreach (var a in fused)
                    {
                        foreach (var b in fused)
                        {
                            foreach (var c in fused)
                            {
                                yield return new Case(op, mode, a, b, c);
                            }
                        }
                    }
                }
                else if (op.OperandCount() == 2)
                {
                    foreach (var a in values)
                    {
                        foreach (var b in values)
                        {
                            yield return new Case(op, mode, a, b, 0);
                        }
                    }
                }
                else
                {
                    foreach (var a in values)
                    {
                        yield return new Case(op, mode, a, 0, 0);
                    }
                }
            }
        }
    }

    private static IEnumerable<Case> GenerateCases(int seed, int perOperationAndMode)
    {
        var samples = new FloatSamples(seed);
        foreach (var op in FloatOperations.All)
        {
            var kind = op.FirstOperandKind();
            for (var mode = RoundingMode.NearestEven; mode <= RoundingMode.NearestMaxMagnitude; mode++)
            {
                for (var i = 0; i < perOperationAndMode; i++)
                {
                    var a = samples.Next(kind);
                    var b = samples.NextPartner(kind, a);
                    var c = op.IsFused() ? samples.NextAddend(kind, a, b) : samples.Next(kind);
                    yield return new Case(op, mode, a, b, c);
                }
            }
        }
    }

    /// <summary>Builds the oracle, feeds it every case in one run and returns (register value, fflags) per case.</summary>
    private static (ulong Value, ulong Flags)[] RunOracle(IReadOnlyList<Case> cases)
    {
        var directory = Directory.CreateTempSubdirectory("cvm-fpu-oracle-");
        try
        {
            var program = Path.Combine(directory.FullName, "oracle");
            var build = ReferenceTools.Run(Compiler,
                ["-O1", "-static", "-march=rv64gc", "-mabi=lp64d", "-o", program, OracleSourcePath()]);
            Assert.True(build.ExitCode == 0, $"building the oracle failed:\n{build.StandardError}");

            var input = new byte[cases.Count * 32];
            for (var i = 0; i < cases.Count; i++)
            {
                var record = input.AsSpan(i * 32, 32);
                BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)cases[i].Operation);
                BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)cases[i].Mode);
                BinaryPrimitives.WriteUInt64LittleEndian(record[8..], cases[i].A);
                BinaryPrimitives.WriteUInt64LittleEndian(record[16..], cases[i].B);
                BinaryPrimitives.WriteUInt64LittleEndian(record[24..], cases[i].C);
            }
            var run = ReferenceTools.Run(Emulator, [program], input, TimeSpan.FromMinutes(10));
            Assert.True(run.ExitCode == 0, $"the oracle failed: {run.StandardError}");
            Assert.Equal(cases.Count * 16, run.StandardOutput.Length);

            var results = new (ulong, ulong)[cases.Count];
            for (var i = 0; i < cases.Count; i++)
            {
                var record = run.StandardOutput.AsSpan(i * 16, 16);
                var value = BinaryPrimitives.ReadUInt64LittleEndian(record);
                // fmv.x.w sign-extends a binary32 result; the C# API returns the 32-bit encoding.
                if (cases[i].Operation.IsSingle() && cases[i].Operation.WritesFloat())
                {
                    value &= 0xFFFF_FFFF;
                }
                results[i] = (value, BinaryPrimitives.ReadUInt64LittleEndian(record[8..]));
            }
            return results;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The oracle's source in the test project's folder, found by walking up from the test binaries (compile-time
    /// source paths are not usable: deterministic CI builds map them to "/_/").
    /// </summary>
    private static string OracleSourcePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "FloatingPoint", "RiscvFloatOracle.c");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException(
            $"FloatingPoint/RiscvFloatOracle.c was not found in any folder above {AppContext.BaseDirectory}");
    }
}
