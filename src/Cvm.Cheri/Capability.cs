using System.Runtime.CompilerServices;

namespace Cvm.Cheri;

/// <summary>
/// A CHERI capability (ISAv9, RV64, 128-bit CHERI Concentrate): a 64-bit address, a 64-bit metadata word and an
/// out-of-band tag. The value is immutable and allocation-free; every field is decoded from the raw bits on
/// demand, so a value is always exactly the 129 bits the hardware would hold. Operations named after CHERI
/// instructions follow the Sail model's semantics and never throw: where the instruction would produce an
/// invalid capability they clear the tag instead. <c>default(Capability)</c> is <see cref="Null"/>, so arrays
/// of capabilities (register files, memory) start out NULL as the hardware's do.
/// </summary>
public readonly partial struct Capability : IEquatable<Capability>
{
    // The metadata is kept in its in-memory (XORed) form, which is all zeros for NULL: that makes the default
    // value of the struct the NULL capability.
    private readonly ulong _memoryMetadata;

    private Capability(ulong address, ulong metadata, bool tag)
    {
        Address = address;
        _memoryMetadata = metadata ^ CapabilityEncoding.MemoryXorMask;
        Tag = tag;
    }

    /// <summary>The address (cursor): capability bits 63..0.</summary>
    public ulong Address { get; }

    /// <summary>The raw metadata word: capability bits 127..64, not XORed (see <see cref="MemoryMetadata"/>).</summary>
    public ulong Metadata
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _memoryMetadata ^ CapabilityEncoding.MemoryXorMask;
    }

    /// <summary>Whether the capability is valid (the out-of-band validity tag).</summary>
    public bool Tag { get; }

    /// <summary>The NULL capability: untagged, no permissions, unsealed, address 0. Registers and memory reset to it.</summary>
    public static Capability Null => new(0, CapabilityEncoding.NullMetadata, tag: false);

    /// <summary>The root ("almighty") capability: tagged, every permission, unsealed, bounds [0, 2^64), address 0.</summary>
    public static Capability Root => new(0, CapabilityEncoding.RootMetadata, tag: true);

    /// <summary>
    /// The NULL-derived capability an integer becomes when written to a capability register: NULL's metadata
    /// with <paramref name="address"/> as its address, untagged (Sail <c>int_to_cap</c>).
    /// </summary>
    public static Capability FromInteger(ulong address) => new(address, CapabilityEncoding.NullMetadata, tag: false);

    /// <summary>
    /// The capability stored in memory as <paramref name="addressWord"/> (bytes 0..7 of the granule) and
    /// <paramref name="memoryMetadataWord"/> (bytes 8..15, XORed with <see cref="CapabilityEncoding.MemoryXorMask"/>),
    /// with the granule's tag.
    /// </summary>
    public static Capability FromMemory(ulong addressWord, ulong memoryMetadataWord, bool tag) =>
        new(addressWord, memoryMetadataWord ^ CapabilityEncoding.MemoryXorMask, tag);

    /// <summary>The capability with exactly these bits: an address, a raw (un-XORed) metadata word and a tag.</summary>
    public static Capability FromRaw(ulong address, ulong metadata, bool tag) => new(address, metadata, tag);

    /// <summary>The metadata word as stored in memory (XORed so that NULL is all zeros); <c>CGetHigh</c> returns it.</summary>
    public ulong MemoryMetadata => _memoryMetadata;

    /// <summary>The permissions, in the <c>CGetPerm</c> layout.</summary>
    public CapabilityPermissions Permissions
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            ulong hardware = (Metadata >> CapabilityEncoding.HardwarePermissionsShift) & CapabilityEncoding.HardwarePermissionsMask;
            ulong user = (Metadata >> CapabilityEncoding.UserPermissionsShift) & CapabilityEncoding.UserPermissionsMask;
            return (CapabilityPermissions)(uint)(hardware | (user << CapabilityEncoding.UserPermissionsPermShift));
        }
    }

    /// <summary>Whether the capability grants every permission in <paramref name="required"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool HasPermissions(CapabilityPermissions required) => (Permissions & required) == required;

    /// <summary>The 18-bit object type; <see cref="CapabilityObjectType.Unsealed"/> when unsealed.</summary>
    public uint ObjectType
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (uint)((Metadata >> CapabilityEncoding.ObjectTypeShift) & CapabilityEncoding.ObjectTypeMask);
    }

    /// <summary>
    /// The object type as <c>CGetType</c> writes it to an integer register: sign-extended when reserved (so
    /// unsealed reads as −1 and a sentry as −2), zero-extended otherwise.
    /// </summary>
    public ulong ArchitecturalObjectType
    {
        get
        {
            uint objectType = ObjectType;
            return CapabilityObjectType.IsReserved(objectType)
                ? (ulong)((long)((ulong)objectType << (64 - CapabilityObjectType.Width)) >> (64 - CapabilityObjectType.Width))
                : objectType;
        }
    }

    /// <summary>Whether the capability is sealed: its object type is anything but <see cref="CapabilityObjectType.Unsealed"/>.</summary>
    public bool IsSealed
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ObjectType != CapabilityObjectType.Unsealed;
    }

    /// <summary>Whether the capability is a sealed entry capability (object type <see cref="CapabilityObjectType.Sentry"/>).</summary>
    public bool IsSentry => ObjectType == CapabilityObjectType.Sentry;

    /// <summary>Whether the object type is one of the reserved values (unsealed, sentry and two unused ones).</summary>
    public bool HasReservedObjectType => CapabilityObjectType.IsReserved(ObjectType);

    /// <summary>The flag bit (<c>CGetFlags</c>): set when a program-counter capability selects capability encoding mode.</summary>
    public bool Flag => ((Metadata >> CapabilityEncoding.FlagShift) & 1) != 0;

    /// <summary>The two reserved metadata bits. They are zero in derivable capabilities; <c>CSEQX</c> compares them.</summary>
    public uint Reserved => (uint)((Metadata >> CapabilityEncoding.ReservedShift) & CapabilityEncoding.ReservedMask);

    /// <summary>Whether the bounds use an internal exponent (the IE bit); without one the exponent is 0.</summary>
    public bool HasInternalExponent => CompressedBounds.HasInternalExponent(Metadata);

    /// <summary>
    /// The exponent E as encoded: 0 without an internal exponent, else 0..63. Bounds arithmetic uses at most
    /// <see cref="CapabilityEncoding.MaxExponent"/>.
    /// </summary>
    public int Exponent => CompressedBounds.Unpack(Metadata, out _, out _);

    /// <summary>Base and top in one decode; prefer this to reading <see cref="Base"/> and <see cref="Top"/> separately.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CapabilityBounds GetBounds() => CompressedBounds.Decode(Metadata, Address);

    /// <summary>The lowest address the capability covers (<c>CGetBase</c>).</summary>
    public ulong Base => GetBounds().Base;

    /// <summary>One past the highest address the capability covers; 65 bits, so it can be 2^64.</summary>
    public UInt128 Top => GetBounds().Top;

    /// <summary>Top − base modulo 2^65; up to 2^64.</summary>
    public UInt128 Length => GetBounds().Length;

    /// <summary>The top as <c>CGetTop</c> reports it: saturated to 2^64 − 1.</summary>
    public ulong SaturatedTop => GetBounds().SaturatedTop;

    /// <summary>The length as <c>CGetLen</c> reports it: saturated to 2^64 − 1.</summary>
    public ulong SaturatedLength => GetBounds().SaturatedLength;

    /// <summary>The address relative to the base, modulo 2^64 (<c>CGetOffset</c>).</summary>
    public ulong Offset => Address - Base;

    /// <summary>
    /// Whether the <paramref name="size"/> bytes at <paramref name="address"/> lie within the bounds (Sail
    /// <c>inCapBounds</c>). This checks bounds only; tag, seal and permission checks are the caller's, in the
    /// order its instruction defines.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool InBounds(ulong address, ulong size) => GetBounds().Contains(address, size);

    /// <summary>
    /// Whether both capabilities have the same tag and the same 128 bits, reserved bits included (<c>CSEQX</c>).
    /// </summary>
    public bool Equals(Capability other) => Address == other.Address && _memoryMetadata == other._memoryMetadata && Tag == other.Tag;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Capability other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Address, _memoryMetadata, Tag);

    /// <summary>Whether two capabilities are bit-identical, tags included.</summary>
    public static bool operator ==(Capability left, Capability right) => left.Equals(right);

    /// <summary>Whether two capabilities differ in any bit or in their tags.</summary>
    public static bool operator !=(Capability left, Capability right) => !left.Equals(right);

    /// <summary>A one-line summary: tag, address, bounds, permissions and object type.</summary>
    public override string ToString()
    {
        CapabilityBounds bounds = GetBounds();
        string seal = ObjectType switch
        {
            CapabilityObjectType.Unsealed => "unsealed",
            CapabilityObjectType.Sentry => "sentry",
            uint objectType => $"sealed 0x{objectType:x}",
        };
        return $"{(Tag ? "valid" : "invalid")} 0x{Address:x} [0x{bounds.Base:x}, 0x{bounds.Top:x}) perms 0x{(uint)Permissions:x} {seal}";
    }
}
