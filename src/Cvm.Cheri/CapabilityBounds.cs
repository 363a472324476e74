namespace Cvm.Cheri;

/// <summary>
/// The decoded bounds of a capability: it authorises access to the addresses in [<see cref="Base"/>,
/// <see cref="Top"/>). The top has 65 bits because a capability may cover the whole address space
/// (top = 2^64). Untagged bit patterns can decode to top &lt; base, or to a top above 2^64; nothing here assumes
/// otherwise.
/// </summary>
/// <remarks>
/// The top is stored as its low 64 bits (<see cref="TopLow"/>) and its bit 64 (<see cref="TopBit64"/>) rather
/// than as a <see cref="UInt128"/>, so that code holding bounds (the emulator's fetch and data checks) can be
/// compiled ahead of time: ReadyToRun leaves every method whose signatures involve a type laid out around
/// <see cref="UInt128"/> to the JIT. The <see cref="UInt128"/> members are computed, for callers that want one
/// number.
/// </remarks>
public readonly record struct CapabilityBounds
{
    /// <summary>Bounds from a base and the two parts of a 65-bit top.</summary>
    /// <param name="base">The lowest address the capability covers.</param>
    /// <param name="topLow">The low 64 bits of the top.</param>
    /// <param name="topBit64">Bit 64 of the top (set for top = 2^64).</param>
    public CapabilityBounds(ulong @base, ulong topLow, bool topBit64)
    {
        Base = @base;
        TopLow = topLow;
        TopBit64 = topBit64;
    }

    /// <summary>Bounds from a base and a top; the top is taken modulo 2^65.</summary>
    /// <param name="base">The lowest address the capability covers.</param>
    /// <param name="top">One past the highest address the capability covers (65 bits).</param>
    public CapabilityBounds(ulong @base, UInt128 top)
        : this(@base, (ulong)top, ((ulong)(top >> 64) & 1) != 0)
    {
    }

    /// <summary>The lowest address the capability covers.</summary>
    public ulong Base { get; }

    /// <summary>The low 64 bits of <see cref="Top"/>.</summary>
    public ulong TopLow { get; }

    /// <summary>Bit 64 of <see cref="Top"/>: set when the top is 2^64 (or, for untagged patterns, above it).</summary>
    public bool TopBit64 { get; }

    /// <summary>One past the highest address the capability covers (65 bits).</summary>
    public UInt128 Top => new(TopBit64 ? 1UL : 0UL, TopLow);

    /// <summary>Top − base modulo 2^65, as the Sail model's <c>getCapLength</c> computes it.</summary>
    public UInt128 Length => new(LengthBit64 ? 1UL : 0UL, TopLow - Base);

    /// <summary>The top saturated to 2^64 − 1, as <c>CGetTop</c> reports it.</summary>
    public ulong SaturatedTop => TopBit64 ? ulong.MaxValue : TopLow;

    /// <summary>The length (top − base modulo 2^65) saturated to 2^64 − 1, as <c>CGetLen</c> reports it.</summary>
    public ulong SaturatedLength => LengthBit64 ? ulong.MaxValue : TopLow - Base;

    /// <summary>
    /// Bit 64 of top − base modulo 2^65: the top's bit 64, minus the borrow out of the low 64 bits.
    /// </summary>
    private bool LengthBit64 => TopBit64 ^ (TopLow < Base);

    /// <summary>Whether the top lies above <paramref name="address"/> (top &gt; address, on 65 bits).</summary>
    public bool TopIsAbove(ulong address) => TopBit64 || TopLow > address;

    /// <summary>Whether the top lies below <paramref name="address"/> (top &lt; address, on 65 bits).</summary>
    public bool TopIsBelow(ulong address) => !TopBit64 && TopLow < address;

    /// <summary>Whether this top is at most <paramref name="other"/>'s (compared on 65 bits).</summary>
    public bool TopIsAtMostTopOf(CapabilityBounds other) => TopBit64 == other.TopBit64 ? TopLow <= other.TopLow : other.TopBit64;

    /// <summary>
    /// Whether the <paramref name="size"/> bytes at <paramref name="address"/> lie within the bounds
    /// (Sail <c>inCapBounds</c>: base ≤ address and address + size ≤ top, computed without overflow).
    /// </summary>
    public bool Contains(ulong address, ulong size)
    {
        if (address < Base)
        {
            return false;
        }

        // address + size on 65 bits is (endBit64, end); compare it with (TopBit64, TopLow).
        ulong end = address + size;
        bool endBit64 = end < address;
        return endBit64 == TopBit64 ? end <= TopLow : TopBit64;
    }
}
