using Cvm.Testing;

namespace Cvm.Conformance.Tests;

/// <summary>
/// Bare-metal M-mode programs (programs/baremetal/*.S) that define <c>tohost</c> and take traps through mtvec.
/// qemu-user cannot run machine-mode code, and qemu-system (Debian's qemu-system-misc, <c>-machine spike</c>) is not
/// among the reference tools installed for CI, so these check only the exit status against the HTIF convention:
/// the status is the value written to tohost shifted right by one (0 = pass). Both programs were checked during
/// development under <c>qemu-system-riscv64 -machine spike -bios none -kernel ELF</c> (statuses 0 and 42).
/// </summary>
public sealed class BareMetalTests
{
    [ReferenceFact("riscv64-unknown-elf-gcc")]
    public void Machine_mode_traps_are_delivered_through_mtvec_and_mret_returns()
    {
        var run = GuestRunners.Emulator(Build("machine_traps.S"));
        Assert.True(run.ExitCode == 0,
            $"machine_traps.S: HTIF reported step {run.ExitCode} failed (see the step numbers in s11 in the source)\n" +
            GuestComparison.DescribeEmulatorRun(run));
    }

    [ReferenceFact("riscv64-unknown-elf-gcc")]
    public void Htif_exit_code_becomes_the_exit_status()
    {
        var run = GuestRunners.Emulator(Build("htif_status.S"));
        Assert.True(run.ExitCode == 42, $"htif_status.S writes tohost = 42 << 1 | 1, expected exit status 42, got {run.ExitCode}\n" +
            GuestComparison.DescribeEmulatorRun(run));
    }

    private static string Build(string program) => GuestBuilder.Build(GuestFlavor.BareMetal, GuestBuilder.Program("baremetal", program));
}
