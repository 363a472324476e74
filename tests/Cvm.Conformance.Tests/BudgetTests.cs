using Cvm.Testing;

namespace Cvm.Conformance.Tests;

/// <summary>
/// <c>cvm exec --max-instructions N</c> stops a guest after exactly N retired instructions with exit status 124, and
/// a budget that covers a program's whole run (as counted under qemu-riscv64) does not cut it short.
/// </summary>
public sealed class BudgetTests
{
    [ReferenceTheory("riscv64-unknown-elf-gcc")]
    [InlineData(1L)]
    [InlineData(1_000L)]
    [InlineData(1_234_567L)]
    public void Endless_loop_stops_exactly_at_the_budget(long budget)
    {
        var elf = GuestBuilder.Build(GuestFlavor.Assembly, GuestBuilder.Program("budget", "endless_loop.S"));
        var run = GuestRunners.Emulator(elf, budget);
        Assert.True(run.ExitCode == 124, $"exit status {run.ExitCode}, expected 124\n{GuestComparison.DescribeEmulatorRun(run)}");
        Assert.True(run.Report?.Instructions == budget,
            $"budget {budget}: report says {run.Report?.Instructions} instructions\n{GuestComparison.DescribeEmulatorRun(run)}");
    }

    [ReferenceFact("riscv64-unknown-elf-gcc", "riscv64-unknown-elf-objdump", "qemu-riscv64")]
    public void Budget_one_short_of_a_program_stops_it_and_a_sufficient_budget_does_not()
    {
        var elf = GuestBuilder.Build(GuestFlavor.Assembly, GuestBuilder.Program("asm", "rv64m.S"));
        var retired = GuestRunners.QemuRetiredInstructions(elf);

        var cutShort = GuestRunners.Emulator(elf, retired - 1);
        Assert.True(cutShort.ExitCode == 124, $"budget {retired - 1} of {retired}: exit status {cutShort.ExitCode}, expected 124\n{GuestComparison.DescribeEmulatorRun(cutShort)}");
        Assert.True(cutShort.Report?.Instructions == retired - 1, $"budget {retired - 1} (qemu-riscv64 retires {retired}): report says {cutShort.Report?.Instructions} instructions\n{GuestComparison.DescribeEmulatorRun(cutShort)}");

        // Two more than the retired count also covers the program's two ecalls (write and exit), whichever way an
        // implementation charges them against the budget.
        var enough = GuestRunners.Emulator(elf, retired + 2);
        Assert.True(enough.ExitCode == 0, $"budget {retired + 2}: exit status {enough.ExitCode}, expected 0\n{GuestComparison.DescribeEmulatorRun(enough)}");
        Assert.Equal("PASS\n", enough.StdoutText);
    }
}
