namespace Cvm.Machine.Tests.Cheri;

/// <summary>LR.C, SC.C and AMOSWAP.C in integer mode (DDC-authorised, address x[rs1]).</summary>
public sealed class CapabilityAtomicTests
{
    [Fact]
    public void LR_C_and_SC_C_store_a_tagged_capability_only_while_reserved()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x100000
                csetaddr c1, c1, t0
                sc.c a0, c1, (t0)
                lr.c c2, (t0)
                sc.c a1, c1, (t0)
                lc c3, 0(t0)
                cseqx a2, c3, c1
                sc.c a3, c1, (t0)
                lr.c c4, (t0)
                sd zero, 0(t0)
                lc c5, 0(t0)
                cgettag a4, c5
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(1UL, program.X(10)); // no reservation yet
        Assert.Equal(0UL, program.X(11));
        Assert.Equal(1UL, program.X(12));
        Assert.Equal(1UL, program.X(13)); // the reservation was used up
        Assert.Equal(0UL, program.X(14)); // an integer store into the granule clears the tag
    }

    [Fact]
    public void AMOSWAP_C_exchanges_capabilities_with_their_tags()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x100000
                csetaddr c1, c1, t0
                sc c1, 0(t0)
                ccleartag c2, c1
                amoswap.c c3, c2, (t0)
                cseqx a0, c3, c1
                lc c4, 0(t0)
                cgettag a1, c4
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(1UL, program.X(10));
        Assert.Equal(0UL, program.X(11));
    }

    [Theory]
    [InlineData("lr.c c2, (t0)", 0x421UL)]
    [InlineData("sc.c a0, c1, (t0)", 0x421UL)]
    [InlineData("amoswap.c c2, c1, (t0)", 0x421UL)]
    public void Capability_atomics_are_checked_against_DDC(string instruction, ulong mtval)
    {
        using var program = CheriProgram.Run($"""
            _start:
                cspecialr c1, ddc
                li t0, 0x100000
                csetaddr c1, c1, t0
                li t1, 0x10
                csetbounds c3, c1, t1
                cspecialw ddc, c3
                li t0, 0x100010
            fault:
                {instruction}
                ebreak
            """);
        program.AssertCheriTrap(mtval, "fault");
    }

    [Fact]
    public void AMOSWAP_C_needs_both_load_and_store_permission_on_DDC()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x100000
                csetaddr c1, c1, t0
                li t1, ~0x4
                candperm c3, c1, t1
                cspecialw ddc, c3
            fault:
                amoswap.c c2, c1, (t0)
                ebreak
            """);
        program.AssertCheriTrap(0x432, "fault");
    }

    [Fact]
    public void Capability_atomics_need_16_byte_alignment()
    {
        using var program = CheriProgram.Run("""
            _start:
                li t0, 0x100008
            fault:
                lr.c c2, (t0)
                ebreak
            """);
        program.AssertTrap(TrapCause.LoadAddressMisaligned, 0x100008, "fault");
    }
}

/// <summary>The explicit load-reserved and store-conditional forms (§3.6): results go back to the data register.</summary>
public sealed class ExplicitReservationTests
{
    [Fact]
    public void Explicit_LR_and_SC_forms_store_only_while_reserved_and_report_in_the_data_register()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x100000
                csetaddr c1, c1, t0
                li a0, -5
                sd a0, 0(t0)
                lr.w.ddc a1, (t0)
                li a2, 7
                sc.w.ddc a2, (t0)
                li a3, 9
                sc.w.ddc a3, (t0)
                lr.d.cap a4, (c1)
                li a5, 11
                sc.d.cap a5, (c1)
                ld a6, 0(t0)
                lr.c.cap c8, (c1)
                sc.c.cap c1, (c1)
                cgettag a7, c1
                lc c9, 0(t0)
                cgettag s2, c9
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(unchecked((ulong)-5L), program.X(11)); // sign-extended word
        Assert.Equal(0UL, program.X(12));                    // stored
        Assert.Equal(1UL, program.X(13));                    // no reservation left
        Assert.Equal(0UL, program.X(15));
        Assert.Equal(11UL, program.X(16));
        Assert.Equal(0UL, program.X(17));                    // c1 now holds the integer result 0
        Assert.Equal(1UL, program.X(18));                    // and the capability was stored with its tag
    }

    [Theory]
    [InlineData("lr.h.cap a0, (c3)", 3 << 5 | 0x02)]
    [InlineData("sc.b.cap a0, (c3)", 3 << 5 | 0x02)]
    [InlineData("sc.c.cap c1, (c3)", 3 << 5 | 0x02)]
    public void Explicit_reservation_forms_check_their_capability(string instruction, ulong mtval)
    {
        using var program = CheriProgram.Run($"""
            _start:
                cspecialr c1, ddc
                li t0, 0x100000
                csetaddr c1, c1, t0
                ccleartag c3, c1
            fault:
                {instruction}
                ebreak
            """);
        program.AssertCheriTrap((ulong)mtval, "fault");
    }

    [Fact]
    public void Explicit_LR_needs_natural_alignment()
    {
        using var program = CheriProgram.Run("""
            _start:
                li t0, 0x100002
            fault:
                lr.w.ddc a0, (t0)
                ebreak
            """);
        program.AssertTrap(TrapCause.LoadAddressMisaligned, 0x100002, "fault");
    }
}

/// <summary>LR.B/LR.H and SC.B/SC.H, which CHERI adds to the A extension: standard semantics under DDC.</summary>
public sealed class ByteAndHalfwordReservationTests
{
    [Fact]
    public void Byte_and_halfword_LR_SC_work_like_LR_W_and_SC_W()
    {
        using var program = CheriProgram.Run("""
            _start:
                li t0, 0x100001
                li a0, 0x80
                sb a0, 0(t0)
                lr.b a1, (t0)
                li a2, 0x11
                sc.b a3, a2, (t0)
                sc.b a4, a2, (t0)
                li t1, 0x100002
                lr.h a5, (t1)
                sc.h a6, a0, (t1)
                lhu a7, 0(t1)
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(unchecked((ulong)(sbyte)0x80), program.X(11));
        Assert.Equal(0UL, program.X(13));
        Assert.Equal(1UL, program.X(14));
        Assert.Equal(0UL, program.X(16));
        Assert.Equal(0x80UL, program.X(17));
    }

    [Fact]
    public void Halfword_LR_needs_alignment_and_DDC()
    {
        using var misaligned = CheriProgram.Run("""
            _start:
                li t0, 0x100001
            fault:
                lr.h a0, (t0)
                ebreak
            """);
        misaligned.AssertTrap(TrapCause.LoadAddressMisaligned, 0x100001, "fault");

        using var outside = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x100000
                csetaddr c1, c1, t0
                li t1, 0x10
                csetbounds c1, c1, t1
                cspecialw ddc, c1
                li t0, 0x100010
            fault:
                sc.b a0, a1, (t0)
                ebreak
            """);
        outside.AssertCheriTrap(0x421, "fault");
    }
}

/// <summary>The base A extension under a bounded DDC: the CHERI check precedes alignment and the reservation.</summary>
public sealed class BaseAtomicsUnderDdcTests
{
    [Theory]
    [InlineData("lr.w a0, (t0)", 0x421UL)]
    [InlineData("sc.d a0, a1, (t0)", 0x421UL)]
    [InlineData("amoadd.w a0, a1, (t0)", 0x421UL)]
    [InlineData("amoswap.d a0, a1, (t0)", 0x421UL)]
    public void A_misaligned_atomic_outside_DDC_is_a_CHERI_fault(string instruction, ulong mtval)
    {
        using var program = CheriProgram.Run($"""
            _start:
                cspecialr c1, ddc
                li t0, 0x100000
                csetaddr c1, c1, t0
                li t1, 0x10
                csetbounds c1, c1, t1
                cspecialw ddc, c1
                li t0, 0x100011
            fault:
                {instruction}
                ebreak
            """);
        program.AssertCheriTrap(mtval, "fault");
    }

    [Fact]
    public void An_AMO_through_a_DDC_without_Permit_Load_is_a_Permit_Load_violation()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t1, ~4
                candperm c1, c1, t1
                cspecialw ddc, c1
                li t0, 0x100000
            fault:
                amoor.w a0, a1, (t0)
                ebreak
            """);
        program.AssertCheriTrap(0x432, "fault");
    }
}
