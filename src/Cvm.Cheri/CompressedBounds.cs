using System.Numerics;
using System.Runtime.CompilerServices;

namespace Cvm.Cheri;

/// <summary>
/// The CHERI Concentrate bounds arithmetic of the Sail model (<c>cheri_cap_common.sail</c>): decoding base and
/// top from the B/T/E fields and an address, encoding requested bounds into those fields, and the fast
/// representability check. Everything works on the raw (un-XORed) metadata word.
/// </summary>
internal static class CompressedBounds
{
    private const int MantissaWidth = CapabilityEncoding.MantissaWidth;
    private const ulong MantissaMask = (1UL << MantissaWidth) - 1;

    /// <summary>Bits of T and B that an internal exponent steals to hold E (Sail <c>internal_E_take_bits</c>).</summary>
    private const int ExponentStolenBits = 3;

    /// <summary>Width of B and T when the exponent is internal (MW − 3).</summary>
    private const ulong InternalMantissaMask = (1UL << (MantissaWidth - ExponentStolenBits)) - 1;

    /// <summary>
    /// Splits the metadata into the encoded exponent (0..63, not yet clamped) and the 14-bit B and T, rebuilding
    /// T's top two bits from B, the implied length MSBs and the carry out of the low bits (Sail
    /// <c>encCapabilityToCapability</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Unpack(ulong metadata, out ulong bottom, out ulong top)
    {
        ulong topField = (metadata >> CapabilityEncoding.TopFieldShift) & CapabilityEncoding.TopFieldMask;
        ulong bottomField = (metadata >> CapabilityEncoding.BaseFieldShift) & CapabilityEncoding.BaseFieldMask;
        int exponent;
        ulong lengthMsbs;
        if (HasInternalExponent(metadata))
        {
            const ulong stolen = (1UL << ExponentStolenBits) - 1;
            exponent = (int)(((topField & stolen) << ExponentStolenBits) | (bottomField & stolen));
            topField &= ~stolen;
            bottomField &= ~stolen;
            // The exponent is chosen so that the length's top two mantissa bits are 0b01.
            lengthMsbs = 1;
        }
        else
        {
            exponent = 0;
            lengthMsbs = 0;
        }

        ulong carryOut = topField < (bottomField & CapabilityEncoding.TopFieldMask) ? 1UL : 0UL;
        ulong topMsbs = ((bottomField >> 12) + lengthMsbs + carryOut) & 3;
        bottom = bottomField;
        top = (topMsbs << 12) | topField;
        return exponent;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool HasInternalExponent(ulong metadata) => ((metadata >> CapabilityEncoding.InternalExponentShift) & 1) != 0;

    /// <summary>Base and 65-bit top of the capability with this metadata and address (Sail <c>getCapBoundsBits</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static CapabilityBounds Decode(ulong metadata, ulong address)
    {
        int encodedExponent = Unpack(metadata, out ulong bottom, out ulong top);
        int exponent = Math.Min(encodedExponent, CapabilityEncoding.MaxExponent);

        // Which 2^(E+MW)-aligned region base and top lie in, relative to the address's region: the
        // representable region starts at R = B[13:11] − 1 (in units of 2^(E+11)).
        ulong address3 = (address >> (exponent + MantissaWidth - 3)) & 7;
        ulong bottom3 = bottom >> (MantissaWidth - 3);
        ulong top3 = top >> (MantissaWidth - 3);
        ulong representableLimit3 = (bottom3 - 1) & 7;
        ulong addressHigh = address3 < representableLimit3 ? 1UL : 0UL;
        ulong baseCorrection = (bottom3 < representableLimit3 ? 1UL : 0UL) - addressHigh;
        ulong topCorrection = (top3 < representableLimit3 ? 1UL : 0UL) - addressHigh;

        int regionShift = exponent + MantissaWidth;
        ulong addressTop = regionShift >= 64 ? 0 : address >> regionShift;

        // Base keeps 64 bits; top keeps 65, computed as its low 64 bits and bit 64 (no UInt128, so that the
        // emulator's start-up path that decodes bounds is compiled ahead of time).
        ulong baseBits = ShiftLeft65(addressTop + baseCorrection, regionShift, out _) | ShiftLeft65(bottom, exponent, out _);
        ulong topLow = ShiftLeft65(addressTop + topCorrection, regionShift, out bool topRegionBit64)
            | ShiftLeft65(top, exponent, out bool topMantissaBit64);
        bool topBit64 = topRegionBit64 | topMantissaBit64;

        // Base and top more than an address space apart means the representable region wrapped around the
        // address space: invert top's MSB to undo the error.
        ulong top2 = ((topBit64 ? 1UL : 0UL) << 1) | (topLow >> 63);
        ulong base2 = baseBits >> 63;
        if (exponent < CapabilityEncoding.MaxExponent - 1 && ((top2 - base2) & 3) > 1)
        {
            topBit64 = !topBit64;
        }

        return new CapabilityBounds(baseBits, topLow, topBit64);
    }

    /// <summary>
    /// The low 64 bits of the 65-bit value (<paramref name="bit64"/>, <paramref name="low"/>) shifted right by
    /// <paramref name="shift"/>, for shifts of 1 to 63.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ShiftRight65(ulong low, bool bit64, int shift) => (low >> shift) | ((bit64 ? 1UL : 0UL) << (64 - shift));

    /// <summary>
    /// <paramref name="value"/> × 2^<paramref name="shift"/> modulo 2^65, for shifts of 0 to 66: returns the low
    /// 64 bits and sets <paramref name="bit64"/> to bit 64.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ShiftLeft65(ulong value, int shift, out bool bit64)
    {
        bit64 = shift is > 0 and <= 64 && ((value >> (64 - shift)) & 1) != 0;
        return shift >= 64 ? 0 : value << shift;
    }

    /// <summary>
    /// Replaces the bounds fields of <paramref name="metadata"/> with the smallest representable bounds that
    /// cover [<paramref name="requestedBase"/>, requested top), rounding the base down and the top up (Sail
    /// <c>setCapBounds</c>). The 65-bit requested top comes as its low 64 bits (<paramref name="requestedTopLow"/>)
    /// and bit 64 (<paramref name="requestedTopBit64"/>), without <see cref="UInt128"/> so that ReadyToRun can
    /// precompile the callers. <paramref name="exact"/> tells whether no rounding was needed.
    /// </summary>
    internal static ulong Encode(ulong metadata, ulong requestedBase, ulong requestedTopLow, bool requestedTopBit64, out bool exact)
    {
        // The length, top − base modulo 2^65: its low 64 bits, and bit 64 (the top's, minus the borrow).
        ulong lengthLow = requestedTopLow - requestedBase;
        bool lengthBit64 = requestedTopBit64 ^ (requestedTopLow < requestedBase);

        // Choose E so that the length's most significant bit lands in the mantissa bit just below the top one;
        // lengths below 2^12 are exact with E = 0 and no internal exponent.
        ulong lengthHigh = ShiftRight65(lengthLow, lengthBit64, MantissaWidth - 1);
        int exponent = 64 - BitOperations.LeadingZeroCount(lengthHigh);
        bool internalExponent = exponent != 0 || (lengthLow & (1UL << (MantissaWidth - 2))) != 0;

        ulong boundsFields;
        if (!internalExponent)
        {
            exact = true;
            boundsFields = ((requestedTopLow & CapabilityEncoding.TopFieldMask) << CapabilityEncoding.TopFieldShift)
                | ((requestedBase & MantissaMask) << CapabilityEncoding.BaseFieldShift);
        }
        else
        {
            int shift = exponent + ExponentStolenBits;
            ulong bottom = (requestedBase >> shift) & InternalMantissaMask;
            ulong top = ShiftRight65(requestedTopLow, requestedTopBit64, shift) & InternalMantissaMask;
            ulong lostMask = (1UL << shift) - 1;
            bool lostBase = (requestedBase & lostMask) != 0;
            bool lostTop = (requestedTopLow & lostMask) != 0;
            if (lostTop)
            {
                // Round the top up so that it still covers the requested top.
                top = (top + 1) & InternalMantissaMask;
            }

            if ((((top - bottom) >> (MantissaWidth - 4)) & 1) != 0)
            {
                // Rounding made the length overflow the mantissa: use the next exponent up.
                exponent++;
                shift++;
                lostBase |= (bottom & 1) != 0;
                lostTop |= (top & 1) != 0;
                bottom = (requestedBase >> shift) & InternalMantissaMask;
                top = (ShiftRight65(requestedTopLow, requestedTopBit64, shift) + (lostTop ? 1UL : 0UL)) & InternalMantissaMask;
            }

            exact = !(lostBase || lostTop);
            ulong exponentBits = (ulong)exponent;
            const ulong stolen = (1UL << ExponentStolenBits) - 1;
            ulong topField = ((top << ExponentStolenBits) & CapabilityEncoding.TopFieldMask) | (exponentBits >> ExponentStolenBits);
            ulong bottomField = (bottom << ExponentStolenBits) | (exponentBits & stolen);
            boundsFields = (1UL << CapabilityEncoding.InternalExponentShift)
                | (topField << CapabilityEncoding.TopFieldShift)
                | (bottomField << CapabilityEncoding.BaseFieldShift);
        }

        return (metadata & ~CapabilityEncoding.BoundsFieldsMask) | boundsFields;
    }

    /// <summary>
    /// The conservative representability check of <c>CIncOffset</c>/<c>CSetOffset</c> (Sail <c>fastRepCheck</c>):
    /// whether moving the address by <paramref name="increment"/> keeps it inside the representable region,
    /// judged from the increment and the address's position in the region only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsFastRepresentable(ulong metadata, ulong address, ulong increment)
    {
        int exponent = Unpack(metadata, out ulong bottom, out _);
        if (exponent >= CapabilityEncoding.MaxExponent - 2)
        {
            // The representable region is the whole address space.
            return true;
        }

        long incrementTop = (long)increment >> (exponent + MantissaWidth);
        ulong incrementMid = (increment >> exponent) & MantissaMask;
        ulong addressMid = (address >> exponent) & MantissaMask;
        ulong representableLimit = (((bottom >> (MantissaWidth - 3)) - 1) & 7) << (MantissaWidth - 3);
        ulong distanceToLimit = (representableLimit - addressMid) & MantissaMask;
        ulong distanceBelowLimit = (distanceToLimit - 1) & MantissaMask;
        return incrementTop switch
        {
            0 => incrementMid < distanceBelowLimit,
            -1 => incrementMid >= distanceToLimit && representableLimit != addressMid,
            _ => false,
        };
    }

    /// <summary>
    /// The alignment mask a base needs for bounds of <paramref name="length"/> to be exact (Sail
    /// <c>getRepresentableAlignmentMask</c>): the exponent that bounds [0, length) on the root capability get.
    /// </summary>
    internal static ulong RepresentableAlignmentMask(ulong length)
    {
        ulong metadata = Encode(CapabilityEncoding.RootMetadata, 0, length, requestedTopBit64: false, out _);
        if (!HasInternalExponent(metadata))
        {
            return ulong.MaxValue;
        }

        int exponent = Math.Min(Unpack(metadata, out _, out _), CapabilityEncoding.MaxExponent);
        return ulong.MaxValue << (exponent + ExponentStolenBits);
    }
}
