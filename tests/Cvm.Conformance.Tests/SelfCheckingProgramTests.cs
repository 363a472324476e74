using System.Text.RegularExpressions;
using Cvm.Testing;

namespace Cvm.Conformance.Tests;

/// <summary>
/// One self-checking assembly program per instruction class (programs/asm/*.S, macros in test_macros.h): each case
/// compares a result with the value the specification gives and the program exits with the first failing case's
/// number. Passing under qemu-riscv64 proves the expected values; passing under <c>cvm exec</c> with the same output
/// and instruction count proves the emulator.
/// </summary>
public sealed partial class SelfCheckingProgramTests
{
    public static TheoryData<string> Programs() => new(ProgramNames());

    private static IEnumerable<string> ProgramNames() =>
        Directory.GetFiles(GuestBuilder.Program("asm"), "*.S").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    [Fact]
    public void Suite_has_at_least_three_hundred_cases_over_every_instruction_class()
    {
        var counts = ProgramNames().ToDictionary(name => name, name => CaseLines(name).Count);
        Assert.Equal(["rv64a.S", "rv64c.S", "rv64d.S", "rv64f.S", "rv64i.S", "rv64m.S", "zicsr.S", "zifencei.S"], counts.Keys.Order(StringComparer.Ordinal));
        Assert.All(counts.Where(pair => pair.Key != "zifencei.S"), pair => Assert.True(pair.Value >= 30, $"{pair.Key} has only {pair.Value} cases"));
        Assert.True(counts.Values.Sum() >= 300, $"only {counts.Values.Sum()} cases in all");
    }

    [ReferenceTheory("riscv64-unknown-elf-gcc", "qemu-riscv64")]
    [MemberData(nameof(Programs))]
    public void Program_passes_under_qemu(string program)
    {
        var run = GuestRunners.Qemu(Build(program));
        Assert.True(run.ExitCode == 0, $"{program} fails under qemu-riscv64 (the expected values are wrong): {DescribeFailure(program, run.ExitCode)}\n{run.Stderr}");
        Assert.Equal("PASS\n", run.StdoutText);
    }

    [ReferenceTheory("riscv64-unknown-elf-gcc", "qemu-riscv64")]
    [MemberData(nameof(Programs))]
    public void Program_passes_under_the_emulator(string program)
    {
        var run = GuestRunners.Emulator(Build(program));
        Assert.True(run.ExitCode == 0,
            $"{program} under cvm exec: {DescribeFailure(program, run.ExitCode)}\n{GuestComparison.DescribeEmulatorRun(run)}");
        Assert.Equal("PASS\n", run.StdoutText);
    }

    /// <summary>
    /// The emulator's retired-instruction count in <c>--report</c> must equal what qemu-riscv64 retires on the same
    /// ELF (counted from its single-step execution log; ecalls raise exceptions and do not retire).
    /// </summary>
    [ReferenceTheory("riscv64-unknown-elf-gcc", "riscv64-unknown-elf-objdump", "qemu-riscv64")]
    [MemberData(nameof(Programs))]
    public void Instruction_count_matches_qemu(string program)
    {
        var elf = Build(program);
        var expected = GuestRunners.QemuRetiredInstructions(elf);
        var run = GuestRunners.Emulator(elf);
        Assert.True(run.Report is not null, $"{program}: cvm exec wrote no report\n{GuestComparison.DescribeEmulatorRun(run)}");
        Assert.True(expected == run.Report.Instructions,
            $"{program}: qemu-riscv64 retired {expected} instructions, cvm exec reports {run.Report.Instructions}");
    }

    private static string Build(string program) => GuestBuilder.Build(GuestFlavor.Assembly, GuestBuilder.Program("asm", program));

    /// <summary>Names the failing case and quotes its source line, or explains a status that is not a case number.</summary>
    private static string DescribeFailure(string program, int exitCode)
    {
        if (CaseLines(program).TryGetValue(exitCode, out var line))
        {
            return $"case {exitCode} failed: {line}";
        }
        return exitCode switch
        {
            124 => "exit status 124: the instruction budget ran out",
            125 => "exit status 125: a fatal guest trap",
            _ => $"exit status {exitCode} (not a case number)",
        };
    }

    private static Dictionary<int, string> CaseLines(string program)
    {
        var cases = new Dictionary<int, string>();
        foreach (var line in File.ReadLines(GuestBuilder.Program("asm", program)))
        {
            var match = CaseLine().Match(line);
            if (match.Success)
            {
                cases.Add(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), line.Trim());
            }
        }
        return cases;
    }

    [GeneratedRegex(@"^\s*TEST_\w+\(\s*(\d+)\s*,")]
    private static partial Regex CaseLine();
}
