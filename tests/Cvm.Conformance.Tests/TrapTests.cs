using System.Globalization;
using Cvm.Testing;

namespace Cvm.Conformance.Tests;

/// <summary>
/// Programs that end on a fatal trap (programs/traps/*.S, the faulting instruction at the symbol <c>fault_site</c>).
/// qemu-riscv64 shows which exception happened by the Linux signal it dies of; <c>cvm exec</c> must exit 125 and
/// report the exception with the mcause, mtval and pc the RISC-V privileged specification gives.
/// </summary>
public sealed class TrapTests
{
    private const int SigIll = 4;
    private const int SigTrap = 5;
    private const int SigBus = 7;
    private const int SigSegv = 11;

    /// <summary>An expected trap: the signal qemu dies of, the mcause, and how mtval and pc are found.</summary>
    public sealed record ExpectedTrap(int Signal, long Mcause, string Pc, string[] AllowedMtval);

    /// <summary>
    /// Addresses are symbol names (resolved in the ELF), optionally "+offset", or hex numbers. Where the
    /// specification lets mtval be either zero or a value, both are allowed.
    /// </summary>
    private static readonly Dictionary<string, ExpectedTrap> Expectations = new()
    {
        ["illegal_instruction.S"] = new(SigIll, 2, "fault_site", ["0x0", "0xc0001073"]),
        ["breakpoint.S"] = new(SigTrap, 3, "fault_site", ["0x0", "fault_site"]),
        ["load_access_fault.S"] = new(SigSegv, 5, "fault_site", ["0x18"]),
        ["store_access_fault.S"] = new(SigSegv, 7, "fault_site", ["0x2c"]),
        ["fetch_access_fault.S"] = new(SigSegv, 1, "0x2000", ["0x2000"]),
        ["misaligned_amo.S"] = new(SigBus, 6, "fault_site", ["word+4"]),
        ["misaligned_lr.S"] = new(SigBus, 4, "fault_site", ["word+2"]),
    };

    public static TheoryData<string> Programs() => new(Expectations.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void Every_trap_program_has_an_expectation()
    {
        var files = Directory.GetFiles(GuestBuilder.Program("traps"), "*.S").Select(Path.GetFileName).OfType<string>();
        Assert.Equal(Expectations.Keys.Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));
    }

    [ReferenceTheory("riscv64-unknown-elf-gcc", "qemu-riscv64")]
    [MemberData(nameof(Programs))]
    public void Qemu_dies_of_the_matching_signal(string program)
    {
        var run = GuestRunners.Qemu(Build(program));
        // A process killed by signal N reports exit status 128 + N.
        Assert.True(run.ExitCode == 128 + Expectations[program].Signal,
            $"{program}: qemu-riscv64 exit status {run.ExitCode}, expected signal {Expectations[program].Signal}\n{run.Stderr}");
    }

    [ReferenceTheory("riscv64-unknown-elf-gcc", "riscv64-unknown-elf-nm", "qemu-riscv64")]
    [MemberData(nameof(Programs))]
    public void Emulator_reports_the_trap(string program)
    {
        var elf = Build(program);
        var expected = Expectations[program];
        var symbols = Symbols(elf);
        var run = GuestRunners.Emulator(elf);
        var details = GuestComparison.DescribeEmulatorRun(run);
        Assert.True(run.ExitCode == 125, $"{program}: exit status {run.ExitCode}, expected 125 (fatal trap)\n{details}");
        Assert.True(run.Report?.Trap is not null, $"{program}: the report names no trap\n{details}");
        var trap = run.Report.Trap;
        Assert.True(trap.Mcause == expected.Mcause, $"{program}: mcause {trap.Mcause}, expected {expected.Mcause}\n{details}");
        Assert.True(ParseHex(trap.Pc) == Resolve(expected.Pc, symbols), $"{program}: pc {trap.Pc}, expected {expected.Pc} = 0x{Resolve(expected.Pc, symbols):x}\n{details}");
        var allowed = expected.AllowedMtval.Select(a => Resolve(a, symbols)).ToArray();
        Assert.True(allowed.Contains(ParseHex(trap.Mtval)),
            $"{program}: mtval {trap.Mtval}, expected one of {string.Join(", ", allowed.Select(a => $"0x{a:x}"))}\n{details}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"{program}: a fatal trap should print exactly one line on stderr\n{details}");
        Assert.True(lines[0].Contains($"mcause {expected.Mcause}", StringComparison.Ordinal)
                    && lines[0].Contains(trap.Pc, StringComparison.OrdinalIgnoreCase) && lines[0].Contains(trap.Mtval, StringComparison.OrdinalIgnoreCase),
            $"{program}: the stderr line should name mcause {expected.Mcause}, mtval {trap.Mtval} and pc {trap.Pc}: {lines[0]}");
    }

    private static string Build(string program) => GuestBuilder.Build(GuestFlavor.Assembly, GuestBuilder.Program("traps", program));

    private static Dictionary<string, ulong> Symbols(string elf)
    {
        var symbols = new Dictionary<string, ulong>();
        foreach (var line in ReferenceTools.Run("riscv64-unknown-elf-nm", [elf]).StandardOutputText.Split('\n'))
        {
            if (line.Split(' ') is [var address, _, var name])
            {
                symbols[name] = ParseHex(address);
            }
        }
        return symbols;
    }

    private static ulong Resolve(string expression, Dictionary<string, ulong> symbols)
    {
        if (expression.StartsWith("0x", StringComparison.Ordinal))
        {
            return ParseHex(expression);
        }
        var parts = expression.Split('+');
        return symbols[parts[0]] + (parts.Length > 1 ? ulong.Parse(parts[1], CultureInfo.InvariantCulture) : 0);
    }

    private static ulong ParseHex(string text) =>
        ulong.Parse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
