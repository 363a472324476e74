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

    /// <summary>Width of the bounds mantissa (MW): the B field holds 14 bits, the T field 12 (its top two bits are implied).</summary>
    public const int MantissaWidth = 14;

    /// <summary>
    /// The largest useful exponent (Sail <c>cap_max_E</c> = 65 − MW + 1). Larger encoded exponents decode as if
    /// they were this one.
    /// </summary>
    public const int MaxExponent = 52;

    // Field positions within the raw metadata word (bit n of the word is bit 64+n of the capability).

    internal const int UserPermissionsShift = 60;      // capability bits 127..124
    internal const int HardwarePermissionsShift = 48;  // capability bits 123..112
    internal const int ReservedShift = 46;             // capability bits 111..110
    internal const int FlagShift = 45;                 // capability bit 109
    internal const int ObjectTypeShift = 27;           // capability bits 108..91
    internal const int InternalExponentShift = 26;     // capability bit 90
    internal const int TopFieldShift = 14;             // capability bits 89..78
    internal const int BaseFieldShift = 0;             // capability bits 77..64

    internal const ulong HardwarePermissionsMask = 0xFFFUL;
    internal const ulong UserPermissionsMask = 0xFUL;
    internal const ulong ReservedMask = 0x3UL;
    internal const ulong ObjectTypeMask = 0x3FFFFUL;
    internal const ulong TopFieldMask = 0xFFFUL;
    internal const ulong BaseFieldMask = 0x3FFFUL;

    /// <summary>Bit position of the user permissions in the <c>CGetPerm</c> layout.</summary>
    internal const int UserPermissionsPermShift = 15;

    /// <summary>Every field the permissions occupy in the metadata word.</summary>
    internal const ulong PermissionFieldsMask = (UserPermissionsMask << UserPermissionsShift) | (HardwarePermissionsMask << HardwarePermissionsShift);

    /// <summary>Every field that encodes bounds (IE, T and B) in the metadata word.</summary>
    internal const ulong BoundsFieldsMask = (1UL << InternalExponentShift) | (TopFieldMask << TopFieldShift) | (BaseFieldMask << BaseFieldShift);
}
