using Cvm.Cheri;

namespace Cvm.Machine.Tests.Cheri;

/// <summary>CSpecialRW (§3.5), the CSR and mret ASR rule, and MTCC/MEPCC on trap entry and return (§5).</summary>
public sealed class SpecialRegisterTests
{
    /// <summary>Continues at <c>unprivileged</c> with a PCC that lacks Access_System_Registers.</summary>
    private const string DropSystemRegisters = """
            cspecialr c1, pcc
            la t0, unprivileged
            csetaddr c1, c1, t0
            li t1, ~0x400
            candperm c1, c1, t1
            jalr.cap c2, c1
        unprivileged:
        """;

    [Fact]
    public void PCC_reads_with_the_address_of_the_instruction_and_DDC_round_trips()
    {
        using var program = CheriProgram.Run("""
            _start:
                nop
            here:
                cspecialr c1, pcc
                cgetaddr a0, c1
                cgetperm a1, c1
                cspecialr c2, ddc
                li t0, 0x100000
                csetaddr c2, c2, t0
                cspecialrw c3, ddc, c2
                cspecialr c4, ddc
                cseqx a2, c4, c2
                cgetaddr a3, c3
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(program.Address("here"), program.X(10));
        Assert.Equal(0x78FFFUL, program.X(11));
        Assert.Equal(1UL, program.X(12));
        Assert.Equal(0UL, program.X(13));
        Assert.Equal(0x100000UL, program.Hart.Ddc.Address);
    }

    [Theory]
    [InlineData("cspecialw pcc, c1")]                // PCC is read-only
    [InlineData("cspecialr c1, 2")]                  // no such SCR
    [InlineData("cspecialr c1, utcc")]               // U SCRs need the N extension
    [InlineData("cspecialr c1, sepcc")]              // S SCRs need S-mode
    [InlineData("cspecialrw c1, stdc, c1")]
    public void Missing_and_read_only_special_registers_are_illegal(string instruction)
    {
        using var program = CheriProgram.Run($"""
            _start:
                cspecialr c1, ddc
            fault:
                {instruction}
                ebreak
            """);
        program.AssertTrap(TrapCause.IllegalInstruction, ReadWord(program, "fault"), "fault");
    }

    [Fact]
    public void Machine_special_registers_are_illegal_from_U_mode()
    {
        using var program = new CheriProgram("""
            _start:
            fault:
                cspecialr c1, mtdc
                ebreak
            """);
        program.Hart.Privilege = PrivilegeMode.User;
        program.Run();
        program.AssertTrap(TrapCause.IllegalInstruction, ReadWord(program, "fault"), "fault");
    }

    [Theory]
    [InlineData("mtcc", 0x798)]
    [InlineData("mtdc", 0x7B8)]
    [InlineData("mscratchc", 0x7D8)]
    [InlineData("mepcc", 0x7F8)]
    public void Machine_special_registers_need_ASR_in_PCC(string scr, ulong mtval)
    {
        using var program = CheriProgram.Run($"""
            _start:
            {DropSystemRegisters}
            fault:
                cspecialr c3, {scr}
                ebreak
            """);
        program.AssertCheriTrap(mtval, "fault");
        Assert.Equal($"CHERI exception: Access_System_Registers violation on {scr switch { "mscratchc" => "MScratchC", _ => scr.ToUpperInvariant() }}",
            program.Trap.Description);
    }

    [Fact]
    public void CSRs_need_ASR_except_the_unprivileged_counters_and_floating_point_CSRs()
    {
        using var program = new CheriProgram($"""
            _start:
            {DropSystemRegisters}
                rdcycle a0
                rdinstret a1
                csrr a2, hpmcounter3
                frrm a3
                csrw fflags, zero
            fault:
                csrr a4, mscratch
                ebreak
            """);
        program.Hart.EnableFloatingPoint();
        program.Run();
        program.AssertCheriTrap(0x418, "fault");
    }

    [Fact]
    public void A_CSR_that_does_not_exist_is_illegal_before_the_ASR_check()
    {
        using var program = CheriProgram.Run($"""
            _start:
            {DropSystemRegisters}
            fault:
                csrr a4, 0x7c0
                ebreak
            """);
        program.AssertTrap(TrapCause.IllegalInstruction, ReadWord(program, "fault"), "fault");
    }

    [Fact]
    public void Mret_needs_ASR()
    {
        using var program = CheriProgram.Run($"""
            _start:
            {DropSystemRegisters}
            fault:
                mret
                ebreak
            """);
        program.AssertCheriTrap(0x418, "fault");
    }

    [Fact]
    public void Trap_entry_saves_PCC_in_MEPCC_and_installs_MTCC_and_mret_restores_it()
    {
        // The handler runs under a bounded MTCC; it reads MEPCC, steps over the faulting instruction and returns.
        using var program = new CheriProgram("""
            _start:
                cspecialr c1, pcc
                la t0, handler
                csetaddr c1, c1, t0
                li t1, 0x40
                csetbounds c1, c1, t1
                cspecialw mtcc, c1
                csrr s2, mtvec
                cspecialr c3, ddc
                cspecialw mscratchc, c3
                li t2, 0x100000
                csetaddr c3, c3, t2
                cspecialw mtdc, c3
            fault:
                ld.cap a0, (c0)
                cspecialr c5, pcc
                cgetlen s3, c5
                ebreak
            handler:
                cspecialr c4, mepcc
                cspecialr c6, pcc
                cgetlen s4, c6
                cgetbase s5, c6
                csrr t3, mepc
                addi t3, t3, 4
                csrw mepc, t3
                csrr s6, mcause
                csrr s7, mtval
                mret
            """);
        // Deliver CHERI traps to the guest; stop at the breakpoint.
        program.Hart.TrapHandler = new DeliverAllButBreakpoints();
        Assert.Equal(StopReason.Stopped, program.Hart.Run(1000));
        Assert.Equal(program.Address("handler"), program.X(18));
        Assert.Equal(0x40UL, program.X(20));
        Assert.Equal(program.Address("handler"), program.X(21));
        Assert.Equal(28UL, program.X(22));
        Assert.Equal(0x02UL, program.X(23));  // tag violation on c0
        Assert.Equal(ulong.MaxValue, program.X(19)); // PCC is the root again after mret
        var mepcc = program.C(4);
        Assert.True(mepcc.Tag);
        Assert.Equal(program.Address("fault"), mepcc.Address);
        Assert.Equal(ulong.MaxValue, mepcc.SaturatedLength);
        Assert.Equal(0x100000UL, program.Hart.Mtdc.Address);
        Assert.True(program.Hart.MScratchC.Tag);
    }

    [Fact]
    public void Writing_mtvec_or_mepc_sets_the_address_of_MTCC_or_MEPCC_precisely()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x10000
                csetaddr c1, c1, t0
                li t1, 0x100
                csetbounds c1, c1, t1
                cspecialw mtcc, c1
                li t2, 0x10040
                csrw mtvec, t2
                cspecialr c2, mtcc
                cgettag a0, c2
                cgetaddr a1, c2
                li t2, 0x7000000
                csrw mtvec, t2
                cspecialr c3, mtcc
                cgettag a2, c3
                csealentry c4, c1
                cspecialw mepcc, c4
                csrw mepc, t0
                cspecialr c5, mepcc
                cgettag a3, c5
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(1UL, program.X(10));
        Assert.Equal(0x10040UL, program.X(11));
        Assert.Equal(0UL, program.X(12)); // far outside the representable region
        Assert.Equal(0UL, program.X(13)); // sealed: CSetAddr clears the tag
    }

    private static ulong ReadWord(CheriProgram program, string label)
    {
        var bytes = new byte[4];
        Assert.True(program.Memory.TryRead(program.Address(label), bytes));
        return BitConverter.ToUInt32(bytes);
    }

    private sealed class DeliverAllButBreakpoints : ITrapHandler
    {
        public TrapDisposition HandleTrap(Hart hart, in Trap trap) =>
            trap.Cause == TrapCause.Breakpoint ? TrapDisposition.Stop : TrapDisposition.Deliver;
    }
}
