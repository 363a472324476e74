namespace Cvm.Cheri;

/// <summary>
/// Constants of the 128-bit CHERI Concentrate format (CHERI ISAv9, RV64) that the emulator, the monitor and
/// the tools share. Bit positions are those of the Sail model (<c>cheri_prelude_128.sail</c>): in a capability,
/// the metadata word holds bits 127..64 and the address bits 63..0.
/// </summary>
public static class CapabilityEncoding
{
    /// <summary>
    /// The metadata word is stored in memory XORed with this mask, so that the NULL capability is all zeros
    /// in memory (Sail <c>capToMemBits</c> / <c>memBitsToCapability</c>).
    /// </summary>
    public const ulong MemoryXorMask = 0x0000_1fff_fc01_8004UL;

    /// <summary>Raw (un-XORed) metadata of NULL: no permissions, unsealed, bounds [0, 2^64).</summary>
    public const ulong NullMetadata = 0x0000_1fff_fc01_8004UL;

    /// <summary>Raw metadata of the root ("almighty") capability: every permission, unsealed, bounds [0, 2^64).</summary>
    public const ulong RootMetadata = 0xffff_1fff_fc01_8004UL;

    /// <summary>Size in bytes of a capability in memory, and of the tagged-memory granule.</summary>
    public const int SizeInBytes = 16;
}
