namespace Cvm.Machine.Tests;

public class TrapTests
{
    private const int Mepc = Hart.Csr.Mepc, Mcause = Hart.Csr.Mcause, Mtval = Hart.Csr.Mtval, Mstatus = Hart.Csr.Mstatus;
    private const ulong Handler = TestMachine.CodeBase + 0x800;

    /// <summary>A machine whose mtvec points at an ebreak the test handler stops on, so a delivered trap is visible.</summary>
    private static TestMachine WithTrapVector(params uint[] code)
    {
        var machine = new TestMachine(code);
        machine.Load(Handler, Encode.Ebreak);
        Assert.True(machine.Hart.TryWriteCsr(Hart.Csr.Mtvec, Handler));
        machine.Hart.TrapHandler = new DeliverThenStopAtBreakpoint();
        return machine;
    }

    private sealed class DeliverThenStopAtBreakpoint : ITrapHandler
    {
        public TrapDisposition HandleTrap(Hart hart, in Trap trap) =>
            trap.Cause == TrapCause.Breakpoint && trap.Pc == Handler ? TrapDisposition.Stop : TrapDisposition.Deliver;
    }

    [Fact]
    public void Illegal_instruction_delivers_mcause_2_with_the_encoding_in_mtval()
    {
        using var machine = WithTrapVector(Encode.Addi(1, 0, 1), 0xffff_ffff);
        machine.Hart.Run(100);
        Assert.Equal(2UL, machine.Csr(Mcause));
        Assert.Equal(0xffff_ffffUL, machine.Csr(Mtval));
        Assert.Equal(TestMachine.CodeBase + 4, machine.Csr(Mepc));
        Assert.Equal(Handler, machine.Hart.Pc);
        Assert.Equal(1UL, machine.Hart.InstructionsRetired);
    }

    [Fact]
    public void A_compressed_illegal_instruction_reports_its_16_bits()
    {
        // 0x0000 is the defined-illegal compressed encoding; follow it with padding.
        using var machine = WithTrapVector(0x0000_0000);
        machine.Hart.Run(100);
        Assert.Equal(2UL, machine.Csr(Mcause));
        Assert.Equal(0UL, machine.Csr(Mtval));
        Assert.Equal(TestMachine.CodeBase, machine.Csr(Mepc));
    }

    [Theory]
    [InlineData(false, 5UL)]
    [InlineData(true, 7UL)]
    public void Loads_and_stores_to_unmapped_memory_are_access_faults_with_the_address(bool store, ulong cause)
    {
        using var machine = WithTrapVector(store ? Encode.Sd(5, 0, 8) : Encode.Ld(6, 5, 8));
        machine.Hart.SetRegister(5, 0x500000);
        machine.Hart.Run(100);
        Assert.Equal(cause, machine.Csr(Mcause));
        Assert.Equal(0x500008UL, machine.Csr(Mtval));
        Assert.Equal(TestMachine.CodeBase, machine.Csr(Mepc));
        Assert.Equal(0UL, machine.Hart.GetRegister(6));
    }

    [Fact]
    public void Jumping_to_unmapped_memory_is_an_instruction_access_fault_at_the_target()
    {
        using var machine = WithTrapVector(Encode.Jalr(1, 5, 0));
        machine.Hart.SetRegister(5, 0x600000);
        machine.Hart.Run(100);
        Assert.Equal(1UL, machine.Csr(Mcause));
        Assert.Equal(0x600000UL, machine.Csr(Mtval));
        Assert.Equal(0x600000UL, machine.Csr(Mepc));
        Assert.Equal(TestMachine.CodeBase + 4, machine.Hart.GetRegister(1));
    }

    [Fact]
    public void Without_C_a_jump_to_a_halfword_boundary_is_a_misaligned_fetch_at_the_jump()
    {
        using var machine = WithTrapVector(Encode.Jal(1, 6));
        machine.Hart.CompressedEnabled = false;
        machine.Hart.Run(100);
        Assert.Equal(0UL, machine.Csr(Mcause));
        Assert.Equal(TestMachine.CodeBase + 6, machine.Csr(Mtval));
        Assert.Equal(TestMachine.CodeBase, machine.Csr(Mepc));
        Assert.Equal(0UL, machine.Hart.GetRegister(1)); // the jump did not happen
    }

    [Theory]
    [InlineData(6)]
    [InlineData(-2)]
    public void Without_C_a_taken_branch_to_a_halfword_boundary_is_a_misaligned_fetch(int offset)
    {
        using var machine = WithTrapVector(Encode.Addi(0, 0, 0), Encode.B(0, 0, 0, offset));
        machine.Hart.CompressedEnabled = false;
        machine.Hart.Run(100);
        Assert.Equal(0UL, machine.Csr(Mcause));
        Assert.Equal(TestMachine.CodeBase + 4 + (ulong)(long)offset, machine.Csr(Mtval));
        Assert.Equal(TestMachine.CodeBase + 4, machine.Csr(Mepc));
    }

    [Fact]
    public void Clearing_misa_C_makes_compressed_encodings_illegal()
    {
        using var machine = WithTrapVector(Encode.Csrrs(0, Hart.Csr.Misa, 0));
        Assert.True(machine.Hart.TryReadCsr(Hart.Csr.Misa, out var misa));
        Assert.NotEqual(0UL, misa & 4);
        Assert.True(machine.Hart.TryWriteCsr(Hart.Csr.Misa, misa & ~4UL));
        Assert.False(machine.Hart.CompressedEnabled);
        machine.Load(TestMachine.CodeBase, 0x0001_0001); // two c.nop
        machine.Hart.Run(100);
        Assert.Equal(2UL, machine.Csr(Mcause));
    }

    [Fact]
    public void Ecall_from_M_and_U_mode_have_their_own_causes_and_no_mtval()
    {
        using var machine = WithTrapVector(Encode.Ecall);
        machine.Hart.Run(100);
        Assert.Equal(11UL, machine.Csr(Mcause));
        Assert.Equal(0UL, machine.Csr(Mtval));

        using var user = WithTrapVector(Encode.Ecall);
        user.Hart.Privilege = PrivilegeMode.User;
        user.Hart.Run(100);
        Assert.Equal(8UL, user.Csr(Mcause));
        Assert.Equal(PrivilegeMode.Machine, user.Hart.Privilege);
        Assert.Equal(0UL, (user.Csr(Mstatus) >> 11) & 3); // MPP = U
    }

    [Fact]
    public void Ebreak_reports_its_pc_in_mtval()
    {
        using var machine = WithTrapVector(Encode.Addi(0, 0, 0), Encode.Ebreak);
        machine.Hart.Run(100);
        Assert.Equal(3UL, machine.Csr(Mcause));
        Assert.Equal(TestMachine.CodeBase + 4, machine.Csr(Mtval));
        Assert.Equal(TestMachine.CodeBase + 4, machine.Csr(Mepc));
    }

    [Fact]
    public void Trap_entry_saves_MIE_in_MPIE_and_mret_restores_it_and_the_mode()
    {
        using var machine = new TestMachine(Encode.Ecall, Encode.Addi(7, 0, 42), Encode.Ebreak);
        // Trap handler: advance mepc past the ecall and return.
        machine.Load(Handler, Encode.Csrrs(5, Hart.Csr.Mepc, 0), Encode.Addi(5, 5, 4), Encode.Csrrw(0, Hart.Csr.Mepc, 5), Encode.Mret);
        machine.Hart.TryWriteCsr(Hart.Csr.Mtvec, Handler);
        machine.Hart.TryWriteCsr(Mstatus, 1UL << 3); // MIE
        var stop = new StopOnBreakpoint();
        machine.Hart.TrapHandler = stop;
        machine.Hart.Run(100);
        Assert.Equal(42UL, machine.Hart.GetRegister(7));
        Assert.Equal(PrivilegeMode.Machine, machine.Hart.Privilege);
        Assert.Equal((1UL << 3) | (1UL << 7), machine.Csr(Mstatus) & ((1UL << 3) | (1UL << 7))); // MIE restored, MPIE set
    }

    private sealed class StopOnBreakpoint : ITrapHandler
    {
        public TrapDisposition HandleTrap(Hart hart, in Trap trap) =>
            trap.Cause == TrapCause.Breakpoint ? TrapDisposition.Stop : TrapDisposition.Deliver;
    }

    [Fact]
    public void U_mode_cannot_touch_machine_csrs_or_mret()
    {
        using var machine = WithTrapVector(Encode.Csrrs(5, Hart.Csr.Mstatus, 0));
        machine.Hart.Privilege = PrivilegeMode.User;
        machine.Hart.Run(100);
        Assert.Equal(2UL, machine.Csr(Mcause));

        using var mret = WithTrapVector(Encode.Mret);
        mret.Hart.Privilege = PrivilegeMode.User;
        mret.Hart.Run(100);
        Assert.Equal(2UL, mret.Csr(Mcause));
        Assert.Equal((ulong)Encode.Mret, mret.Csr(Mtval));
    }

    [Fact]
    public void A_host_handler_can_claim_ecall_and_complete_it()
    {
        using var machine = new TestMachine(Encode.Addi(17, 0, 5), Encode.Ecall, Encode.Addi(6, 10, 1), Encode.Ebreak);
        var handler = new CompleteEcallReturning(41);
        machine.Hart.TrapHandler = handler;
        machine.Hart.Run(100);
        Assert.Equal(42UL, machine.Hart.GetRegister(6));
        Assert.Equal(2UL, machine.Hart.InstructionsRetired); // the two addi: the ecall trapped, so it did not retire
    }

    private sealed class CompleteEcallReturning(ulong value) : ITrapHandler
    {
        public TrapDisposition HandleTrap(Hart hart, in Trap trap)
        {
            if (trap.Cause != TrapCause.EnvironmentCallFromMachine)
            {
                return TrapDisposition.Stop;
            }
            hart.SetRegister(10, value);
            return TrapDisposition.Complete;
        }
    }

    [Fact]
    public void Without_a_fetchable_trap_vector_the_run_stops_instead_of_looping()
    {
        using var machine = new TestMachine(0xffff_ffff);
        machine.Hart.TryWriteCsr(Hart.Csr.Mtvec, 0x700000);
        Assert.Equal(StopReason.Stopped, machine.Hart.Run(1000));
        Assert.Equal(TrapCause.InstructionAccessFault, machine.Hart.LastTrap?.Cause);
    }
}

public class FloatingPointHartTests
{
    [Fact]
    public void Floating_point_instructions_are_illegal_while_mstatus_FS_is_off()
    {
        using var machine = new TestMachine(0x0000_0053u /* fadd.s f0, f0, f0, rne */);
        var handler = new StopOnTrap();
        machine.Hart.TrapHandler = handler;
        machine.Hart.Run(10);
        Assert.Equal(TrapCause.IllegalInstruction, Assert.Single(handler.Traps).Cause);
    }

    [Theory]
    [InlineData(0x0000_5053u)] // static rounding mode 5 is reserved
    [InlineData(0x0000_6053u)] // and so is 6
    public void Reserved_rounding_modes_are_illegal(uint bits)
    {
        using var machine = new TestMachine(bits);
        machine.Hart.EnableFloatingPoint();
        var handler = new StopOnTrap();
        machine.Hart.TrapHandler = handler;
        machine.Hart.Run(10);
        Assert.Equal(TrapCause.IllegalInstruction, Assert.Single(handler.Traps).Cause);
    }

    [Fact]
    public void Single_precision_results_are_nan_boxed_and_unboxed_inputs_read_as_the_canonical_nan()
    {
        // fadd.s f1, f2, f3 (rne); f2 is not boxed, so it is the canonical NaN, and so is the sum.
        using var machine = new TestMachine(0x0031_00d3u, Encode.Ebreak);
        machine.Hart.EnableFloatingPoint();
        machine.Hart.SetFloatRegister(2, 0x3f80_0000); // 1.0f, but without the upper ones
        machine.Hart.SetFloatRegister(3, 0xffff_ffff_3f80_0000);
        machine.Hart.TrapHandler = new StopOnTrap();
        machine.Hart.Run(10);
        Assert.Equal(0xffff_ffff_7fc0_0000UL, machine.Hart.GetFloatRegister(1));
    }

    [Fact]
    public void Fflags_accumulate_and_read_through_fcsr()
    {
        // fdiv.d f1, f2, f3 with f3 = +0: divide by zero. Then csrrs a0, fcsr, x0.
        using var machine = new TestMachine(0x1a31_70d3u, Encode.Csrrs(10, Hart.Csr.Fcsr, 0), Encode.Ebreak);
        machine.Hart.EnableFloatingPoint();
        machine.Hart.SetFloatRegister(2, BitConverter.DoubleToUInt64Bits(1.0));
        machine.Hart.SetFloatRegister(3, 0);
        machine.Hart.TrapHandler = new StopOnTrap();
        machine.Hart.Run(10);
        Assert.Equal(BitConverter.DoubleToUInt64Bits(double.PositiveInfinity), machine.Hart.GetFloatRegister(1));
        Assert.Equal(8UL, machine.Hart.GetRegister(10)); // DZ
    }
}
