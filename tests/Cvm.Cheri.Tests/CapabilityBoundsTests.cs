using CsCheck;

namespace Cvm.Cheri.Tests;

/// <summary>
/// The 64-bit members of <see cref="CapabilityBounds"/> agree with the Sail definitions computed on the 65-bit
/// top as a <see cref="UInt128"/>: lengths modulo 2^65, saturation to 2^64 − 1, <c>inCapBounds</c>.
/// </summary>
public class CapabilityBoundsTests
{
    private static readonly UInt128 TwoTo64 = (UInt128)1 << 64;
    private static readonly UInt128 Mask65 = (TwoTo64 << 1) - 1;

    /// <summary>64-bit values crowded around the edges where carries and borrows happen.</summary>
    private static readonly Gen<ulong> EdgyULong = Gen.OneOf(Gen.ULong, Gen.ULong[0, 16], Gen.ULong[ulong.MaxValue - 16, ulong.MaxValue]);

    /// <summary>Any base and any 65-bit top, including tops below the base and above 2^64 (untagged patterns).</summary>
    private static readonly Gen<CapabilityBounds> AnyBounds =
        Gen.Select(EdgyULong, EdgyULong, Gen.Bool, (baseAddress, topLow, topBit64) => new CapabilityBounds(baseAddress, topLow, topBit64));

    private static ulong Saturate(UInt128 value) => value > ulong.MaxValue ? ulong.MaxValue : (ulong)value;

    [Fact]
    public void Top_and_length_are_the_65_bit_values()
    {
        AnyBounds.Sample(bounds =>
        {
            UInt128 top = (bounds.TopBit64 ? TwoTo64 : 0) + bounds.TopLow;
            Assert.Equal(top, bounds.Top);
            Assert.Equal((top - bounds.Base) & Mask65, bounds.Length);
            Assert.Equal(Saturate(top), bounds.SaturatedTop);
            Assert.Equal(Saturate((top - bounds.Base) & Mask65), bounds.SaturatedLength);
            Assert.Equal(bounds, new CapabilityBounds(bounds.Base, top));
        });
    }

    [Fact]
    public void Contains_is_inCapBounds_without_overflow()
    {
        Gen.Select(AnyBounds, EdgyULong, EdgyULong).Sample((bounds, address, size) =>
        {
            bool expected = address >= bounds.Base && (UInt128)address + size <= bounds.Top;
            Assert.Equal(expected, bounds.Contains(address, size));
        });
    }

    [Fact]
    public void TopIsAbove_compares_all_65_bits()
    {
        Gen.Select(AnyBounds, EdgyULong).Sample((bounds, address) =>
        {
            Assert.Equal(bounds.Top > address, bounds.TopIsAbove(address));
            Assert.Equal(bounds.Top < address, bounds.TopIsBelow(address));
        });
    }

    [Fact]
    public void TopIsAtMostTopOf_compares_all_65_bits()
    {
        Gen.Select(AnyBounds, AnyBounds).Sample((bounds, other) => Assert.Equal(bounds.Top <= other.Top, bounds.TopIsAtMostTopOf(other)));
    }

    [Fact]
    public void The_root_covers_the_last_byte_of_the_address_space_and_no_more()
    {
        CapabilityBounds root = Capability.Root.GetBounds();
        Assert.Equal(new CapabilityBounds(0, 0, topBit64: true), root);
        Assert.True(root.Contains(ulong.MaxValue, 1));
        Assert.False(root.Contains(ulong.MaxValue, 2));
        Assert.Equal(ulong.MaxValue, root.SaturatedTop);
        Assert.Equal(ulong.MaxValue, root.SaturatedLength);
        Assert.Equal(TwoTo64, root.Length);
    }

    [Fact]
    public void A_top_of_two_to_the_64_minus_one_leaves_out_the_last_byte()
    {
        var bounds = new CapabilityBounds(0x1000, ulong.MaxValue, topBit64: false);
        Assert.True(bounds.Contains(ulong.MaxValue - 1, 1));
        Assert.False(bounds.Contains(ulong.MaxValue, 1));
        Assert.False(bounds.Contains(0xfff, 1));
        Assert.False(bounds.TopIsAbove(ulong.MaxValue));
    }
}
