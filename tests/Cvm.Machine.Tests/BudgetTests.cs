namespace Cvm.Machine.Tests;

public class BudgetTests
{
    /// <summary>A loop: t0 counts up forever (addi; c.j back), mixing 4- and 2-byte instructions.</summary>
    private static TestMachine CountingLoop() => new(Encode.Addi(5, 5, 1), 0x0000_bff5 /* c.j -4 */);

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(7UL)]
    [InlineData(10_001UL)]
    public void A_run_stops_exactly_at_its_budget(ulong budget)
    {
        using var machine = CountingLoop();
        Assert.Equal(StopReason.BudgetExhausted, machine.Hart.Run(budget));
        Assert.Equal(budget, machine.Hart.InstructionsRetired);
        Assert.Equal((budget + 1) / 2, machine.Hart.GetRegister(5));
    }

    [Fact]
    public void A_run_resumes_where_the_budget_stopped_it()
    {
        using var split = CountingLoop();
        foreach (var slice in new ulong[] { 3, 1, 4, 1, 5, 9, 2, 6 })
        {
            split.Hart.Run(slice);
        }
        using var whole = CountingLoop();
        whole.Hart.Run(31);
        Assert.Equal(whole.Hart.InstructionsRetired, split.Hart.InstructionsRetired);
        Assert.Equal(whole.Hart.GetRegister(5), split.Hart.GetRegister(5));
        Assert.Equal(whole.Hart.Pc, split.Hart.Pc);
    }

    [Fact]
    public void Straight_line_code_across_a_page_boundary_counts_every_instruction()
    {
        using var machine = new TestMachine();
        var start = TestMachine.CodeBase + 0x1000 - 8;
        machine.Load(start, Encode.Addi(5, 5, 1), Encode.Addi(5, 5, 1), Encode.Addi(5, 5, 1), Encode.Addi(5, 5, 1), Encode.Ebreak);
        machine.Hart.Pc = start;
        machine.Hart.TrapHandler = new StopOnTrap();
        Assert.Equal(StopReason.Stopped, machine.Hart.Run(100));
        Assert.Equal(4UL, machine.Hart.GetRegister(5));
        Assert.Equal(4UL, machine.Hart.InstructionsRetired);
    }

    [Fact]
    public void Instret_and_cycle_read_the_exact_retired_count()
    {
        using var machine = new TestMachine(Encode.Addi(0, 0, 0), Encode.Addi(0, 0, 0), Encode.Csrrs(5, Hart.Csr.Instret, 0),
            Encode.Csrrs(6, Hart.Csr.Cycle, 0), Encode.Ebreak);
        machine.Hart.TrapHandler = new StopOnTrap();
        machine.Hart.Run(100);
        Assert.Equal(2UL, machine.Hart.GetRegister(5));
        Assert.Equal(3UL, machine.Hart.GetRegister(6));
    }

    [Fact]
    public void Writing_minstret_sets_what_the_next_instruction_reads()
    {
        using var machine = new TestMachine(Encode.Addi(5, 0, 100), Encode.Csrrw(0, Hart.Csr.Minstret, 5),
            Encode.Csrrs(6, Hart.Csr.Minstret, 0), Encode.Ebreak);
        machine.Hart.TrapHandler = new StopOnTrap();
        machine.Hart.Run(100);
        Assert.Equal(100UL, machine.Hart.GetRegister(6));
    }
}
