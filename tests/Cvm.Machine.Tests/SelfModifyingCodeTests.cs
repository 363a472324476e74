namespace Cvm.Machine.Tests;

public class SelfModifyingCodeTests
{
    [Fact]
    public void A_store_into_decoded_code_is_seen_by_the_next_execution()
    {
        // Loop twice over "addi t1, t1, 1"; after the first pass, overwrite it with "addi t1, t1, 16".
        const ulong patched = TestMachine.CodeBase + 4;
        using var machine = new TestMachine(
            Encode.Addi(7, 0, 2),              // 0: t2 = 2 (passes)
            Encode.Addi(6, 6, 1),              // 4: the instruction that gets patched
            Encode.Sw(28, 29, 0),              // 8: *t3 = t4 (the new encoding)
            Encode.Addi(7, 7, -1),             // 12
            Encode.B(1, 7, 0, -12),            // 16: bne t2, x0, 4
            Encode.Ebreak);                    // 20
        machine.Hart.SetRegister(28, patched);
        machine.Hart.SetRegister(29, Encode.Addi(6, 6, 16));
        machine.Hart.TrapHandler = new StopOnTrap();
        machine.Hart.Pc = TestMachine.CodeBase;
        machine.Hart.Run(100);
        Assert.Equal(17UL, machine.Hart.GetRegister(6));
    }

    [Fact]
    public void Fence_i_and_host_writes_also_invalidate()
    {
        using var machine = new TestMachine(Encode.Addi(6, 6, 1), Encode.FenceI, Encode.Ebreak);
        machine.Hart.TrapHandler = new StopOnTrap();
        machine.Hart.Run(100);
        Assert.Equal(1UL, machine.Hart.GetRegister(6));
        machine.Load(TestMachine.CodeBase, Encode.Addi(6, 6, 5));
        machine.Hart.Pc = TestMachine.CodeBase;
        machine.Hart.Run(100);
        Assert.Equal(6UL, machine.Hart.GetRegister(6));
    }
}
