namespace Cvm.Cheri;

/// <summary>
/// The decoded bounds of a capability: it authorises access to the addresses in [<see cref="Base"/>,
/// <see cref="Top"/>). <see cref="Top"/> has 65 bits because a capability may cover the whole address space
/// (top = 2^64). Untagged bit patterns can decode to top &lt; base; nothing here assumes otherwise.
/// </summary>
/// <param name="Base">The lowest address the capability covers.</param>
/// <param name="Top">One past the highest address the capability covers (65 bits).</param>
public readonly record struct CapabilityBounds(ulong Base, UInt128 Top)
{
    /// <summary>Top − base modulo 2^65, as the Sail model's <c>getCapLength</c> computes it.</summary>
    public UInt128 Length => (Top - Base) & CompressedBounds.Mask65;

    /// <summary>
    /// Whether the <paramref name="size"/> bytes at <paramref name="address"/> lie within the bounds
    /// (Sail <c>inCapBounds</c>: base ≤ address and address + size ≤ top, computed without overflow).
    /// </summary>
    public bool Contains(ulong address, ulong size) => address >= Base && (UInt128)address + size <= Top;
}
