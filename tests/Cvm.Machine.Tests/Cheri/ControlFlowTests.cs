using Cvm.Cheri;

namespace Cvm.Machine.Tests.Cheri;

/// <summary>JALR.CAP and CInvoke (§3.4), and instruction fetch under a bounded PCC (§4).</summary>
public sealed class ControlFlowTests
{
    /// <summary>c1 := PCC at label <c>target</c>, bounded to [target, target + 0x20).</summary>
    private const string CodeCapabilityC1 = """
            cspecialr c1, pcc
            la t0, target
            csetaddr c1, c1, t0
            li t1, 0x20
            csetbounds c1, c1, t1
        """;

    [Fact]
    public void JALR_CAP_installs_the_target_as_PCC_and_links_a_sentry()
    {
        using var program = CheriProgram.Run($"""
            _start:
            {CodeCapabilityC1}
            jump:
                jalr.cap c2, c1
                ebreak
            target:
                cspecialr c3, pcc
                cgetbase a0, c3
                cgetlen a1, c3
                cgettype a2, c2
                cgetaddr a3, c2
                cgetlen a4, c2
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(program.Address("target"), program.X(10));
        Assert.Equal(0x20UL, program.X(11));
        Assert.Equal(unchecked((ulong)-2L), program.X(12));
        Assert.Equal(program.Address("jump") + 4, program.X(13));
        Assert.Equal(ulong.MaxValue, program.X(14));
    }

    [Fact]
    public void Jumping_back_through_the_sentry_link_restores_the_callers_PCC()
    {
        using var program = CheriProgram.Run($"""
            _start:
            {CodeCapabilityC1}
                jalr.cap c2, c1
                cspecialr c3, pcc
                cgetlen a0, c3
                ebreak
            target:
                jalr.cap c0, c2
            """);
        program.AssertCompleted();
        Assert.Equal(ulong.MaxValue, program.X(10));
    }

    public static TheoryData<string, ulong> JumpFaults => new()
    {
        { "ccleartag c1, c1", 1 << 5 | 0x02 },
        { "li t3, 42\ncspecialr c4, ddc\ncsetaddr c4, c4, t3\ncseal c1, c1, c4", 1 << 5 | 0x03 },
        { "li t3, ~2\ncandperm c1, c1, t3", 1 << 5 | 0x11 },
        { "cincoffsetimm c1, c1, 0x20", 1 << 5 | 0x01 },
    };

    [Theory]
    [MemberData(nameof(JumpFaults))]
    public void JALR_CAP_checks_tag_seal_execute_then_bounds_and_does_not_jump(string prepare, ulong mtval)
    {
        using var program = CheriProgram.Run($"""
            _start:
            {CodeCapabilityC1}
                {prepare}
            fault:
                jalr.cap c2, c1
                ebreak
            target:
                ebreak
            """);
        program.AssertCheriTrap(mtval, "fault");
        Assert.False(program.C(2).Tag);
    }

    [Fact]
    public void Sequential_execution_stops_at_the_top_of_PCC()
    {
        // 0x20 bytes = eight 4-byte instructions are authorised; the ninth is fetched out of bounds.
        using var program = CheriProgram.Run($"""
                .option norvc
            _start:
            {CodeCapabilityC1}
                jalr.cap c2, c1
            target:
                addi a0, a0, 1
                addi a0, a0, 1
                addi a0, a0, 1
                addi a0, a0, 1
                addi a0, a0, 1
                addi a0, a0, 1
                addi a0, a0, 1
                addi a0, a0, 1
            fault:
                addi a0, a0, 1
                ebreak
            """);
        program.AssertCheriTrap(0x401, "fault");
        Assert.Equal(8UL, program.X(10));
        Assert.Equal("CHERI exception: length (bounds) violation on PCC", program.Trap.Description);
    }

    public static TheoryData<string> JumpsOutOfPcc => new()
    {
        "jr t0",
        "jalr ra, 0(t0)",
        "j outside",
        "jal ra, outside",
        "beq zero, zero, outside",
        "bne t0, zero, outside",
        "blt zero, t0, outside",
        "bge t0, zero, outside",
        "bltu zero, t0, outside",
        "bgeu t0, zero, outside",
    };

    [Theory]
    [MemberData(nameof(JumpsOutOfPcc))]
    public void An_integer_jump_out_of_PCC_faults_at_the_jump_and_does_not_happen(string jump)
    {
        using var program = CheriProgram.Run($"""
            _start:
            {CodeCapabilityC1}
                jalr.cap c2, c1
            target:
                la t0, outside
                li ra, 0
            fault:
                {jump}
                ebreak
                .space 0x40
            outside:
                ebreak
            """);
        program.AssertCheriTrap(0x401, "fault");
        Assert.Equal(0UL, program.X(1)); // no link was written
        Assert.Equal(0x20UL, program.Hart.Pcc.SaturatedLength);
    }

    [Fact]
    public void Jumps_inside_PCC_and_untaken_branches_out_of_it_proceed()
    {
        using var program = CheriProgram.Run($"""
            _start:
            {CodeCapabilityC1}
                jalr.cap c2, c1
            target:
                la t0, inside
                bne zero, zero, outside
                jalr ra, 0(t0)
            inside:
                bltu t0, zero, outside
                ebreak
                .space 0x40
            outside:
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(program.Address("inside"), program.X(1));
    }

    [Fact]
    public void A_non_executable_or_untagged_MTCC_stops_the_run_instead_of_trapping_forever()
    {
        using var program = new CheriProgram("""
            _start:
                cspecialr c1, ddc
                la t0, _start
                csetaddr c1, c1, t0
                li t1, ~2
                candperm c1, c1, t1
                cspecialw mtcc, c1
            fault:
                ld.cap a0, (c0)
                ebreak
            """);
        program.Hart.TrapHandler = null;
        Assert.Equal(StopReason.Stopped, program.Hart.Run(1000));
        Assert.Equal(new Trap(TrapCause.Cheri, 0x411, program.Address("_start")), program.Hart.LastTrap);
    }

    /// <summary>
    /// The CInvoke domain switch as a monitor sets it up: a code capability (X, CInvoke) and a data capability
    /// (L, S, CInvoke, no X) sealed with the same otype.
    /// </summary>
    private const string SealedPair = """
            cspecialr c8, ddc
            li t3, 7
            csetaddr c8, c8, t3
        {CodeCapabilityC1}
            li t4, 0x103
            candperm c1, c1, t4
            cspecialr c4, ddc
            li t2, 0x100000
            csetaddr c4, c4, t2
            li t2, 0x40
            csetbounds c4, c4, t2
            li t4, 0x10d
            candperm c4, c4, t4
            cseal c1, c1, c8
            cseal c4, c4, c8
        """;

    private static string Pair => SealedPair.Replace("{CodeCapabilityC1}", CodeCapabilityC1);

    [Fact]
    public void CInvoke_unseals_the_code_into_PCC_and_the_data_into_c31()
    {
        using var program = CheriProgram.Run($"""
            _start:
            {Pair}
                cinvoke c1, c4
                ebreak
            target:
                cspecialr c3, pcc
                cgettype a0, c3
                cgetlen a1, c3
                cgettype a2, c31
                cgetbase a3, c31
                cgetperm a4, c31
                cgettag a5, c31
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(ulong.MaxValue, program.X(10));
        Assert.Equal(0x20UL, program.X(11));
        Assert.Equal(ulong.MaxValue, program.X(12));
        Assert.Equal(0x100000UL, program.X(13));
        Assert.Equal(0x10dUL, program.X(14));
        Assert.Equal(1UL, program.X(15));
    }

    public static TheoryData<string, ulong> InvokeFaults => new()
    {
        { "ccleartag c1, c1", 1 << 5 | 0x02 },
        { "ccleartag c4, c4", 4 << 5 | 0x02 },
        { "ccleartag c1, c1\nccleartag c4, c4", 1 << 5 | 0x02 },
        { "cunseal c1, c1, c8", 1 << 5 | 0x03 },
        { "cunseal c4, c4, c8", 4 << 5 | 0x03 },
        { "li t3, 8\ncsetaddr c9, c8, t3\ncunseal c4, c4, c8\ncseal c4, c4, c9", 1 << 5 | 0x04 },
        { "cunseal c1, c1, c8\nli t3, ~0x100\ncandperm c1, c1, t3\ncseal c1, c1, c8", 1 << 5 | 0x19 },
        { "cunseal c4, c4, c8\nli t3, ~0x100\ncandperm c4, c4, t3\ncseal c4, c4, c8", 4 << 5 | 0x19 },
        { "cunseal c1, c1, c8\nli t3, ~2\ncandperm c1, c1, t3\ncseal c1, c1, c8", 1 << 5 | 0x11 },
        { "cmove c4, c1", 4 << 5 | 0x11 },
        { "cunseal c1, c1, c8\ncincoffsetimm c1, c1, 0x20\ncseal c1, c1, c8", 1 << 5 | 0x01 },
    };

    [Theory]
    [MemberData(nameof(InvokeFaults))]
    public void CInvoke_checks_in_the_Sail_order(string prepare, ulong mtval)
    {
        using var program = CheriProgram.Run($"""
            _start:
            {Pair}
                {prepare}
            fault:
                cinvoke c1, c4
                ebreak
            target:
                ebreak
            """);
        program.AssertCheriTrap(mtval, "fault");
        Assert.False(program.C(31).Tag);
    }

    [Fact]
    public void A_hybrid_compartment_under_bounded_DDC_and_PCC_faults_exactly_at_its_first_stray_access()
    {
        // The compartment sums 4 words of its 32-byte data region, then reads one past the end.
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x100000
                csetaddr c1, c1, t0
                li t1, 0x20
                csetbounds c1, c1, t1
                cspecialr c2, pcc
                la t2, compartment
                csetaddr c2, c2, t2
                li t1, 0x40
                csetbounds c2, c2, t1
                cspecialw ddc, c1
                jalr.cap c3, c2
            compartment:
                li a0, 0
                li t0, 0x100000
                li t3, 5
            loop:
                ld t4, 0(t0)
                add a0, a0, t4
                addi t0, t0, 8
                addi t3, t3, -1
                bnez t3, loop
                ebreak
            """, hart =>
            {
                for (var i = 0UL; i < 5; i++)
                {
                    Assert.True(hart.Memory.TryWrite(CheriProgram.DataBase + 8 * i, BitConverter.GetBytes(i + 1)));
                }
            });
        program.AssertCheriTrap(0x421, "loop");
        Assert.Equal(1UL + 2 + 3 + 4, program.X(10));
        Assert.Equal(0x100020UL, program.X(5));
    }
}
