namespace Cvm.Cheri;

// The capability-manipulation and sealing instructions (CHERI ISAv9 §3.2–3.3), as the Sail model defines them in
// cheri_insts.sail. None of them traps: an operation that would produce an invalid capability clears the result's
// tag. Manipulating a sealed capability always clears the result's tag (Sail clearTagIfSealed).
public readonly partial struct Capability
{
    /// <summary>A copy with the tag cleared (<c>CClearTag</c>).</summary>
    public Capability ClearTag() => new(Address, Metadata, tag: false);

    /// <summary>
    /// The address replaced by <paramref name="address"/> (<c>CSetAddr</c>). The tag survives only if this
    /// capability is unsealed and the new address decodes to exactly the same bounds (the precise
    /// representability check). An unrepresentable result keeps the new address and metadata, so its bounds
    /// decode differently.
    /// </summary>
    public Capability SetAddress(ulong address)
    {
        var moved = new Capability(address, Metadata, Tag);
        bool representable = moved.GetBounds() == GetBounds();
        return moved.WithTagIf(!IsSealed && representable);
    }

    /// <summary>
    /// The address moved by <paramref name="increment"/>, modulo 2^64 (<c>CIncOffset</c>; <c>CIncOffsetImm</c>
    /// with its sign-extended immediate). The tag survives only if this capability is unsealed and the move
    /// passes the fast representability check.
    /// </summary>
    public Capability IncrementOffset(ulong increment) => MoveAddress(Address + increment);

    /// <summary>
    /// The address set to base + <paramref name="offset"/> (<c>CSetOffset</c>). The tag survives only if this
    /// capability is unsealed and the move passes the fast representability check.
    /// </summary>
    public Capability SetOffset(ulong offset) => MoveAddress(Base + offset);

    private Capability MoveAddress(ulong newAddress)
    {
        bool representable = CompressedBounds.IsFastRepresentable(Metadata, Address, newAddress - Address);
        return new Capability(newAddress, Metadata, Tag && !IsSealed && representable);
    }

    /// <summary>
    /// Bounds [address, address + <paramref name="length"/>), rounded outwards to the nearest representable
    /// bounds (<c>CSetBounds</c>; <c>CSetBoundsImm</c> with its zero-extended immediate). The address stays
    /// the requested base. The tag survives only if this capability is unsealed and the requested bounds lie
    /// within its own.
    /// </summary>
    public Capability SetBounds(ulong length) => SetBounds(length, out _);

    /// <summary>
    /// As <see cref="SetBounds(ulong)"/>, also telling whether the requested bounds were representable without
    /// rounding.
    /// </summary>
    public Capability SetBounds(ulong length, out bool exact)
    {
        ulong newBase = Address;
        // The requested top, base + length, on 65 bits: its low 64 bits and the carry into bit 64.
        ulong newTopLow = newBase + length;
        bool newTopBit64 = newTopLow < newBase;
        bool inBounds = InBounds(newBase, length);
        ulong metadata = CompressedBounds.Encode(Metadata, newBase, newTopLow, newTopBit64, out exact);
        return new Capability(newBase, metadata, Tag && !IsSealed && inBounds);
    }

    /// <summary>
    /// As <see cref="SetBounds(ulong)"/> (<c>CSetBoundsExact</c>), but the tag is also cleared if the bounds had
    /// to be rounded.
    /// </summary>
    public Capability SetBoundsExact(ulong length)
    {
        Capability bounded = SetBounds(length, out bool exact);
        return bounded.WithTagIf(exact);
    }

    /// <summary>
    /// The smallest length no less than <paramref name="length"/> that a suitably aligned base can have exact
    /// bounds for, modulo 2^64 (<c>CRRL</c>).
    /// </summary>
    public static ulong RepresentableLength(ulong length)
    {
        ulong mask = CompressedBounds.RepresentableAlignmentMask(length);
        return (length + ~mask) & mask;
    }

    /// <summary>
    /// The mask that rounds a base down to an alignment at which bounds of
    /// <see cref="RepresentableLength(ulong)"/> are exact (<c>CRAM</c>).
    /// </summary>
    public static ulong RepresentableAlignmentMask(ulong length) => CompressedBounds.RepresentableAlignmentMask(length);

    /// <summary>
    /// The permissions ANDed with <paramref name="mask"/> (<c>CAndPerm</c>; mask in the <c>CGetPerm</c> layout,
    /// other bits ignored). The tag is cleared if this capability is sealed.
    /// </summary>
    public Capability AndPermissions(CapabilityPermissions mask) => WithPermissions(Permissions & mask).WithTagIf(!IsSealed);

    /// <summary>
    /// The flag set to <paramref name="capabilityMode"/> (<c>CSetFlags</c>, which takes bit 0 of its operand). The
    /// tag is cleared if this capability is sealed.
    /// </summary>
    public Capability SetFlag(bool capabilityMode) => WithFlag(capabilityMode).WithTagIf(!IsSealed);

    /// <summary>
    /// The metadata replaced by <paramref name="memoryMetadataWord"/>, given in its in-memory (XORed) form; the
    /// result is always untagged (<c>CSetHigh</c>).
    /// </summary>
    public Capability SetHigh(ulong memoryMetadataWord) => FromMemory(Address, memoryMetadataWord, tag: false);

    /// <summary>
    /// This capability sealed with the object type <paramref name="authority"/>'s address (<c>CSeal</c>). The tag
    /// survives only if this capability is unsealed and the authority is tagged, unsealed, grants
    /// <see cref="CapabilityPermissions.Seal"/>, has its address in bounds, and that address is at most
    /// <see cref="CapabilityObjectType.MaxSealable"/>.
    /// </summary>
    public Capability Seal(Capability authority)
    {
        bool permitted = authority.Tag
            && !authority.IsSealed
            && authority.HasPermissions(CapabilityPermissions.Seal)
            && authority.InBounds(authority.Address, 1)
            && authority.Address <= CapabilityObjectType.MaxSealable;
        return WithObjectType((uint)authority.Address & (uint)CapabilityEncoding.ObjectTypeMask, Tag && !IsSealed && permitted);
    }

    /// <summary>
    /// Conditional seal (<c>CCSeal</c>): this capability passed through unchanged if <paramref name="authority"/>
    /// is untagged, this capability is already sealed, the authority's address is out of its bounds, or that
    /// address is −1 (all ones). Otherwise as <see cref="Seal"/>: the tag survives only if the authority is
    /// unsealed, grants <see cref="CapabilityPermissions.Seal"/> and its address is at most
    /// <see cref="CapabilityObjectType.MaxSealable"/>.
    /// </summary>
    public Capability ConditionalSeal(Capability authority)
    {
        bool passThrough = !authority.Tag
            || IsSealed
            || !authority.InBounds(authority.Address, 1)
            || authority.Address == ulong.MaxValue;
        if (passThrough)
        {
            return this;
        }

        bool permitted = !authority.IsSealed
            && authority.HasPermissions(CapabilityPermissions.Seal)
            && authority.Address <= CapabilityObjectType.MaxSealable;
        return WithObjectType((uint)authority.Address & (uint)CapabilityEncoding.ObjectTypeMask, Tag && permitted);
    }

    /// <summary>
    /// This capability unsealed with <paramref name="authority"/> (<c>CUnseal</c>); its Global permission becomes
    /// the AND of both capabilities'. The tag survives only if the authority is tagged and unsealed, this
    /// capability is sealed with a non-reserved object type equal to the authority's address, the authority
    /// grants <see cref="CapabilityPermissions.Unseal"/>, and its address is in its bounds.
    /// </summary>
    public Capability Unseal(Capability authority)
    {
        bool permitted = authority.Tag
            && IsSealed
            && !authority.IsSealed
            && !HasReservedObjectType
            && authority.Address == ObjectType
            && authority.HasPermissions(CapabilityPermissions.Unseal)
            && authority.InBounds(authority.Address, 1);
        CapabilityPermissions keepGlobal = authority.HasPermissions(CapabilityPermissions.Global)
            ? CapabilityPermissions.All
            : ~CapabilityPermissions.Global;
        Capability unsealed = WithObjectType(CapabilityObjectType.Unsealed, Tag && permitted);
        return unsealed.WithPermissions(unsealed.Permissions & keepGlobal);
    }

    /// <summary>
    /// This capability sealed as a sentry (<c>CSealEntry</c>); no authority is needed. The tag is cleared if it
    /// is already sealed.
    /// </summary>
    public Capability SealEntry() => WithObjectType(CapabilityObjectType.Sentry, Tag && !IsSealed);

    /// <summary>
    /// This capability with its object type set to unsealed and its tag kept: what a jump through a sentry,
    /// <c>CInvoke</c> (for both operands) and <c>mret</c> do once their own checks have passed. No authority is
    /// involved; callers perform the architectural checks first.
    /// </summary>
    public Capability UnsealWithoutAuthority() => WithObjectType(CapabilityObjectType.Unsealed, Tag);

    /// <summary>
    /// This capability with its address set to <paramref name="typeSource"/>'s object type as <c>CGetType</c>
    /// reads it (<c>CCopyType</c>), by <see cref="SetAddress"/>'s rules. The tag is also cleared if the object
    /// type is reserved (unsealed or sentry).
    /// </summary>
    public Capability CopyType(Capability typeSource)
    {
        Capability moved = SetAddress(typeSource.ArchitecturalObjectType);
        return moved.WithTagIf(!typeSource.HasReservedObjectType);
    }

    /// <summary>
    /// Rebuilds <paramref name="bitPattern"/> (typically an untagged capability read back from storage) with
    /// this capability as the authority (<c>CBuildCap</c>). The result is the bit pattern, tagged, and unsealed
    /// unless it is a sentry, if this authority is tagged and unsealed, the pattern's bounds and permissions are
    /// a subset of the authority's, and the pattern is derivable: deriving its bounds, address, permissions,
    /// flag (and sentry seal) from the authority gives exactly its bits. Otherwise the result is that same
    /// pattern, untagged.
    /// </summary>
    public Capability BuildCapability(Capability bitPattern)
    {
        bool requestedSentry = bitPattern.IsSentry;
        Capability requested = requestedSentry
            ? bitPattern.WithTag(true)
            : bitPattern.WithObjectType(CapabilityObjectType.Unsealed, tag: true);

        CapabilityBounds authorityBounds = GetBounds();
        CapabilityBounds requestedBounds = requested.GetBounds();
        CapabilityPermissions requestedPermissions = requested.Permissions;
        bool subset = requestedBounds.Base >= authorityBounds.Base
            && requestedBounds.TopIsAtMostTopOf(authorityBounds)
            && !requestedBounds.TopIsBelow(requestedBounds.Base)
            && (requestedPermissions & Permissions) == requestedPermissions;

        // Derive the requested capability from the authority step by step, as the instruction does; the
        // pattern was derivable exactly when that reproduces it bit for bit (this also demands a tagged,
        // unsealed authority and matching reserved bits).
        var derivationStart = new Capability(Address, Metadata, Tag && !IsSealed);
        ulong boundedMetadata = CompressedBounds.Encode(derivationStart.Metadata, requestedBounds.Base, requestedBounds.TopLow, requestedBounds.TopBit64, out _);
        var bounded = new Capability(requestedBounds.Base, boundedMetadata, derivationStart.Tag);
        Capability derived = new Capability(bounded.Base + requested.Offset, bounded.Metadata, bounded.Tag)
            .WithPermissions(requestedPermissions)
            .WithFlag(requested.Flag);
        if (requestedSentry)
        {
            derived = derived.WithObjectType(CapabilityObjectType.Sentry, derived.Tag);
        }

        bool derivable = derived == requested;
        return subset && derivable ? derived : requested.ClearTag();
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> is a subset of this capability (<c>CTestSubset</c>): both have the
    /// same tag, the candidate's bounds lie within these bounds and its permissions within these permissions.
    /// Object types are ignored.
    /// </summary>
    public bool TestSubset(Capability candidate)
    {
        if (Tag != candidate.Tag)
        {
            return false;
        }

        CapabilityBounds bounds = GetBounds();
        CapabilityBounds candidateBounds = candidate.GetBounds();
        CapabilityPermissions candidatePermissions = candidate.Permissions;
        return candidateBounds.Base >= bounds.Base
            && candidateBounds.TopIsAtMostTopOf(bounds)
            && (candidatePermissions & Permissions) == candidatePermissions;
    }

    /// <summary>
    /// This capability's address relative to <paramref name="relativeTo"/>'s base, or 0 if this capability is
    /// untagged (<c>CToPtr</c>). The other capability's tag and seal are not checked.
    /// </summary>
    public ulong ToPointer(Capability relativeTo) => Tag ? Address - relativeTo.Base : 0;

    /// <summary>
    /// The capability a pointer becomes under <paramref name="authority"/> (<c>CFromPtr</c>): NULL for a zero
    /// <paramref name="offset"/>, else the authority with its offset set to <paramref name="offset"/> by
    /// <see cref="SetOffset"/>'s rules.
    /// </summary>
    public static Capability FromPointer(Capability authority, ulong offset) => offset == 0 ? Null : authority.SetOffset(offset);

    private Capability WithTag(bool tag) => new(Address, Metadata, tag);

    private Capability WithTagIf(bool keep) => new(Address, Metadata, Tag && keep);

    private Capability WithObjectType(uint objectType, bool tag)
    {
        const ulong field = CapabilityEncoding.ObjectTypeMask << CapabilityEncoding.ObjectTypeShift;
        ulong metadata = (Metadata & ~field) | ((ulong)objectType << CapabilityEncoding.ObjectTypeShift);
        return new Capability(Address, metadata, tag);
    }

    private Capability WithPermissions(CapabilityPermissions permissions)
    {
        ulong hardware = (ulong)permissions & CapabilityEncoding.HardwarePermissionsMask;
        ulong user = ((ulong)permissions >> CapabilityEncoding.UserPermissionsPermShift) & CapabilityEncoding.UserPermissionsMask;
        ulong metadata = (Metadata & ~CapabilityEncoding.PermissionFieldsMask)
            | (hardware << CapabilityEncoding.HardwarePermissionsShift)
            | (user << CapabilityEncoding.UserPermissionsShift);
        return new Capability(Address, metadata, Tag);
    }

    private Capability WithFlag(bool capabilityMode)
    {
        const ulong flagBit = 1UL << CapabilityEncoding.FlagShift;
        return new Capability(Address, capabilityMode ? Metadata | flagBit : Metadata & ~flagBit, Tag);
    }
}
