using Cvm.Assembly;
using Cvm.Assembly.Text;
using Cvm.Cheri;
using Cvm.Machine.Memory;

namespace Cvm.Machine.Tests.Cheri;

/// <summary>
/// The LegacyRelocation option (ISAv8-style addressing, as Intravisor's hybrid guests linked at 0 expect):
/// integer-mode data addresses are offsets from DDC.address, the PC software sees is an offset from PCC.base.
/// </summary>
public sealed class LegacyRelocationTests
{
    private const ulong CodeBase = TestMachine.CodeBase;
    private const ulong DataBase = TestMachine.DataBase;

    /// <summary>PCC = [0x10000, 0x20000), DDC = [0x100000, 0x110000) with its address at its base, relocation on.</summary>
    private static void Relocate(Hart hart)
    {
        hart.LegacyRelocation = true;
        hart.Pcc = Capability.Root.SetAddress(CodeBase).SetBoundsExact(0x10000);
        hart.SetDataCapability(Capability.Root.SetAddress(DataBase).SetBoundsExact(TestMachine.DataSize));
    }

    [Fact]
    public void Data_addresses_are_DDC_relative_and_the_visible_PC_is_PCC_relative()
    {
        using var program = CheriProgram.Run("""
            _start:
                auipc a0, 0
                li t0, 0x20
                li t1, 99
                sd t1, 0(t0)
                ld a1, 0(t0)
                li t1, 7
                sw t1, 8(t0)
                lw.ddc a3, (t0)
                addi t3, t0, 8
                amoadd.w a4, t1, (t3)
                lw a5, 8(t0)
                la t2, function
                jalr ra, t2
            after:
                jal s2, next
            next:
                ebreak
            function:
                mv a2, ra
                ret
            """, Relocate);
        program.AssertCompleted();
        Assert.Equal(0UL, program.X(10));
        Assert.Equal(99UL, program.X(11));
        Assert.Equal(program.Address("after") - CodeBase, program.X(12));
        Assert.Equal(99UL, program.X(13));
        Assert.Equal(7UL, program.X(14));
        Assert.Equal(14UL, program.X(15));
        Assert.Equal(program.Address("next") - CodeBase, program.X(18));
        Span<byte> stored = stackalloc byte[8];
        Assert.True(program.Memory.TryRead(DataBase + 0x20, stored));
        Assert.Equal(99UL, BitConverter.ToUInt64(stored));
    }

    [Fact]
    public void Relocated_accesses_are_checked_against_DDC()
    {
        using var program = CheriProgram.Run("""
            _start:
                li t0, 0x10000
            fault:
                ld a0, -4(t0)
                ebreak
            """, Relocate);
        program.AssertCheriTrap(0x421, "fault");
    }

    [Fact]
    public void Relocated_jump_targets_are_checked_against_PCC()
    {
        using var program = CheriProgram.Run("""
            _start:
                li t0, 0x10000
            fault:
                jalr t0
                ebreak
            """, Relocate);
        program.AssertCheriTrap(0x401, "fault");
    }

    [Fact]
    public void A_capability_jump_under_relocation_needs_an_aligned_base()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, pcc
                la t0, target
                addi t0, t0, 1
                csetaddr c1, c1, t0
                li t1, 8
                csetbounds c1, c1, t1
            fault:
                jalr.cap c2, c1
            target:
                ebreak
            """, hart =>
            {
                hart.LegacyRelocation = true;
                hart.Pcc = Capability.Root.SetAddress(hart.Pc);
            });
        // la gives PCC offsets; with a root PCC they are absolute addresses, so c1's base is target + 1: odd.
        program.AssertCheriTrap(1 << 5 | 0x0B, "fault");
    }

    [Fact]
    public void Mepc_and_mtvec_are_offsets_from_their_capabilities_bases()
    {
        using var program = new CheriProgram("""
            _start:
                cspecialr c5, pcc
                cspecialw mtcc, c5
                la t0, handler
                csrw mtvec, t0
                csrr s3, mtvec
            fault:
                li t0, 0x10000
                ld a0, 0(t0)
                ebreak
            handler:
                csrr s2, mepc
                addi t1, s2, 4
                csrw mepc, t1
                mret
            """);
        Relocate(program.Hart);
        program.Hart.TrapHandler = new DeliverAllButBreakpoints();
        Assert.Equal(StopReason.Stopped, program.Hart.Run(100));
        Assert.Equal(program.Address("handler") - CodeBase, program.X(19));
        Assert.Equal(program.Address("fault") + 4 - CodeBase, program.X(18));
        Assert.Equal(program.Address("fault") + 8, program.Hart.Pc);
        Assert.Equal(program.Address("fault") + 8, program.Hart.Mepcc.Address);
    }

    [Fact]
    public void A_guest_linked_at_0_runs_unmodified_in_a_relocated_compartment()
    {
        // As Intravisor loads a hybrid cVM: the image, linked at 0, is copied to the compartment's base, and PCC and
        // DDC both start there; absolute addresses in the code (function pointers, data) are compartment offsets.
        const ulong compartment = 0x40000;
        var image = Linker.Link(TextAssembler.Assemble("""
                .text
            _start:
                lui t0, %hi(value)
                addi t0, t0, %lo(value)
                ld a0, 0(t0)
                addi a0, a0, 1
                sd a0, 0(t0)
                lui t1, %hi(function)
                addi t1, t1, %lo(function)
                jalr ra, t1
            done:
                ebreak
            function:
                auipc a1, 0
                ret
                .data
            value:
                .dword 41
            """, "guest.s"), baseAddress: 0);
        using var memory = new TaggedMemory(16 << 20);
        memory.Map(compartment, 0x10000);
        foreach (var section in image.Sections)
        {
            Assert.True(memory.TryWrite(compartment + section.Address, section.Data));
        }
        var traps = new StopOnTrap();
        var hart = new Hart(memory) { TrapHandler = traps, LegacyRelocation = true };
        hart.Pcc = Capability.Root.SetAddress(compartment).SetBoundsExact(0x10000).SetAddress(compartment + image.Entry);
        hart.SetDataCapability(Capability.Root.SetAddress(compartment).SetBoundsExact(0x10000));

        Assert.Equal(StopReason.Stopped, hart.Run(1000));

        ulong Symbol(string name) => image.Symbols.Single(symbol => symbol.Name == name).Address;
        var trap = Assert.Single(traps.Traps);
        Assert.Equal(TrapCause.Breakpoint, trap.Cause);
        Assert.Equal(compartment + Symbol("done"), trap.Pc);
        Assert.Equal(42UL, hart.GetRegister(10));
        Assert.Equal(Symbol("function"), hart.GetRegister(11));
        Assert.Equal(Symbol("done"), hart.GetRegister(1));
        Span<byte> value = stackalloc byte[8];
        Assert.True(memory.TryRead(compartment + Symbol("value"), value));
        Assert.Equal(42UL, BitConverter.ToUInt64(value));
    }

    private sealed class DeliverAllButBreakpoints : ITrapHandler
    {
        public TrapDisposition HandleTrap(Hart hart, in Trap trap) =>
            trap.Cause == TrapCause.Breakpoint ? TrapDisposition.Stop : TrapDisposition.Deliver;
    }
}
