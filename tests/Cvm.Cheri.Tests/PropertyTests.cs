using CsCheck;

namespace Cvm.Cheri.Tests;

/// <summary>Properties of the capability operations over randomly derived capabilities.</summary>
public class PropertyTests
{
    /// <summary>Samples per property: a quick run by default, a thorough one with CVM_LONG_TESTS=1.</summary>
    private static readonly long Iterations = Environment.GetEnvironmentVariable("CVM_LONG_TESTS") == "1" ? 2_000_000 : 20_000;

    /// <summary>A 64-bit value whose magnitude is spread over every bit width, so small lengths are common.</summary>
    private static readonly Gen<ulong> AnyWidth =
        Gen.Select(Gen.Int[0, 64], Gen.ULong, (bits, value) => bits == 64 ? value : value & ((1UL << bits) - 1));

    private static readonly Gen<CapabilityPermissions> AnyPermissions = Gen.UInt.Select(mask => (CapabilityPermissions)mask & CapabilityPermissions.All);

    /// <summary>
    /// Tagged, unsealed capabilities derived from the root as software would: bounds set at some address, the
    /// address moved within the bounds, some permissions dropped and the flag chosen.
    /// </summary>
    private static readonly Gen<Capability> Derived =
        Gen.Select(Gen.ULong, AnyWidth, Gen.ULong, AnyPermissions, Gen.Bool, (baseAddress, length, offsetSeed, permissions, flag) =>
            {
                Capability bounded = Capability.Root.SetAddress(baseAddress).SetBounds(length);
                CapabilityBounds bounds = bounded.GetBounds();
                ulong offset = bounds.Length == 0 ? 0 : (ulong)(offsetSeed % bounds.Length);
                return bounded.SetAddress(bounds.Base + offset).AndPermissions(permissions).SetFlag(flag);
            })
            .Where(capability => capability.Tag);

    [Fact]
    public void SetBounds_never_widens_a_capability()
    {
        Gen.Select(Derived, AnyWidth, AnyWidth).Sample((capability, start, length) =>
        {
            CapabilityBounds original = capability.GetBounds();
            Capability positioned = capability.SetAddress(original.Base + start);
            Capability narrowed = positioned.SetBounds(length, out bool exact);
            CapabilityBounds result = narrowed.GetBounds();

            Assert.Equal(positioned.Tag && positioned.InBounds(positioned.Address, length), narrowed.Tag);
            Assert.Equal(capability.Permissions, narrowed.Permissions);
            Assert.Equal(capability.ObjectType, narrowed.ObjectType);
            Assert.Equal(capability.Flag, narrowed.Flag);
            Assert.Equal(positioned.Address, narrowed.Address);
            if (narrowed.Tag)
            {
                Assert.True(result.Base >= original.Base && result.Top <= original.Top, $"{narrowed} escapes {capability}");
                Assert.True(result.Base <= positioned.Address && result.Top >= (UInt128)positioned.Address + length, $"{narrowed} does not cover the request");
                Assert.Equal(exact, result == new CapabilityBounds(positioned.Address, (UInt128)positioned.Address + length));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Memory_form_round_trips()
    {
        Derived.Sample(capability =>
        {
            Assert.Equal(capability, Capability.FromMemory(capability.Address, capability.MemoryMetadata, capability.Tag));
            Assert.Equal(capability, Capability.FromRaw(capability.Address, capability.Metadata, capability.Tag));
        }, iter: Iterations);
    }

    [Fact]
    public void Decoding_and_re_deriving_a_capability_reproduces_its_bits()
    {
        // CBuildCap decodes the pattern's bounds, address, permissions and flag and encodes them afresh from the
        // authority; for a derivable capability that must give back exactly the same bits.
        Gen.Select(Derived, Gen.Bool).Sample((capability, asSentry) =>
        {
            Capability pattern = asSentry ? capability.SealEntry() : capability;

            Assert.Equal(pattern, Capability.Root.BuildCapability(pattern.ClearTag()));
        }, iter: Iterations);
    }

    [Fact]
    public void The_representable_region_contains_the_bounds()
    {
        Gen.Select(Derived, Gen.ULong).Sample((capability, seed) =>
        {
            CapabilityBounds bounds = capability.GetBounds();
            ulong inside = bounds.Length == 0 ? bounds.Base : bounds.Base + (ulong)(seed % bounds.Length);

            Assert.True(capability.SetAddress(bounds.Base).Tag, "base");
            Assert.True(capability.SetAddress(inside).Tag, $"0x{inside:x}");
            Assert.True(capability.SetAddress(bounds.Base).IncrementOffset(inside - bounds.Base).Tag, $"fast check to 0x{inside:x}");
            Assert.True(capability.SetOffset(inside - bounds.Base).Tag, $"offset to 0x{inside:x}");
            if (bounds.Top <= ulong.MaxValue)
            {
                Assert.True(capability.SetAddress((ulong)bounds.Top).Tag, "top");
            }
        }, iter: Iterations);
    }

    [Fact]
    public void The_fast_representability_check_is_conservative()
    {
        // CIncOffset's fast check may refuse a move that CSetAddr's precise check allows, never the reverse.
        Gen.Select(Derived, AnyWidth, Gen.Bool).Sample((capability, distance, downwards) =>
        {
            ulong increment = downwards ? 0 - distance : distance;
            if (capability.IncrementOffset(increment).Tag)
            {
                Assert.True(capability.SetAddress(capability.Address + increment).Tag);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Seal_and_unseal_round_trip()
    {
        Gen.Select(Derived, Gen.UInt[0, CapabilityObjectType.MaxSealable]).Sample((capability, objectType) =>
        {
            Capability authority = Capability.Root.SetAddress(objectType).SetBounds(1);
            Capability sealedCapability = capability.Seal(authority);

            Assert.True(sealedCapability.Tag);
            Assert.True(sealedCapability.IsSealed);
            Assert.Equal(objectType, sealedCapability.ObjectType);
            Assert.Equal(capability, sealedCapability.Unseal(authority));
            Assert.Equal(capability.ClearTag(), sealedCapability.ClearTag().Unseal(authority));
        }, iter: Iterations);
    }

    [Fact]
    public void AndPermissions_is_monotonic()
    {
        Gen.Select(Derived, AnyPermissions, AnyPermissions).Sample((capability, first, second) =>
        {
            Capability once = capability.AndPermissions(first);
            Capability twice = once.AndPermissions(second);

            Assert.Equal(capability.Permissions & first, once.Permissions);
            Assert.Equal(capability.AndPermissions(first & second), twice);
            Assert.True(capability.TestSubset(once));
            Assert.True(once.TestSubset(twice));
            Assert.Equal(capability.Metadata & ~CapabilityEncoding.PermissionFieldsMask, twice.Metadata & ~CapabilityEncoding.PermissionFieldsMask);
        }, iter: Iterations);
    }

    [Fact]
    public void Operations_on_arbitrary_bits_never_throw_and_never_tag_from_an_untagged_input()
    {
        Gen<Capability> anyBits = Gen.Select(Gen.ULong, Gen.ULong, Gen.Bool, Capability.FromRaw);
        Gen.Select(anyBits, anyBits, Gen.ULong).Sample((capability, other, value) =>
        {
            Capability untagged = capability.ClearTag();
            Capability[] results =
            [
                untagged.SetAddress(value), untagged.IncrementOffset(value), untagged.SetOffset(value),
                untagged.SetBounds(value), untagged.SetBoundsExact(value), untagged.AndPermissions((CapabilityPermissions)value),
                untagged.SetFlag((value & 1) != 0), untagged.SealEntry(), untagged.Seal(other), untagged.Unseal(other),
                untagged.ConditionalSeal(other), untagged.CopyType(other),
            ];
            Assert.All(results, result => Assert.False(result.Tag));
            _ = capability.GetBounds();
            _ = capability.BuildCapability(other);
            _ = capability.TestSubset(other);
            _ = capability.ToPointer(other);
            _ = Capability.RepresentableLength(value);
        }, iter: Iterations);
    }
}
