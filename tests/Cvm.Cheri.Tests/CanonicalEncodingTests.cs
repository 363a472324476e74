namespace Cvm.Cheri.Tests;

/// <summary>The canonical encodings and the CRRL/CRAM examples of the CHERI-RISC-V reference (§2.9, §2.10).</summary>
public class CanonicalEncodingTests
{
    private static readonly UInt128 TwoToThe64 = (UInt128)1 << 64;

    [Fact]
    public void Null_is_all_zeros_in_memory_and_covers_the_address_space_with_no_permissions()
    {
        Capability nullCapability = Capability.Null;

        Assert.Equal(0x0000_1fff_fc01_8004UL, nullCapability.Metadata);
        Assert.Equal(0UL, nullCapability.MemoryMetadata);
        Assert.Equal(0UL, nullCapability.Address);
        Assert.False(nullCapability.Tag);
        Assert.Equal(CapabilityPermissions.None, nullCapability.Permissions);
        Assert.Equal(CapabilityObjectType.Unsealed, nullCapability.ObjectType);
        Assert.False(nullCapability.IsSealed);
        Assert.Equal(0UL, nullCapability.Base);
        Assert.Equal(TwoToThe64, nullCapability.Top);
        Assert.Equal(TwoToThe64, nullCapability.Length);
        Assert.Equal(52, nullCapability.Exponent);
        Assert.True(nullCapability.HasInternalExponent);
        Assert.False(nullCapability.Flag);
        Assert.Equal(0u, nullCapability.Reserved);
        Assert.Equal(Capability.FromMemory(0, 0, tag: false), nullCapability);
    }

    [Fact]
    public void The_default_value_is_null_so_fresh_register_files_and_memory_hold_null()
    {
        Capability[] registers = new Capability[32];

        Assert.All(registers, register => Assert.Equal(Capability.Null, register));
        Assert.Equal(CapabilityEncoding.NullMetadata, default(Capability).Metadata);
    }

    [Fact]
    public void Root_has_every_permission_and_covers_the_address_space()
    {
        Capability root = Capability.Root;

        Assert.Equal(0xffff_1fff_fc01_8004UL, root.Metadata);
        Assert.Equal(0xffff_0000_0000_0000UL, root.MemoryMetadata);
        Assert.True(root.Tag);
        Assert.Equal((CapabilityPermissions)0x78FFF, root.Permissions);
        Assert.Equal(CapabilityPermissions.All, root.Permissions);
        Assert.False(root.IsSealed);
        Assert.Equal(0UL, root.Base);
        Assert.Equal(TwoToThe64, root.Top);
        Assert.Equal(ulong.MaxValue, root.SaturatedTop);
        Assert.Equal(ulong.MaxValue, root.SaturatedLength);
        Assert.False(root.Flag);
    }

    [Fact]
    public void Root_sealed_as_a_sentry_has_the_canonical_encoding()
    {
        Capability sentry = Capability.Root.SealEntry();

        Assert.Equal(0xffff_1fff_f401_8004UL, sentry.Metadata);
        Assert.Equal(0xffff_0000_0800_0000UL, sentry.MemoryMetadata);
        Assert.Equal(CapabilityObjectType.Sentry, sentry.ObjectType);
        Assert.True(sentry.IsSentry);
        Assert.True(sentry.Tag);
    }

    [Fact]
    public void Root_bounded_to_0x1000_0x1020_is_exact_without_an_internal_exponent()
    {
        Capability bounded = Capability.Root.SetAddress(0x1000).SetBoundsExact(0x20);

        Assert.Equal(0xffff_1fff_f808_1000UL, bounded.Metadata);
        Assert.Equal(0xffff_0000_0409_9004UL, bounded.MemoryMetadata);
        Assert.True(bounded.Tag);
        Assert.False(bounded.HasInternalExponent);
        Assert.Equal(new CapabilityBounds(0x1000, 0x1020), bounded.GetBounds());
        Assert.Equal(0x1000UL, bounded.Address);
    }

    [Fact]
    public void SetBounds_of_0x12345_at_0x12345_rounds_outwards_with_exponent_4()
    {
        Capability bounded = Capability.Root.SetAddress(0x12345).SetBounds(0x12345, out bool exact);

        Assert.False(exact);
        Assert.Equal(0xffff_1fff_fd1c_1234UL, bounded.Metadata);
        Assert.Equal(0xffff_0000_011d_9230UL, bounded.MemoryMetadata);
        Assert.Equal(new CapabilityBounds(0x12300, 0x24700), bounded.GetBounds());
        Assert.Equal(4, bounded.Exponent);
        Assert.True(bounded.Tag);
        Assert.False(Capability.Root.SetAddress(0x12345).SetBoundsExact(0x12345).Tag);
    }

    [Fact]
    public void An_integer_becomes_a_null_derived_capability()
    {
        Capability integer = Capability.FromInteger(0xdead_beef);

        Assert.Equal(0xdead_beefUL, integer.Address);
        Assert.Equal(CapabilityEncoding.NullMetadata, integer.Metadata);
        Assert.False(integer.Tag);
    }

    [Theory]
    [InlineData(0xfffUL, 0xfffUL, ulong.MaxValue)]
    [InlineData(0x1000UL, 0x1000UL, 0xffff_ffff_ffff_fff8UL)]
    [InlineData(0x1001UL, 0x1008UL, 0xffff_ffff_ffff_fff8UL)]
    [InlineData(0x12345UL, 0x12380UL, 0xffff_ffff_ffff_ff80UL)]
    [InlineData(0x1_0000_0001UL, 0x1_0080_0000UL, 0xffff_ffff_ff80_0000UL)]
    [InlineData(ulong.MaxValue, 0UL, 0xff80_0000_0000_0000UL)]
    public void Representable_length_and_alignment_mask_match_the_reference_examples(ulong length, ulong representableLength, ulong alignmentMask)
    {
        Assert.Equal(representableLength, Capability.RepresentableLength(length));
        Assert.Equal(alignmentMask, Capability.RepresentableAlignmentMask(length));
    }
}
