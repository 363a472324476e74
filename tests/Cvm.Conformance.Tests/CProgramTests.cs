using System.Collections.Concurrent;
using Cvm.Testing;

namespace Cvm.Conformance.Tests;

/// <summary>
/// Algorithmic C programs (programs/c/*.c), each built twice — statically against glibc for Linux and against
/// picolibc with the bare toolchain — whose stdout and exit status under <c>cvm exec</c> must be identical to
/// qemu-riscv64's. The programs check their own answers where a known answer exists, so qemu passing them also
/// proves the programs.
/// </summary>
public sealed class CProgramTests
{
    /// <summary>Arguments given to every program; args.c echoes them and folds them into its exit status.</summary>
    private static readonly string[] Arguments = ["alpha", "two words", "", "--flag=1", "ünïcödé ✓"];

    /// <summary>Standard input given to every program; wordcount.c reads it (the others never read).</summary>
    private static readonly byte[] StandardInput = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i =>
        $"line {i}: the quick brown fox jumps over the lazy dog {i * i} times\n")));

    private static readonly GuestFlavor[] Flavors = [GuestFlavor.Glibc, GuestFlavor.Picolibc];

    public static TheoryData<string, GuestFlavor> Programs()
    {
        var data = new TheoryData<string, GuestFlavor>();
        foreach (var program in ProgramNames())
        {
            foreach (var flavor in Flavors)
            {
                data.Add(program, flavor);
            }
        }
        return data;
    }

    private static IEnumerable<string> ProgramNames() =>
        Directory.GetFiles(GuestBuilder.Program("c"), "*.c").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>
    /// All programs compile on the first use, in parallel; a program that fails to compile fails only its own tests.
    /// </summary>
    private static readonly Lazy<ConcurrentDictionary<(string, GuestFlavor), Lazy<string>>> Builds = new(() =>
    {
        var builds = new ConcurrentDictionary<(string, GuestFlavor), Lazy<string>>();
        foreach (var program in ProgramNames())
        {
            foreach (var flavor in Flavors)
            {
                builds[(program, flavor)] = new Lazy<string>(() => GuestBuilder.Build(flavor, GuestBuilder.Program("c", program)));
            }
        }
        Parallel.ForEach(builds.Values, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, build =>
        {
            try
            {
                _ = build.Value;
            }
            catch (InvalidOperationException)
            {
                // Reported by the test that needs this program (Lazy rethrows the same exception there).
            }
        });
        return builds;
    });

    private static string Build(string program, GuestFlavor flavor) => Builds.Value[(program, flavor)].Value;

    [Fact]
    public void Suite_has_at_least_ten_programs()
    {
        Assert.True(ProgramNames().Count() >= 10, $"only {ProgramNames().Count()} C programs");
    }

    [ReferenceTheory("riscv64-linux-gnu-gcc", "riscv64-unknown-elf-gcc", "qemu-riscv64")]
    [MemberData(nameof(Programs))]
    public void Program_succeeds_under_qemu(string program, GuestFlavor flavor)
    {
        var run = GuestRunners.Qemu(Build(program, flavor), StandardInput, Arguments);
        // args.c's status is a hash of its arguments; every other program exits 0 when its own checks pass.
        var expectedStatus = program == "args.c" ? ArgsProgramStatus() : 0;
        Assert.True(run.ExitCode == expectedStatus,
            $"{program} ({flavor}) exits {run.ExitCode} under qemu-riscv64, expected {expectedStatus}\n{run.StdoutText}\n{run.Stderr}");
        Assert.NotEmpty(run.Stdout);
    }

    [ReferenceTheory("riscv64-linux-gnu-gcc", "riscv64-unknown-elf-gcc", "qemu-riscv64")]
    [MemberData(nameof(Programs))]
    public void Emulator_matches_qemu(string program, GuestFlavor flavor)
    {
        var elf = Build(program, flavor);
        GuestComparison.AssertSameBehaviour($"{program} ({flavor})", GuestRunners.Qemu(elf, StandardInput, Arguments),
            GuestRunners.Emulator(elf, GuestRunners.DefaultInstructionBudget, StandardInput, Arguments));
    }

    /// <summary>The exit status args.c computes from <see cref="Arguments"/>, recomputed independently here.</summary>
    private static int ArgsProgramStatus()
    {
        var status = (uint)(Arguments.Length + 1);
        foreach (var argument in Arguments)
        {
            foreach (var c in System.Text.Encoding.UTF8.GetBytes(argument))
            {
                status = unchecked(status * 31 + c);
            }
        }
        return (int)(status % 200 + 3);
    }
}
