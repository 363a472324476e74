using Cvm.Cheri;

namespace Cvm.Machine.Tests.Cheri;

/// <summary>
/// Capability mode (PCC.flag = 1, cheri-riscv.md §4): standard loads, stores, atomics and FP accesses authorised
/// by cs1, AUIPCC, CJAL, CJALR with sentries, the compressed capability-mode forms, and the mode switch itself.
/// </summary>
public sealed class CapabilityModeTests
{
    /// <summary>
    /// Integer-mode prologue: c1 := PCC with the capability-mode flag at <c>capcode</c>, then a jump into it; c2 :=
    /// DDC bounded to [0x100000, 0x100100) with the permissions in t1 (all by default).
    /// </summary>
    private static string EnterCapabilityMode(string permissions = "0xfff") => $"""
            _start:
                cspecialr c2, ddc
                li t0, 0x100000
                csetaddr c2, c2, t0
                li t0, 0x100
                csetbounds c2, c2, t0
                li t1, {permissions}
                candperm c2, c2, t1
                cspecialr c1, pcc
                li t0, 1
                csetflags c1, c1, t0
                la t0, capcode
                csetaddr c1, c1, t0
                jalr.cap c0, c1
            .option capmode
            capcode:
            """;

    [Fact]
    public void Standard_loads_and_stores_go_through_cs1_with_the_immediate()
    {
        using var program = CheriProgram.Run(EnterCapabilityMode() + """
                li a0, -2
                sd a0, 16(c2)
                lb a1, 16(c2)
                lbu a2, 16(c2)
                lh a3, 16(c2)
                lhu a4, 16(c2)
                lw a5, 16(c2)
                lwu a6, 16(c2)
                li s2, 0x5a
                sb s2, 24(c2)
                li s3, 0x1234
                sh s3, 26(c2)
                sw s3, 28(c2)
                ld a7, 24(c2)
                cspecialr c5, pcc
                cgetflags s4, c5
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(ulong.MaxValue - 1, program.X(11));
        Assert.Equal(0xfeUL, program.X(12));
        Assert.Equal(ulong.MaxValue - 1, program.X(13));
        Assert.Equal(0xfffeUL, program.X(14));
        Assert.Equal(ulong.MaxValue - 1, program.X(15));
        Assert.Equal(0xfffffffeUL, program.X(16));
        Assert.Equal(0x0000_1234_1234_005aUL, program.X(17));
        Assert.Equal(1UL, program.X(20));
    }

    public static TheoryData<string, string, ulong> AccessFaults => new()
    {
        // Through an integer (NULL-derived) register: a tag violation on it, whatever its value.
        { "0xfff", "li a3, 0x100000\nfault: ld a0, 0(a3)", 13 << 5 | 0x02 },
        { "0xfff", "fault: lw a0, 0(zero)", 0x02 },
        { "0xfff", "csealentry c3, c2\nfault: ld a0, 0(c3)", 3 << 5 | 0x03 },
        { "0xffb", "fault: ld a0, 0(c2)", 2 << 5 | 0x12 },
        { "0xff7", "fault: sd a0, 0(c2)", 2 << 5 | 0x13 },
        { "0xfff", "fault: ld a0, 0xf9(c2)", 2 << 5 | 0x01 },
        { "0xfff", "fault: sw a0, -4(c2)", 2 << 5 | 0x01 },
        { "0xff7", "fault: amoadd.w a0, a1, (c2)", 2 << 5 | 0x13 },
        { "0xffb", "fault: lr.d a0, (c2)", 2 << 5 | 0x12 },
        { "0xfff", "cincoffset c3, c2, 0xfc\nfault: amoswap.d a0, a1, (c3)", 3 << 5 | 0x01 },
        { "0xfdf", "fault: csc c1, 0(c2)", 2 << 5 | 0x15 },
        { "0xfff", "cincoffset c3, c2, 0xf8\nfault: clc c4, 0(c3)", 3 << 5 | 0x01 },
    };

    [Theory]
    [MemberData(nameof(AccessFaults))]
    public void Accesses_check_cs1_in_the_Sail_order(string permissions, string access, ulong mtval)
    {
        using var program = CheriProgram.Run(EnterCapabilityMode(permissions) + access + "\nebreak\n");
        program.AssertCheriTrap(mtval, "fault");
    }

    [Fact]
    public void Misalignment_and_mapping_come_after_the_capability_checks()
    {
        using var misaligned = CheriProgram.Run(EnterCapabilityMode() + "cincoffset c3, c2, 2\nfault: lr.w a0, (c3)\nebreak\n");
        misaligned.AssertTrap(TrapCause.LoadAddressMisaligned, 0x100002, "fault");
        using var unmapped = CheriProgram.Run(EnterCapabilityMode() + """
                cspecialr c3, ddc
                li t0, 0x200000
                csetaddr c3, c3, t0
            fault:
                sd a0, 0(c3)
                ebreak
            """);
        unmapped.AssertTrap(TrapCause.StoreAccessFault, 0x200000, "fault");
    }

    [Fact]
    public void Atomics_and_capability_accesses_work_through_cs1()
    {
        using var program = CheriProgram.Run(EnterCapabilityMode() + """
                li a0, 5
                sd a0, 0(c2)
                li a1, 7
                amoadd.d a2, a1, (c2)
                ld a3, 0(c2)
                lr.d a4, (c2)
                sc.d a5, a1, (c2)
                csc c2, 16(c2)
                clc c6, 16(c2)
                cgettag s2, c6
                cgetlen s3, c6
                cincoffset c7, c2, 32
                amoswap.c c8, c2, (c7)
                clc c9, 32(c2)
                cgettag s4, c9
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(5UL, program.X(12));
        Assert.Equal(12UL, program.X(13));
        Assert.Equal(12UL, program.X(14));
        Assert.Equal(0UL, program.X(15));
        Assert.Equal(1UL, program.X(18));
        Assert.Equal(0x100UL, program.X(19));
        Assert.Equal(1UL, program.X(20));
    }

    [Fact]
    public void Tag_integrity_holds_for_capability_mode_accesses()
    {
        using var program = CheriProgram.Run(EnterCapabilityMode() + """
                csc c2, 0(c2)
                sb zero, 9(c2)
                clc c3, 0(c2)
                cgettag a0, c3
                csc c2, 16(c2)
                ld t0, 16(c2)
                ld t1, 24(c2)
                sd t0, 32(c2)
                sd t1, 40(c2)
                clc c4, 32(c2)
                cgettag a1, c4
                cseqx a2, c4, c2
                cmove c5, c2
                cincoffset c6, c2, 48
                amoswap.c c7, c5, (c6)
                clc c8, 48(c2)
                cgettag a3, c8
            fault:
                ld a4, 0(c4)
                ebreak
            """);
        program.AssertCheriTrap(4 << 5 | 0x02, "fault");
        Assert.Equal(0UL, program.X(10));
        Assert.Equal(0UL, program.X(11));
        Assert.Equal(0UL, program.X(12));
        Assert.Equal(1UL, program.X(13));
        Assert.Equal(program.C(2).Address, program.C(4).Address);
    }

    [Fact]
    public void Explicit_ddc_forms_stay_checked_against_DDC_in_capability_mode()
    {
        using var program = CheriProgram.Run(EnterCapabilityMode() + """
                li t0, 0x1000f8
                li a0, 9
                sd.ddc a0, (t0)
                ld a1, 0xf8(c2)
                li t0, 0x100100
            fault:
                ld.ddc a2, (t0)
                ebreak
            """, hart => hart.SetDataCapability(Capability.Root.SetAddress(0x100000).SetBoundsExact(0x100)));
        program.AssertCheriTrap(0x421, "fault");
        Assert.Equal(9UL, program.X(11));
    }

    [Fact]
    public void Floating_point_accesses_go_through_cs1()
    {
        using var program = CheriProgram.Run(EnterCapabilityMode() + """
                li a0, 0x400921fb54442d18
                sd a0, 0(c2)
                fld f1, 0(c2)
                fsd f1, 8(c2)
                ld a1, 8(c2)
                flw f2, 0(c2)
                fsw f2, 16(c2)
                lwu a2, 16(c2)
            fault:
                fld f3, 0xfc(c2)
                ebreak
            """, hart => hart.EnableFloatingPoint());
        program.AssertCheriTrap(2 << 5 | 0x01, "fault");
        Assert.Equal(0x400921fb54442d18UL, program.X(11));
        Assert.Equal(0x54442d18UL, program.X(12));
    }

    [Fact]
    public void A_purecap_program_derives_bounded_capabilities_calls_through_a_sentry_and_returns()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, pcc
                li t0, 1
                csetflags c1, c1, t0
                la t0, function
                csetaddr c3, c1, t0
                li t1, 12
                csetbounds c3, c3, t1
                csealentry c3, c3
                la t0, capcode
                csetaddr c1, c1, t0
                jalr.cap c0, c1
            .option capmode
            capcode:
                cspecialr c2, ddc
                li t0, 0x100000
                csetaddr c2, c2, t0
                li t1, 64
                csetbounds c2, c2, t1
                li t2, 42
                sd t2, 8(c2)
            call:
                cjalr cra, 0(c3)
                ld a1, 8(c2)
                cspecialr c5, pcc
                cgetflags a2, c5
                cgetlen a3, c5
                ebreak
            function:
                ld a0, 8(c2)
                addi a0, a0, 1
                cjalr c0, 0(cra)
            """);
        program.AssertCompleted();
        Assert.Equal(43UL, program.X(10));
        Assert.Equal(42UL, program.X(11));
        Assert.Equal(1UL, program.X(12));
        Assert.Equal(ulong.MaxValue, program.X(13));
        var link = program.C(1);
        Assert.True(link.Tag);
        Assert.True(link.IsSentry);
        Assert.True(link.Flag);
        Assert.Equal(program.Address("call") + 4, link.Address);
    }

    [Fact]
    public void A_bounded_function_cannot_reach_past_its_PCC()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, pcc
                li t0, 1
                csetflags c1, c1, t0
                la t0, function
                csetaddr c3, c1, t0
                li t1, 8
                csetbounds c3, c3, t1
                csealentry c3, c3
                la t0, capcode
                csetaddr c1, c1, t0
                jalr.cap c0, c1
            .option capmode
            capcode:
                cjalr cra, 0(c3)
                ebreak
            function:
                nop
            fault:
                cjal c0, capcode
            """);
        program.AssertCheriTrap(0x401, "fault");
    }

    public static TheoryData<string, ulong> JumpFaults => new()
    {
        { "cmove c3, c2\nfault: cjalr cra, 0(c4)", 4 << 5 | 0x02 },
        { "csealentry c4, c1\nfault: cjalr cra, 4(c4)", 4 << 5 | 0x03 },
        { "cspecialr c7, ddc\nli t0, 1234\ncsetaddr c7, c7, t0\ncseal c4, c1, c7\nfault: cjalr cra, 0(c4)", 4 << 5 | 0x03 },
        { "li t0, 0xffd\ncandperm c4, c1, t0\nfault: cjalr cra, 0(c4)", 4 << 5 | 0x11 },
        { "li t0, 4\ncsetbounds c4, c1, t0\nfault: cjalr cra, 4(c4)", 4 << 5 | 0x01 },
        { "li t0, 4\ncsetbounds c4, c1, t0\nfault: cjalr cra, -2(c4)", 4 << 5 | 0x01 },
    };

    [Theory]
    [MemberData(nameof(JumpFaults))]
    public void CJALR_checks_cs1_in_the_Sail_order(string jump, ulong mtval)
    {
        using var program = CheriProgram.Run(EnterCapabilityMode() + jump + "\nebreak\n");
        program.AssertCheriTrap(mtval, "fault");
    }

    [Fact]
    public void AUIPCC_derives_from_PCC_and_CJAL_links_a_sentry()
    {
        using var program = CheriProgram.Run(EnterCapabilityMode() + """
            here:
                auipcc c4, 1
                cgettag a0, c4
                cgetflags a1, c4
                cgetaddr a2, c4
            call:
                cjal cra, target
                ebreak
            target:
                cgettype a3, cra
                cgetaddr a4, cra
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(1UL, program.X(10));
        Assert.Equal(1UL, program.X(11));
        Assert.Equal(program.Address("here") + 0x1000, program.X(12));
        Assert.Equal(unchecked((ulong)-2L), program.X(13));
        Assert.Equal(program.Address("call") + 4, program.X(14));
    }

    [Fact]
    public void Integer_operations_on_capability_registers_make_NULL_derived_values()
    {
        using var program = CheriProgram.Run(EnterCapabilityMode() + """
                addi a0, a2, 0
                cmove c10, c2
                addi a0, a0, 8
            fault:
                ld a1, 0(a0)
                ebreak
            """);
        program.AssertCheriTrap(10 << 5 | 0x02, "fault");
        Assert.Equal(0x100008UL, program.X(10));
    }

    [Fact]
    public void JALR_PCC_is_an_integer_jump_checked_against_PCC()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, pcc
                li t0, 1
                csetflags c1, c1, t0
                la t0, capcode
                csetaddr c1, c1, t0
                li t1, 0x40
                csetbounds c1, c1, t1
                la s2, inside
                la s3, outside
                jalr.cap c0, c1
            .option capmode
            capcode:
            jump:
                jalr.pcc ra, s2
                ebreak
            inside:
                cgettag a0, cra
            fault:
                jalr.pcc ra, s3
                ebreak
                .space 0x40
            outside:
                ebreak
            """);
        program.AssertCheriTrap(0x401, "fault");
        Assert.Equal(program.Address("jump") + 4, program.X(1));
        Assert.Equal(0UL, program.X(10));
    }

    [Fact]
    public void Compressed_capability_mode_forms()
    {
        using var program = CheriProgram.Run(EnterCapabilityMode() + """
                cmove csp, c2
                c.cincoffset16csp csp, 64
                cgetoffset a0, csp
                c.cincoffset4cspn c8, csp, 16
                cgetoffset a1, c8
                c.csc c8, 16(c8)
                c.clc c9, 16(c8)
                cgettag a2, c9
                cgetoffset a3, c9
                c.csccsp c2, 32(csp)
                c.clccsp c9, 32(csp)
                cgetlen s2, c9
                li a4, 7
                c.sd a4, 0(c8)
                c.ld a5, 0(c8)
                cspecialr c14, pcc
                la t0, target
                csetaddr c14, c14, t0
            call:
                c.cjalr c14
                ebreak
            target:
                cgettype s3, cra
                c.cjr cra
            """);
        program.AssertCompleted();
        Assert.Equal(64UL, program.X(10));
        Assert.Equal(80UL, program.X(11));
        Assert.Equal(1UL, program.X(12));
        Assert.Equal(80UL, program.X(13));
        Assert.Equal(0x100UL, program.X(18));
        Assert.Equal(7UL, program.X(15));
        Assert.Equal(unchecked((ulong)-2L), program.X(19));
        Assert.Equal(program.Address("call") + 2, program.C(1).Address);
    }

    [Fact]
    public void Traps_switch_mode_with_MTCC_and_mret_restores_it_from_MEPCC()
    {
        using var program = new CheriProgram(EnterCapabilityMode() + """
                li a0, 1
            fault:
                ld a1, 0(a0)
                ebreak
            .option nocapmode
            handler:
                csrr s2, mepc
                addi s2, s2, 4
                csrw mepc, s2
                li s3, 0x100000
                ld s4, 0(s3)
                mret
            """);
        Assert.True(program.Hart.TryWriteCsr(0x305, program.Address("handler")));
        program.Hart.TrapHandler = new StopOnBreakpoint();
        Assert.Equal(StopReason.Stopped, program.Hart.Run(1000));
        Assert.True(program.Hart.Pcc.Flag);
        Assert.Equal(program.Address("fault") + 4, program.Hart.Pc);
        Assert.Equal(0UL, program.X(20));
    }

    [Theory]
    [InlineData(0x2002u)] // C.CLCSP with cd = 0
    [InlineData(0x6101u)] // C.CIncOffset16CSP with a zero immediate
    [InlineData(0x0004u)] // C.CIncOffset4CSPN with a zero immediate
    [InlineData(0x8002u)] // C.CJR with cs1 = 0
    public void Reserved_compressed_capability_mode_encodings_are_illegal(uint bits)
    {
        Assert.Equal(Execution.Op.Illegal, Execution.Decoder.Decode(bits, capabilityMode: true).Op);
    }

    [Theory]
    [InlineData(0x2002u | 1 << 7, false)] // the C.FLDSP slot: C.CLCSP in capability mode, C.FLDSP in integer mode
    [InlineData(0x2000u, false)] // the C.FLD slot: C.CLC / C.FLD
    [InlineData(0xA000u, true)] // the C.FSD slot: C.CSC / C.FSD
    public void The_RV64_C_LQ_and_C_SQ_slots_depend_on_the_mode(uint bits, bool store)
    {
        Assert.Equal(store ? Execution.Op.ScCap : Execution.Op.LcCap, Execution.Decoder.Decode(bits, capabilityMode: true).Op);
        Assert.Equal(store ? Execution.Op.Fsd : Execution.Op.Fld, Execution.Decoder.Decode(bits, capabilityMode: false).Op);
    }

    [Fact]
    public void AUIPCC_clears_the_tag_of_an_unrepresentable_result()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, pcc
                li t0, 1
                csetflags c1, c1, t0
                la t0, capcode
                csetaddr c1, c1, t0
                li t0, 0x40
                csetbounds c1, c1, t0
                jalr.cap c0, c1
            .option capmode
            capcode:
                auipcc c4, 0x10000
                cgettag a0, c4
                auipcc c5, 0
                cgettag a1, c5
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(0UL, program.X(10));
        Assert.Equal(1UL, program.X(11));
        Assert.Equal(program.Address("capcode") + 0x1000_0000, program.C(4).Address);
    }

    [Fact]
    public void Without_C_capability_jumps_to_a_2_byte_aligned_target_are_misaligned_fetches()
    {
        using var program = CheriProgram.Run(EnterCapabilityMode() + """
                cspecialr c4, pcc
            fault:
                cjalr cra, 6(c4)
                ebreak
            """, hart => hart.CompressedEnabled = false);
        program.AssertTrap(TrapCause.InstructionAddressMisaligned, program.Address("fault") - 4 + 6, "fault");
    }

    [Fact]
    public void CInvoke_into_a_code_capability_with_the_flag_set_enters_capability_mode()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c5, pcc
                li s2, 1
                csetflags c5, c5, s2
                la s2, compartment
                csetaddr c5, c5, s2
                cspecialr c6, ddc
                li s2, 0x100000
                csetaddr c6, c6, s2
                li s2, 0x100
                csetbounds c6, c6, s2
                li s2, 0x1fd
                candperm c6, c6, s2
                cspecialr c7, ddc
                li s2, 9
                csetaddr c7, c7, s2
                cseal c5, c5, c7
                cseal c6, c6, c7
                cinvoke c5, c6
            .option capmode
            compartment:
                li a0, 77
                sd a0, 0(c31)
                ld a1, 0(c31)
                cspecialr c8, pcc
                cgetflags a2, c8
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(77UL, program.X(11));
        Assert.Equal(1UL, program.X(12));
    }

    private sealed class StopOnBreakpoint : ITrapHandler
    {
        public TrapDisposition HandleTrap(Hart hart, in Trap trap) =>
            trap.Cause == TrapCause.Breakpoint ? TrapDisposition.Stop : TrapDisposition.Deliver;

        public bool HandleWatchedWrite(Hart hart) => false;
    }
}
