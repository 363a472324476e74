namespace Cvm.Cheri.Tests;

/// <summary>The tag rules of each manipulation and sealing instruction, one rule per test.</summary>
public class OperationTests
{
    /// <summary>A tagged capability for [0x10000, 0x11000), address at its base, every permission.</summary>
    private static readonly Capability Buffer = Capability.Root.SetAddress(0x10000).SetBoundsExact(0x1000);

    /// <summary>A sealing and unsealing authority for object type 0x42.</summary>
    private static readonly Capability TypeAuthority = Capability.Root.SetAddress(0x42).SetBoundsExact(1);

    private static readonly Capability Sealed = Buffer.Seal(TypeAuthority);

    [Fact]
    public void The_fixtures_are_what_the_tests_assume()
    {
        Assert.True(Buffer.Tag);
        Assert.Equal(new CapabilityBounds(0x10000, 0x11000), Buffer.GetBounds());
        Assert.True(Sealed.Tag);
        Assert.Equal(0x42u, Sealed.ObjectType);
    }

    // CClearTag

    [Fact]
    public void ClearTag_keeps_the_bits()
    {
        Capability cleared = Buffer.ClearTag();

        Assert.False(cleared.Tag);
        Assert.Equal(Buffer.Address, cleared.Address);
        Assert.Equal(Buffer.Metadata, cleared.Metadata);
    }

    // CSetAddr

    [Fact]
    public void SetAddress_within_the_representable_region_keeps_the_tag_even_out_of_bounds()
    {
        Capability moved = Buffer.SetAddress(0x11000 + 0x100);

        Assert.True(moved.Tag);
        Assert.Equal(Buffer.GetBounds(), moved.GetBounds());
        Assert.False(moved.InBounds(moved.Address, 1));
    }

    [Fact]
    public void SetAddress_far_away_clears_the_tag_but_keeps_the_new_address_and_metadata()
    {
        Capability moved = Buffer.SetAddress(0x1234_5678_0000);

        Assert.False(moved.Tag);
        Assert.Equal(0x1234_5678_0000UL, moved.Address);
        Assert.Equal(Buffer.Metadata, moved.Metadata);
        Assert.NotEqual(Buffer.GetBounds(), moved.GetBounds());
    }

    [Fact]
    public void SetAddress_on_a_sealed_capability_clears_the_tag()
    {
        Assert.False(Sealed.SetAddress(Sealed.Address).Tag);
    }

    // CIncOffset, CSetOffset

    [Fact]
    public void IncrementOffset_moves_the_address_and_wraps_modulo_2_to_the_64()
    {
        Capability moved = Capability.Root.IncrementOffset(ulong.MaxValue);

        Assert.Equal(ulong.MaxValue, moved.Address);
        Assert.True(moved.Tag);
    }

    [Fact]
    public void IncrementOffset_by_a_negative_amount_within_the_region_keeps_the_tag()
    {
        Capability moved = Buffer.SetAddress(0x10800).IncrementOffset(unchecked((ulong)-0x10L));

        Assert.Equal(0x107F0UL, moved.Address);
        Assert.True(moved.Tag);
    }

    [Fact]
    public void IncrementOffset_beyond_the_representable_region_clears_the_tag()
    {
        Capability moved = Buffer.IncrementOffset(0x1_0000_0000);

        Assert.False(moved.Tag);
        Assert.Equal(0x1_0001_0000UL, moved.Address);
    }

    [Fact]
    public void IncrementOffset_on_a_sealed_capability_clears_the_tag_even_by_zero()
    {
        Assert.False(Sealed.IncrementOffset(0).Tag);
    }

    [Fact]
    public void SetOffset_sets_the_address_relative_to_the_base()
    {
        Capability moved = Buffer.SetAddress(0x10800).SetOffset(0x20);

        Assert.Equal(0x10020UL, moved.Address);
        Assert.Equal(0x20UL, moved.Offset);
        Assert.True(moved.Tag);
        Assert.False(Sealed.SetOffset(0x20).Tag);
        Assert.False(Buffer.SetOffset(0x1_0000_0000).Tag);
    }

    // CSetBounds, CSetBoundsExact

    [Fact]
    public void SetBounds_inside_keeps_the_tag_and_the_permissions()
    {
        Capability narrowed = Buffer.SetAddress(0x10100).SetBounds(0x80);

        Assert.True(narrowed.Tag);
        Assert.Equal(new CapabilityBounds(0x10100, 0x10180), narrowed.GetBounds());
        Assert.Equal(Buffer.Permissions, narrowed.Permissions);
        Assert.Equal(0x10100UL, narrowed.Address);
    }

    [Fact]
    public void SetBounds_past_the_top_clears_the_tag()
    {
        Assert.False(Buffer.SetAddress(0x10F00).SetBounds(0x101).Tag);
        Assert.True(Buffer.SetAddress(0x10F00).SetBounds(0x100).Tag);
    }

    [Fact]
    public void SetBounds_below_the_base_clears_the_tag()
    {
        Capability below = Buffer.SetAddress(0xFFF0);

        Assert.True(below.Tag);
        Assert.False(below.SetBounds(0x10).Tag);
    }

    [Fact]
    public void SetBounds_on_a_sealed_capability_clears_the_tag()
    {
        Assert.False(Sealed.SetBounds(0x10).Tag);
    }

    [Fact]
    public void SetBounds_on_an_untagged_capability_stays_untagged()
    {
        Assert.False(Buffer.ClearTag().SetBounds(0x10).Tag);
    }

    [Fact]
    public void SetBoundsExact_clears_the_tag_when_rounding_is_needed()
    {
        Capability wide = Capability.Root.SetAddress(0x10001);

        Assert.False(wide.SetBoundsExact(0x2000).Tag);
        Assert.True(wide.SetBounds(0x2000).Tag);
        Assert.Equal(wide.SetBounds(0x2000).Metadata, wide.SetBoundsExact(0x2000).Metadata);
        Assert.True(Capability.Root.SetAddress(0x10000).SetBoundsExact(0x2000).Tag);
    }

    // CAndPerm

    [Fact]
    public void AndPermissions_removes_permissions_and_cannot_add_them()
    {
        Capability readOnly = Buffer.AndPermissions(CapabilityPermissions.Load | CapabilityPermissions.Global);
        Capability widened = readOnly.AndPermissions(CapabilityPermissions.All);

        Assert.Equal(CapabilityPermissions.Load | CapabilityPermissions.Global, readOnly.Permissions);
        Assert.True(readOnly.Tag);
        Assert.Equal(readOnly.Permissions, widened.Permissions);
    }

    [Fact]
    public void AndPermissions_ignores_the_bits_between_hardware_and_user_permissions()
    {
        Capability masked = Buffer.AndPermissions((CapabilityPermissions)0x7000 | CapabilityPermissions.User2);

        Assert.Equal(CapabilityPermissions.User2, masked.Permissions);
        Assert.Equal(Buffer.Metadata & ~CapabilityEncoding.PermissionFieldsMask, masked.Metadata & ~CapabilityEncoding.PermissionFieldsMask);
    }

    [Fact]
    public void AndPermissions_on_a_sealed_capability_clears_the_tag()
    {
        Assert.False(Sealed.AndPermissions(CapabilityPermissions.All).Tag);
    }

    // CSetFlags

    [Fact]
    public void SetFlag_sets_and_clears_the_capability_mode_flag()
    {
        Capability capabilityMode = Buffer.SetFlag(true);

        Assert.True(capabilityMode.Flag);
        Assert.True(capabilityMode.Tag);
        Assert.False(capabilityMode.SetFlag(false).Flag);
        Assert.Equal(Buffer, capabilityMode.SetFlag(false));
        Assert.False(Sealed.SetFlag(true).Tag);
    }

    // CSetHigh

    [Fact]
    public void SetHigh_replaces_the_metadata_and_clears_the_tag()
    {
        Capability replaced = Buffer.SetHigh(0xffff_0000_0000_0000);

        Assert.False(replaced.Tag);
        Assert.Equal(Buffer.Address, replaced.Address);
        Assert.Equal(CapabilityEncoding.RootMetadata, replaced.Metadata);
    }

    // CSeal

    [Fact]
    public void Seal_with_a_valid_authority_seals_with_its_address()
    {
        Assert.True(Sealed.Tag);
        Assert.True(Sealed.IsSealed);
        Assert.Equal(0x42u, Sealed.ObjectType);
        Assert.Equal(Buffer.GetBounds(), Sealed.GetBounds());
        Assert.Equal(Buffer.Permissions, Sealed.Permissions);
    }

    [Fact]
    public void Seal_with_an_untagged_authority_clears_the_tag()
    {
        Capability result = Buffer.Seal(TypeAuthority.ClearTag());

        Assert.False(result.Tag);
        Assert.Equal(0x42u, result.ObjectType);
    }

    [Fact]
    public void Seal_with_a_sealed_authority_clears_the_tag()
    {
        Assert.False(Buffer.Seal(TypeAuthority.SealEntry()).Tag);
    }

    [Fact]
    public void Seal_without_the_seal_permission_clears_the_tag()
    {
        Assert.False(Buffer.Seal(TypeAuthority.AndPermissions(~CapabilityPermissions.Seal)).Tag);
    }

    [Fact]
    public void Seal_with_the_authority_address_out_of_its_bounds_clears_the_tag()
    {
        Capability outOfBounds = TypeAuthority.IncrementOffset(1);

        Assert.True(outOfBounds.Tag);
        Assert.False(Buffer.Seal(outOfBounds).Tag);
    }

    [Fact]
    public void Seal_with_a_reserved_object_type_clears_the_tag()
    {
        Capability largestType = Capability.Root.SetAddress(CapabilityObjectType.MaxSealable);
        Capability reservedType = Capability.Root.SetAddress(CapabilityObjectType.MaxSealable + 1);

        Assert.True(Buffer.Seal(largestType).Tag);
        Assert.False(Buffer.Seal(reservedType).Tag);
    }

    [Fact]
    public void Seal_of_an_already_sealed_capability_clears_the_tag()
    {
        Assert.False(Sealed.Seal(TypeAuthority).Tag);
    }

    // CUnseal

    [Fact]
    public void Unseal_with_the_matching_authority_restores_the_capability()
    {
        Assert.Equal(Buffer, Sealed.Unseal(TypeAuthority));
    }

    [Fact]
    public void Unseal_with_a_local_authority_strips_global()
    {
        Capability localAuthority = TypeAuthority.AndPermissions(~CapabilityPermissions.Global);
        Capability unsealed = Sealed.Unseal(localAuthority);

        Assert.True(unsealed.Tag);
        Assert.Equal(Buffer.Permissions & ~CapabilityPermissions.Global, unsealed.Permissions);
    }

    [Fact]
    public void Unseal_with_a_different_object_type_clears_the_tag()
    {
        Capability otherType = Capability.Root.SetAddress(0x43).SetBoundsExact(1);
        Capability result = Sealed.Unseal(otherType);

        Assert.False(result.Tag);
        Assert.False(result.IsSealed);
    }

    [Fact]
    public void Unseal_without_the_unseal_permission_clears_the_tag()
    {
        Assert.False(Sealed.Unseal(TypeAuthority.AndPermissions(~CapabilityPermissions.Unseal)).Tag);
    }

    [Fact]
    public void Unseal_with_an_untagged_or_sealed_authority_clears_the_tag()
    {
        Assert.False(Sealed.Unseal(TypeAuthority.ClearTag()).Tag);
        Assert.False(Sealed.Unseal(TypeAuthority.SealEntry()).Tag);
    }

    [Fact]
    public void Unseal_with_the_authority_address_out_of_bounds_clears_the_tag()
    {
        Capability elsewhere = Capability.Root.SetAddress(0x40).SetBoundsExact(2).SetAddress(0x42);

        Assert.True(elsewhere.Tag);
        Assert.False(Sealed.Unseal(elsewhere).Tag);
    }

    [Fact]
    public void Unseal_of_an_unsealed_capability_or_a_sentry_clears_the_tag()
    {
        Capability sentryTypeAuthority = Capability.Root.SetAddress(CapabilityObjectType.Sentry);

        Assert.False(Buffer.Unseal(TypeAuthority).Tag);
        Assert.False(Buffer.SealEntry().Unseal(sentryTypeAuthority).Tag);
    }

    // CSealEntry

    [Fact]
    public void SealEntry_seals_as_a_sentry_without_authority()
    {
        Capability sentry = Buffer.SealEntry();

        Assert.True(sentry.Tag);
        Assert.True(sentry.IsSentry);
        Assert.False(Sealed.SealEntry().Tag);
    }

    // CCSeal

    [Fact]
    public void ConditionalSeal_with_a_valid_authority_seals()
    {
        Assert.Equal(Sealed, Buffer.ConditionalSeal(TypeAuthority));
    }

    [Fact]
    public void ConditionalSeal_passes_the_input_through_unchanged()
    {
        Capability allOnes = Capability.Root.SetAddress(ulong.MaxValue);

        Assert.Equal(Buffer, Buffer.ConditionalSeal(TypeAuthority.ClearTag()));
        Assert.Equal(Sealed, Sealed.ConditionalSeal(Capability.Root.SetAddress(7)));
        Assert.Equal(Buffer, Buffer.ConditionalSeal(TypeAuthority.IncrementOffset(1)));
        Assert.Equal(Buffer, Buffer.ConditionalSeal(allOnes));
    }

    [Fact]
    public void ConditionalSeal_without_permission_or_with_a_reserved_type_clears_the_tag()
    {
        Assert.False(Buffer.ConditionalSeal(TypeAuthority.AndPermissions(~CapabilityPermissions.Seal)).Tag);
        Assert.False(Buffer.ConditionalSeal(Capability.Root.SetAddress(CapabilityObjectType.Sentry)).Tag);
        Assert.False(Buffer.ConditionalSeal(TypeAuthority.SealEntry()).Tag);
    }

    // CCopyType, CGetType

    [Fact]
    public void CopyType_puts_the_object_type_in_the_address()
    {
        Capability typeCursor = Capability.Root.CopyType(Sealed);

        Assert.Equal(0x42UL, typeCursor.Address);
        Assert.True(typeCursor.Tag);
    }

    [Fact]
    public void CopyType_of_a_reserved_type_sign_extends_it_and_clears_the_tag()
    {
        Capability fromUnsealed = Capability.Root.CopyType(Buffer);
        Capability fromSentry = Capability.Root.CopyType(Buffer.SealEntry());

        Assert.Equal(ulong.MaxValue, fromUnsealed.Address);
        Assert.False(fromUnsealed.Tag);
        Assert.Equal(ulong.MaxValue - 1, fromSentry.Address);
        Assert.False(fromSentry.Tag);
    }

    [Fact]
    public void CopyType_clears_the_tag_when_the_type_is_not_representable_or_the_input_is_sealed()
    {
        Assert.False(Buffer.CopyType(Sealed).Tag);
        Assert.False(Sealed.CopyType(Sealed).Tag);
    }

    [Fact]
    public void ArchitecturalObjectType_sign_extends_only_reserved_types()
    {
        Assert.Equal(ulong.MaxValue, Buffer.ArchitecturalObjectType);
        Assert.Equal(ulong.MaxValue - 1, Buffer.SealEntry().ArchitecturalObjectType);
        Assert.Equal(0x42UL, Sealed.ArchitecturalObjectType);
        Assert.Equal((ulong)CapabilityObjectType.MaxSealable, Buffer.Seal(Capability.Root.SetAddress(CapabilityObjectType.MaxSealable)).ArchitecturalObjectType);
    }

    // CBuildCap

    [Fact]
    public void BuildCapability_restores_the_tag_of_a_derivable_subset()
    {
        Capability pattern = Buffer.SetAddress(0x10100).SetBounds(0x40).AndPermissions(CapabilityPermissions.Load).SetFlag(true);

        Assert.Equal(pattern, Buffer.BuildCapability(pattern.ClearTag()));
    }

    [Fact]
    public void BuildCapability_with_an_untagged_or_sealed_authority_fails()
    {
        Capability pattern = Buffer.SetAddress(0x10100).SetBounds(0x40).ClearTag();

        Assert.Equal(pattern, Buffer.ClearTag().BuildCapability(pattern));
        Assert.Equal(pattern, Sealed.BuildCapability(pattern));
    }

    [Fact]
    public void BuildCapability_of_wider_bounds_or_more_permissions_fails()
    {
        Capability readOnlyAuthority = Buffer.AndPermissions(CapabilityPermissions.Load);
        Capability wider = Capability.Root.SetAddress(0x10000).SetBounds(0x2000).ClearTag();
        Capability writable = Buffer.SetBounds(0x10).ClearTag();

        Assert.False(Buffer.BuildCapability(wider).Tag);
        Assert.False(readOnlyAuthority.BuildCapability(writable).Tag);
    }

    [Fact]
    public void BuildCapability_keeps_sentries_and_unseals_other_types()
    {
        Capability sentry = Buffer.SealEntry();
        Capability rebuiltSentry = Capability.Root.BuildCapability(sentry.ClearTag());
        Capability rebuiltSealed = Capability.Root.BuildCapability(Sealed.ClearTag());

        Assert.Equal(sentry, rebuiltSentry);
        Assert.Equal(Buffer, rebuiltSealed);
    }

    [Fact]
    public void BuildCapability_of_a_pattern_with_reserved_bits_fails_and_unseals_it()
    {
        Capability withReservedBits = Capability.FromRaw(Sealed.Address, Sealed.Metadata | (1UL << 46), tag: false);
        Capability result = Capability.Root.BuildCapability(withReservedBits);

        Assert.False(result.Tag);
        Assert.False(result.IsSealed);
        Assert.Equal(1u, result.Reserved);
    }

    [Fact]
    public void BuildCapability_of_non_canonical_bounds_fails()
    {
        // Exponent 60 decodes like 52 (the largest useful one), so these are the root's bounds, but deriving
        // them afresh encodes exponent 52: the pattern is not derivable.
        Capability nonCanonical = Capability.FromRaw(0, CapabilityEncoding.RootMetadata | (1UL << 14), tag: false);

        Assert.Equal(60, nonCanonical.Exponent);
        Assert.Equal(Capability.Root.GetBounds(), nonCanonical.GetBounds());
        Assert.False(Capability.Root.BuildCapability(nonCanonical).Tag);
    }

    // CTestSubset

    [Fact]
    public void TestSubset_compares_tags_bounds_and_permissions_but_not_types()
    {
        Capability inner = Buffer.SetAddress(0x10100).SetBounds(0x10).AndPermissions(CapabilityPermissions.Load);

        Assert.True(Buffer.TestSubset(inner));
        Assert.True(Buffer.TestSubset(Buffer));
        Assert.True(Buffer.TestSubset(inner.SealEntry()));
        Assert.False(Buffer.TestSubset(inner.ClearTag()));
        Assert.False(inner.TestSubset(Buffer));
        Assert.False(Buffer.AndPermissions(CapabilityPermissions.Store).TestSubset(inner));
        Assert.True(Buffer.ClearTag().TestSubset(inner.ClearTag()));
    }

    // CToPtr, CFromPtr

    [Fact]
    public void ToPointer_is_the_address_relative_to_the_other_base_or_zero_when_untagged()
    {
        Capability pointer = Buffer.SetAddress(0x10123);

        Assert.Equal(0x123UL, pointer.ToPointer(Buffer));
        Assert.Equal(0x10123UL, pointer.ToPointer(Capability.Root));
        Assert.Equal(0UL, pointer.ClearTag().ToPointer(Buffer));
    }

    [Fact]
    public void FromPointer_of_zero_is_null_and_otherwise_sets_the_offset()
    {
        Capability pointer = Capability.FromPointer(Buffer, 0x123);

        Assert.Equal(Capability.Null, Capability.FromPointer(Buffer, 0));
        Assert.Equal(0x10123UL, pointer.Address);
        Assert.True(pointer.Tag);
        Assert.False(Capability.FromPointer(Sealed, 0x123).Tag);
    }

    // Inspection

    [Fact]
    public void InBounds_checks_both_ends_without_overflow()
    {
        Assert.True(Buffer.InBounds(0x10000, 0x1000));
        Assert.False(Buffer.InBounds(0x10000, 0x1001));
        Assert.False(Buffer.InBounds(0xFFFF, 1));
        Assert.True(Buffer.InBounds(0x10FFF, 1));
        Assert.True(Buffer.InBounds(0x11000, 0));
        Assert.True(Capability.Root.InBounds(ulong.MaxValue, 1));
        Assert.False(Capability.Root.InBounds(ulong.MaxValue, 2));
    }

    [Fact]
    public void Offset_length_and_saturated_values_follow_the_bounds()
    {
        Capability pointer = Buffer.SetAddress(0x10010);

        Assert.Equal(0x10UL, pointer.Offset);
        Assert.Equal((UInt128)0x1000, pointer.Length);
        Assert.Equal(0x1000UL, pointer.SaturatedLength);
        Assert.Equal(0x11000UL, pointer.SaturatedTop);
    }

    [Fact]
    public void Equality_compares_every_bit_and_the_tag()
    {
        Capability withReservedBit = Capability.FromRaw(Buffer.Address, Buffer.Metadata | (1UL << 47), Buffer.Tag);

        Assert.Equal(Buffer, Capability.FromRaw(Buffer.Address, Buffer.Metadata, Buffer.Tag));
        Assert.NotEqual(Buffer, withReservedBit);
        Assert.NotEqual(Buffer, Buffer.ClearTag());
        Assert.True(Buffer != Buffer.SetAddress(0x10001));
        Assert.Equal(Buffer.GetHashCode(), Capability.FromMemory(Buffer.Address, Buffer.MemoryMetadata, tag: true).GetHashCode());
        Assert.Equal(2u, withReservedBit.Reserved);
    }
}
