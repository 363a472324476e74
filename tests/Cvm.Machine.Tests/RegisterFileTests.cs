using Cvm.Cheri;

namespace Cvm.Machine.Tests;

public class RegisterFileTests
{
    [Fact]
    public void Writing_an_integer_makes_a_register_a_null_derived_capability()
    {
        using var machine = new TestMachine(Encode.Addi(5, 0, 7), Encode.Ebreak);
        machine.Hart.SetCapabilityRegister(5, Capability.Root.SetAddress(0x1234));
        machine.Hart.SetCapabilityRegister(6, Capability.Root.SetAddress(0x5678));
        machine.Hart.TrapHandler = new StopOnTrap();
        machine.Hart.Run(10);
        Assert.Equal(Capability.FromInteger(7), machine.Hart.GetCapabilityRegister(5));
        Assert.Equal(Capability.Root.SetAddress(0x5678), machine.Hart.GetCapabilityRegister(6)); // untouched
    }

    [Fact]
    public void C0_reads_null_and_ignores_writes()
    {
        using var machine = new TestMachine();
        machine.Hart.SetCapabilityRegister(0, Capability.Root);
        machine.Hart.SetRegister(0, 5);
        Assert.Equal(Capability.Null, machine.Hart.GetCapabilityRegister(0));
        Assert.Equal(0UL, machine.Hart.GetRegister(0));
    }

    [Fact]
    public void Pcc_and_ddc_start_as_root_and_pcc_tracks_the_pc()
    {
        using var machine = new TestMachine();
        Assert.Equal(Capability.Root, machine.Hart.Ddc);
        Assert.Equal(Capability.Root.SetAddress(TestMachine.CodeBase), machine.Hart.Pcc);
        Assert.Throws<ArgumentOutOfRangeException>(() => machine.Hart.GetRegister(32));
    }
}
