namespace Cvm.Machine.Tests.Cheri;

/// <summary>CClear, FPClear (register-mask clearing) and CLoadTags (§3.5): results and every trap with its mtval.</summary>
public sealed class ClearAndLoadTagsTests
{
    [Fact]
    public void CClear_nulls_the_masked_registers_of_a_quarter_and_bit_0_of_the_first_quarter_is_DDC()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c9, ddc
                cmove c10, c9
                cmove c11, c9
                cmove c17, c9
                cmove c20, c9
                cclear 1, 0x0b
                cclear 2, 0x10
                cclear 0, 0x01
                cgettag a2, c10
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(Cvm.Cheri.Capability.Null, program.C(8));
        Assert.Equal(Cvm.Cheri.Capability.Null, program.C(9));
        Assert.Equal(Cvm.Cheri.Capability.Null, program.C(11));
        Assert.True(program.C(17).Tag);
        Assert.Equal(Cvm.Cheri.Capability.Null, program.C(20));
        Assert.Equal(1UL, program.X(12));
        Assert.Equal(Cvm.Cheri.Capability.Null, program.Hart.Ddc);
    }

    [Fact]
    public void FPClear_zeroes_whole_registers_and_needs_the_FPU()
    {
        using var program = CheriProgram.Run("""
            _start:
                li t0, -1
                fmv.d.x f1, t0
                fmv.d.x f2, t0
                fmv.d.x f9, t0
                fpclear 0, 0x02
                fpclear 1, 0x02
                ebreak
            """, hart => hart.EnableFloatingPoint());
        program.AssertCompleted();
        Assert.Equal(0UL, program.Hart.GetFloatRegister(1));
        Assert.Equal(ulong.MaxValue, program.Hart.GetFloatRegister(2));
        Assert.Equal(0UL, program.Hart.GetFloatRegister(9));

        using var off = CheriProgram.Run("""
            _start:
            fault:
                fpclear 0, 0x02
                ebreak
            """);
        Assert.Equal(TrapCause.IllegalInstruction, off.Trap.Cause);
        Assert.Equal(off.Address("fault"), off.Trap.Pc);
    }

    [Fact]
    public void CLoadTags_returns_the_tags_of_a_64_byte_line()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x100040
                csetaddr c1, c1, t0
                sc.cap c1, (c1)
                cincoffset c2, c1, 48
                sc.cap c1, (c2)
                cincoffset c2, c1, 16
                sc.cap c0, (c2)
                cloadtags a0, (c1)
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(0b1001UL, program.X(10));
    }

    public static TheoryData<string, ulong> LoadTagsFaults => new()
    {
        { "cmove c1, c0", 1 << 5 | 0x02 },
        { "csealentry c1, c1", 1 << 5 | 0x03 },
        { "li t1, 0xffb\ncandperm c1, c1, t1", 1 << 5 | 0x12 },
        { "li t1, 0xfef\ncandperm c1, c1, t1", 1 << 5 | 0x14 },
        { "li t1, 0x30\ncsetbounds c1, c1, t1", 1 << 5 | 0x01 },
    };

    [Theory]
    [MemberData(nameof(LoadTagsFaults))]
    public void CLoadTags_checks_tag_seal_load_load_capability_then_bounds(string derive, ulong mtval)
    {
        using var program = CheriProgram.Run($"""
            _start:
                cspecialr c1, ddc
                li t0, 0x100040
                csetaddr c1, c1, t0
                {derive}
            fault:
                cloadtags a0, (c1)
                ebreak
            """);
        program.AssertCheriTrap(mtval, "fault");
    }

    [Fact]
    public void CLoadTags_needs_a_64_byte_aligned_and_mapped_line_after_the_capability_checks()
    {
        using var misaligned = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x100010
                csetaddr c1, c1, t0
            fault:
                cloadtags a0, (c1)
                ebreak
            """);
        misaligned.AssertTrap(TrapCause.LoadAddressMisaligned, 0x100010, "fault");
        using var unmapped = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x200000
                csetaddr c1, c1, t0
            fault:
                cloadtags a0, (c1)
                ebreak
            """);
        unmapped.AssertTrap(TrapCause.LoadAccessFault, 0x200000, "fault");
    }
}
