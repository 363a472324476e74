namespace Cvm.Machine.Tests.Cheri;

/// <summary>
/// §3.6 explicit loads and stores and LC/SC in integer mode: results, every CHERI check in the Sail order with its
/// exact mtval, 16-byte alignment of capability accesses, and tagged-memory integrity.
/// </summary>
public sealed class LoadStoreTests
{
    /// <summary>c1 := a 0x100-byte capability at 0x100000 (DataBase) with the permissions in t1.</summary>
    private const string BoundedC1 = """
            cspecialr c1, ddc
            li t0, 0x100000
            csetaddr c1, c1, t0
            li t2, 0x100
            csetbounds c1, c1, t2
            candperm c1, c1, t1
        """;

    [Fact]
    public void Cap_loads_and_stores_go_through_the_capability_with_sign_and_zero_extension()
    {
        using var program = CheriProgram.Run($"""
            _start:
                li t1, 0xff
            {BoundedC1}
                li a0, -2
                sd.cap a0, (c1)
                lb.cap a1, (c1)
                lbu.cap a2, (c1)
                lh.cap a3, (c1)
                lhu.cap a4, (c1)
                lw.cap a5, (c1)
                lwu.cap a6, (c1)
                ld.cap a7, (c1)
                li s2, 0x5a
                cincoffsetimm c2, c1, 8
                sb.cap s2, (c2)
                li s3, 0x1234
                cincoffsetimm c2, c1, 10
                sh.cap s3, (c2)
                cincoffsetimm c2, c1, 12
                sw.cap s3, (c2)
                ld t3, 8(t0)
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(ulong.MaxValue - 1, program.X(11));
        Assert.Equal(0xfeUL, program.X(12));
        Assert.Equal(ulong.MaxValue - 1, program.X(13));
        Assert.Equal(0xfffeUL, program.X(14));
        Assert.Equal(ulong.MaxValue - 1, program.X(15));
        Assert.Equal(0xfffffffeUL, program.X(16));
        Assert.Equal(ulong.MaxValue - 1, program.X(17));
        Assert.Equal(0x0000_1234_1234_005aUL, program.X(28));
    }

    [Fact]
    public void Ddc_loads_and_stores_address_the_integer_register_under_DDC()
    {
        using var program = CheriProgram.Run("""
            _start:
                li t0, 0x100010
                li a0, 0x1122334455667788
                sd.ddc a0, (t0)
                lw.ddc a1, (t0)
                lhu.ddc a2, (t0)
                lb.ddc a3, (t0)
                sb.ddc a0, (t0)
                sh.ddc a0, (t0)
                sw.ddc a0, (t0)
                ld.ddc a4, (t0)
                lbu.ddc a5, (t0)
                lh.ddc a6, (t0)
                lwu.ddc a7, (t0)
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(0x55667788UL, program.X(11));
        Assert.Equal(0x7788UL, program.X(12));
        Assert.Equal(unchecked((ulong)(sbyte)0x88), program.X(13));
        Assert.Equal(0x1122334455667788UL, program.X(14));
        Assert.Equal(0x88UL, program.X(15));
        Assert.Equal(unchecked((ulong)(short)0x7788), program.X(16));
        Assert.Equal(0x55667788UL, program.X(17));
    }

    public static TheoryData<string, string, ulong> CapabilityFaults => new()
    {
        // permissions (t1), access, expected mtval: cap_idx (c1 = 1, c3 = 3) << 5 | cause
        { "0xff", "ccleartag c3, c1\nfault: ld.cap a0, (c3)", 3 << 5 | 0x02 },
        { "0x00", "ccleartag c3, c1\nfault: ld.cap a0, (c3)", 3 << 5 | 0x02 },      // tag before permissions
        { "0xff", "csealentry c3, c1\nfault: lw.cap a0, (c3)", 3 << 5 | 0x03 },
        { "0x00", "csealentry c3, c1\nfault: sd.cap a0, (c3)", 3 << 5 | 0x03 },     // seal before permissions
        { "0xfb", "fault: lbu.cap a0, (c1)", 1 << 5 | 0x12 },                       // no Permit_Load
        { "0xf7", "fault: sh.cap a0, (c1)", 1 << 5 | 0x13 },                        // no Permit_Store
        { "0x00", "cincoffsetimm c3, c1, 0x200\nfault: sb.cap a0, (c3)", 3 << 5 | 0x13 }, // permission before bounds
        { "0xff", "cincoffsetimm c3, c1, 0xfc\nfault: ld.cap a0, (c3)", 3 << 5 | 0x01 },  // straddles the top
        { "0xff", "cincoffsetimm c3, c1, -1\nfault: lb.cap a0, (c3)", 3 << 5 | 0x01 },    // below the base
        { "0xff", "cincoffsetimm c3, c1, 0x100\nfault: sw.cap a0, (c3)", 3 << 5 | 0x01 },
        { "0xff", "fault: ld.cap a0, (c0)", 0 << 5 | 0x02 },                        // cnull
    };

    [Theory]
    [MemberData(nameof(CapabilityFaults))]
    public void Cap_accesses_check_tag_seal_permission_then_bounds(string permissions, string access, ulong mtval)
    {
        using var program = CheriProgram.Run($"""
            _start:
                li t1, {permissions}
            {BoundedC1}
            {access}
                ebreak
            """);
        program.AssertCheriTrap(mtval, "fault");
        Assert.Equal(CheriFault.CauseOf(mtval), program.Trap.CheriCause);
    }

    public static TheoryData<string, string, ulong> CapabilityStoreFaults => new()
    {
        // Permissions of the authority c1; the value stored; expected mtval.
        { "0xdf", "c1", 1 << 5 | 0x15 },   // a tagged value needs Permit_Store_Capability
        { "0xdf", "c8", 0 },               // an untagged value needs only Permit_Store
        { "0xbf", "c9", 1 << 5 | 0x16 },   // a local (non-global) tagged value needs Permit_Store_Local_Capability
        { "0xbf", "c1", 0 },               // ... a global one does not
        { "0xd7", "c1", 1 << 5 | 0x13 },   // Permit_Store is checked before Permit_Store_Capability
        { "0xff", "c9", 0 },
    };

    [Theory]
    [MemberData(nameof(CapabilityStoreFaults))]
    public void Capability_stores_check_store_capability_and_store_local_permissions(string permissions, string value, ulong mtval)
    {
        using var program = CheriProgram.Run($"""
            _start:
                li t1, 0xff
            {BoundedC1}
                ccleartag c8, c1
                li t3, -2
                candperm c9, c1, t3
                li t1, {permissions}
                candperm c1, c1, t1
            fault:
                sc.cap {value}, (c1)
                ebreak
            """);
        if (mtval == 0)
        {
            program.AssertCompleted();
            return;
        }
        program.AssertCheriTrap(mtval, "fault");
    }

    [Fact]
    public void Capability_accesses_must_be_16_byte_aligned_after_the_capability_checks()
    {
        using var load = CheriProgram.Run($"""
            _start:
                li t1, 0xff
            {BoundedC1}
                cincoffsetimm c3, c1, 8
            fault:
                lc.cap c4, (c3)
                ebreak
            """);
        load.AssertTrap(TrapCause.LoadAddressMisaligned, 0x100008, "fault");

        using var store = CheriProgram.Run($"""
            _start:
                li t1, 0xff
            {BoundedC1}
                li t3, 0x100008
            fault:
                sc.ddc c1, (t3)
                ebreak
            """);
        store.AssertTrap(TrapCause.StoreAddressMisaligned, 0x100008, "fault");

        // Bounds come first: a misaligned capability load out of bounds is a length violation.
        using var bounds = CheriProgram.Run($"""
            _start:
                li t1, 0xff
            {BoundedC1}
                cincoffsetimm c3, c1, 0xf8
            fault:
                lc.cap c4, (c3)
                ebreak
            """);
        bounds.AssertCheriTrap(3 << 5 | 0x01, "fault");
    }

    [Fact]
    public void LC_and_SC_keep_the_tag_and_integer_copies_lose_it()
    {
        using var program = CheriProgram.Run($"""
            _start:
                li t1, 0xff
            {BoundedC1}
                li t3, 0x100200
                sc c1, 0(t3)
                lc c2, 0(t3)
                cseqx a0, c2, c1
                ld t4, 0(t3)
                ld t5, 8(t3)
                sd t4, 16(t3)
                sd t5, 24(t3)
                lc c3, 16(t3)
                cgettag a1, c3
                cgetaddr a2, c3
                cgethigh a3, c3
                cgethigh a4, c1
                sc.ddc c1, (t3)
                sb zero, 15(t3)
                lc.ddc c4, (t3)
                cgettag a5, c4
                sc.cap c1, (c1)
                lc.cap c5, (c1)
                cseqx a6, c5, c1
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(1UL, program.X(10));
        Assert.Equal(0UL, program.X(11));  // the same bits copied as integers are not a capability
        Assert.Equal(0x100000UL, program.X(12));
        Assert.Equal(program.X(14), program.X(13));
        Assert.Equal(0UL, program.X(15));  // a byte store into the granule clears its tag
        Assert.Equal(1UL, program.X(16));
        Assert.True(program.Memory.GetTag(CheriProgram.DataBase));
        Assert.False(program.Memory.GetTag(0x100200));
    }

    [Theory]
    [InlineData("sb zero, 3(t3)")]
    [InlineData("sh zero, 8(t3)")]
    [InlineData("sw.ddc zero, (t3)")]
    [InlineData("ld t4, 0(t3)\nsd t4, 0(t3)")]   // even rewriting the same bits
    public void A_capability_partly_overwritten_by_an_integer_store_cannot_be_used(string overwrite)
    {
        using var program = CheriProgram.Run($"""
            _start:
                li t1, 0xff
            {BoundedC1}
                li t3, 0x100200
                sc c1, 0(t3)
                {overwrite}
                lc c2, 0(t3)
            fault:
                ld.cap a0, (c2)
                ebreak
            """);
        program.AssertCheriTrap(2 << 5 | 0x02, "fault");
    }

    [Fact]
    public void A_capability_loaded_without_Permit_Load_Capability_is_untagged()
    {
        using var program = CheriProgram.Run($"""
            _start:
                li t1, 0xff
            {BoundedC1}
                sc.cap c1, (c1)
                li t1, 0xef
                candperm c2, c1, t1
                lc.cap c3, (c2)
                cgettag a0, c3
                cgetaddr a1, c3
                lc.cap c4, (c1)
                cgettag a2, c4
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(0UL, program.X(10));
        Assert.Equal(0x100000UL, program.X(11));
        Assert.Equal(1UL, program.X(12));
    }

    [Fact]
    public void Ddc_forms_and_LC_SC_fault_on_DDC_with_index_0x21()
    {
        using var program = CheriProgram.Run($"""
            _start:
                li t1, 0xff
            {BoundedC1}
                cspecialw ddc, c1
                li t3, 0x100100
            fault:
                lc c2, 0(t3)
                ebreak
            """);
        program.AssertCheriTrap(0x421, "fault");
        Assert.Equal("CHERI exception: length (bounds) violation on DDC", program.Trap.Description);
    }

    [Fact]
    public void Cap_accesses_to_unmapped_memory_are_access_faults()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x300000
                csetaddr c1, c1, t0
            fault:
                sd.cap zero, (c1)
                ebreak
            """);
        program.AssertTrap(TrapCause.StoreAccessFault, 0x300000, "fault");
    }
}
