using Cvm.Cheri;

namespace Cvm.Machine.Tests.Cheri;

/// <summary>The capabilities <c>cvm exec --confine</c> builds: representable bounds that contain the region.</summary>
public sealed class ConfinementTests
{
    public static TheoryData<ulong, ulong> Regions() => new()
    {
        { 0x10000, 0x8000_0000 }, // a static glibc or picolibc program's base and the preferred stack top
        { 0x400000, 0x8000_0000 },
        { 0x10000, 0x20000 },
        { 0x1000, 0x1_0000_0000 },
        { 0x12345000, 0x8000_0000 },
    };

    [Theory]
    [MemberData(nameof(Regions))]
    public void Exact_region_end_gives_exact_bounds_from_the_requested_base(ulong low, ulong preferredEnd)
    {
        var end = Confinement.ExactRegionEnd(low, preferredEnd);
        Assert.NotNull(end);
        Assert.InRange(end.Value, low + 0x1000, preferredEnd);
        Assert.Equal(0UL, end.Value % 0x1000);
        var bounded = Capability.Root.SetAddress(low).SetBounds(end.Value - low, out var exact);
        Assert.True(exact, $"[0x{low:x}, 0x{end:x}) is not exactly representable");
        Assert.True(bounded.Tag);
        Assert.Equal(low, bounded.Base);
        Assert.Equal((UInt128)end.Value, bounded.Top);
        // Nothing much larger is left unused: a region 1/8 longer passes the preferred end or needs a coarser base alignment.
        var longer = (end.Value - low) + (end.Value - low) / 8;
        Assert.True(longer > preferredEnd - low || (low & ~Capability.RepresentableAlignmentMask(longer)) != 0,
            $"0x{end:x} leaves much of [0x{low:x}, 0x{preferredEnd:x}) out although a longer exact region exists");
    }

    [Fact]
    public void No_region_fits_below_a_page()
    {
        Assert.Null(Confinement.ExactRegionEnd(0x10000, 0x10800));
        Assert.Null(Confinement.ExactRegionEnd(0x10000, 0x8000));
    }

    [Fact]
    public void Bounded_contains_the_region_and_drops_the_named_permission()
    {
        // An unaligned, long region cannot be exact: the bounds round outwards and must still contain it.
        var code = Confinement.Bounded(0x10123, 0x2345_6789, CapabilityPermissions.Store);
        Assert.True(code.Tag);
        Assert.True(code.InBounds(0x10123, 0x2345_6789 - 0x10123));
        Assert.False(code.HasPermissions(CapabilityPermissions.Store));
        Assert.True(code.HasPermissions(CapabilityPermissions.Execute | CapabilityPermissions.Load));
        var data = Confinement.Bounded(0x10000, 0x20000, CapabilityPermissions.Execute);
        Assert.False(data.HasPermissions(CapabilityPermissions.Execute));
        Assert.True(data.HasPermissions(CapabilityPermissions.Load | CapabilityPermissions.Store));
        Assert.Equal(0x10000UL, data.Base);
        Assert.Equal((UInt128)0x20000, data.Top);
    }
}
