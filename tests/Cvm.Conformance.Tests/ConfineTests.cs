using System.Globalization;
using Cvm.Testing;

namespace Cvm.Conformance.Tests;

/// <summary>
/// <c>cvm exec --confine</c>: unmodified programs run under a PCC bounded to their code and a DDC bounded to their
/// data, heap and stack. Well-behaved programs must not notice; stray accesses (programs/confine/*.S, the faulting
/// instruction at <c>fault_site</c>) must end as CHERI faults (mcause 28) whose mtval is cap_idx &lt;&lt; 5 | cause
/// as the CHERI ISAv9 specification encodes it: DDC is cap_idx 0x21 and PCC 0x20, a length violation is cause 1.
/// </summary>
public sealed class ConfineTests
{
    private const long CheriFault = 28;
    private const ulong DdcLengthViolation = 0x21 << 5 | 0x01;
    private const ulong PccLengthViolation = 0x20 << 5 | 0x01;

    private static readonly string[] Arguments = ["alpha", "two words"];

    private static readonly byte[] StandardInput = "one two three\nfour five\n"u8.ToArray();

    public static TheoryData<string, GuestFlavor> Programs()
    {
        var data = new TheoryData<string, GuestFlavor>();
        foreach (var program in Directory.GetFiles(GuestBuilder.Program("c"), "*.c").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal))
        {
            data.Add(program, GuestFlavor.Glibc);
            data.Add(program, GuestFlavor.Picolibc);
        }
        return data;
    }

    [ReferenceTheory("riscv64-linux-gnu-gcc", "riscv64-unknown-elf-gcc")]
    [MemberData(nameof(Programs))]
    public void Confined_program_behaves_as_unconfined(string program, GuestFlavor flavor)
    {
        var elf = GuestBuilder.Build(flavor, GuestBuilder.Program("c", program));
        var free = GuestRunners.Emulator(elf, [], GuestRunners.DefaultInstructionBudget, StandardInput, Arguments);
        var confined = GuestRunners.Emulator(elf, ["--confine"], GuestRunners.DefaultInstructionBudget, StandardInput, Arguments);
        var details = $"unconfined:\n{GuestComparison.DescribeEmulatorRun(free)}\nconfined:\n{GuestComparison.DescribeEmulatorRun(confined)}";
        Assert.True(free.Report?.Trap is null && free.ExitCode is not (124 or 125), $"{program} ({flavor}) fails unconfined\n{details}");
        Assert.True(confined.ExitCode == free.ExitCode, $"{program} ({flavor}): exit status {confined.ExitCode} confined, {free.ExitCode} unconfined\n{details}");
        Assert.True(confined.Stdout.AsSpan().SequenceEqual(free.Stdout), $"{program} ({flavor}): the output differs under --confine\n{details}");
    }

    [ReferenceFact("riscv64-unknown-elf-gcc", "riscv64-unknown-elf-nm")]
    public void Load_below_the_program_is_a_ddc_length_violation()
    {
        var elf = Build("wild_load_low.S");
        var free = GuestRunners.Emulator(elf);
        Assert.True(free.Report?.Trap?.Mcause == 5, $"unconfined, the load should be a load access fault\n{GuestComparison.DescribeEmulatorRun(free)}");
        AssertCheriFault(elf, "fault_site", DdcLengthViolation, "length", "violation on DDC");
    }

    [ReferenceFact("riscv64-unknown-elf-gcc", "riscv64-unknown-elf-nm")]
    public void Load_above_the_stack_is_a_ddc_length_violation() =>
        AssertCheriFault(Build("wild_load_high.S"), "fault_site", DdcLengthViolation, "length", "violation on DDC");

    [ReferenceFact("riscv64-unknown-elf-gcc", "riscv64-unknown-elf-nm")]
    public void Jump_out_of_the_code_segment_is_a_pcc_length_violation_at_the_jump() =>
        AssertCheriFault(Build("jump_to_data.S"), "fault_site", PccLengthViolation, "length", "violation on PCC");

    [ReferenceFact("riscv64-unknown-elf-gcc")]
    public void Confined_bare_metal_program_still_takes_and_returns_from_traps()
    {
        var elf = GuestBuilder.Build(GuestFlavor.BareMetal, GuestBuilder.Program("baremetal", "machine_traps.S"));
        var run = GuestRunners.Emulator(elf, ["--confine"], GuestRunners.DefaultInstructionBudget, []);
        Assert.True(run.ExitCode == 0, $"machine_traps.S under --confine: exit status {run.ExitCode}\n{GuestComparison.DescribeEmulatorRun(run)}");
    }

    private static void AssertCheriFault(string elf, string pcSymbol, ulong mtval, params string[] wordsInCause)
    {
        var expectedPc = Symbol(elf, pcSymbol);
        var run = GuestRunners.Emulator(elf, ["--confine"], GuestRunners.DefaultInstructionBudget, []);
        var details = GuestComparison.DescribeEmulatorRun(run);
        Assert.True(run.ExitCode == 125, $"exit status {run.ExitCode}, expected 125 (fatal trap)\n{details}");
        var trap = run.Report?.Trap;
        Assert.True(trap is not null, $"the report names no trap\n{details}");
        Assert.True(trap.Mcause == CheriFault, $"mcause {trap.Mcause}, expected {CheriFault}\n{details}");
        Assert.True(ParseHex(trap.Mtval) == mtval, $"mtval {trap.Mtval}, expected 0x{mtval:x}\n{details}");
        Assert.True(ParseHex(trap.Pc) == expectedPc, $"pc {trap.Pc}, expected {pcSymbol} = 0x{expectedPc:x}\n{details}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 && lines[0].Contains($"mcause {CheriFault}", StringComparison.Ordinal)
                    && wordsInCause.All(word => lines[0].Contains(word, StringComparison.OrdinalIgnoreCase)),
            $"the one stderr line should name mcause {CheriFault} and the cause in words ({string.Join(", ", wordsInCause)})\n{details}");
    }

    private static string Build(string program) => GuestBuilder.Build(GuestFlavor.Assembly, GuestBuilder.Program("confine", program));

    private static ulong Symbol(string elf, string name)
    {
        foreach (var line in ReferenceTools.Run("riscv64-unknown-elf-nm", [elf]).StandardOutputText.Split('\n'))
        {
            if (line.Split(' ') is [var address, _, var symbol] && symbol == name)
            {
                return ParseHex(address);
            }
        }
        throw new InvalidOperationException($"'{name}' is not in the symbol table of {elf}");
    }

    private static ulong ParseHex(string text) =>
        ulong.Parse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
