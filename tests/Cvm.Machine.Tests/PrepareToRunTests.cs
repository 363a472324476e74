namespace Cvm.Machine.Tests;

public class PrepareToRunTests
{
    [Theory]
    [InlineData(ExecutionEngine.Interpreter)]
    [InlineData(ExecutionEngine.Auto)]
    [InlineData(ExecutionEngine.Jit)]
    public void A_prepared_hart_runs_exactly_like_an_unprepared_one(ExecutionEngine engine)
    {
        // Prepared before its code is even loaded, as ProgramRunner does, and run while the loop may still be compiling.
        using var prepared = new TestMachine();
        prepared.Hart.Engine = engine;
        prepared.Hart.PrepareToRun();
        LoadCountdown(prepared);
        using var unprepared = new TestMachine { Hart = { Engine = engine } };
        LoadCountdown(unprepared);

        Assert.Equal(StopReason.Stopped, prepared.Hart.Run(100_000));
        Assert.Equal(StopReason.Stopped, unprepared.Hart.Run(100_000));
        Assert.Equal(unprepared.Hart.InstructionsRetired, prepared.Hart.InstructionsRetired);
        Assert.Equal(0UL, prepared.Hart.GetRegister(5));
        Assert.Equal(3000UL, prepared.Hart.GetRegister(6));
    }

    /// <summary>t0 counts down from 1000 while t1 adds 3 per pass (long enough for Auto to compile the loop), then ebreak.</summary>
    private static void LoadCountdown(TestMachine machine)
    {
        machine.Load(TestMachine.CodeBase,
            Encode.Addi(5, 0, 1000),
            Encode.Addi(6, 6, 3),
            Encode.Addi(5, 5, -1),
            Encode.B(1 /* bne */, 5, 0, -8),
            Encode.Ebreak);
        machine.Hart.Pc = TestMachine.CodeBase;
        machine.Hart.TrapHandler = new StopOnTrap();
    }
}
