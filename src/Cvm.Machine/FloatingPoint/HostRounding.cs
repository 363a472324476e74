using System.Runtime.CompilerServices;

namespace Cvm.Machine.FloatingPoint;

/// <summary>
/// The shared step of the host-FPU fast paths: given the round-to-nearest-even result that the host computed and
/// the sign of the exact error (exact result minus that result), every other rounding mode is the same number or its
/// neighbour one unit in the last place towards the exact result. The fast paths only call this for results whose
/// neighbours are normal and finite, so no tininess, overflow or subnormal rules apply and NX is the only flag.
/// </summary>
internal static class HostRounding
{
    /// <summary>
    /// The encoding of the result under <paramref name="rm"/>, raising NX when the error is nonzero.
    /// </summary>
    /// <param name="nearestBits">The round-to-nearest-even result (binary32 or binary64 encoding).</param>
    /// <param name="nearestIsNegative">Its sign.</param>
    /// <param name="errorSign">The sign of (exact - nearest): -1, 0 or +1.</param>
    /// <param name="isTie">Whether the exact result lies exactly halfway between two representable numbers.</param>
    /// <param name="rm">The rounding mode.</param>
    /// <param name="flags">Flags to OR NX into.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Round(ulong nearestBits, bool nearestIsNegative, int errorSign, bool isTie, RoundingMode rm,
        ref FloatExceptionFlags flags)
    {
        if (errorSign == 0)
        {
            return nearestBits;
        }
        flags |= FloatExceptionFlags.Inexact;

        // Whether the exact result lies further from zero than the nearest one; stepping towards it then adds one
        // to the encoding's magnitude, otherwise it subtracts one (encodings are sign-magnitude).
        var exactIsFurtherFromZero = (errorSign > 0) != nearestIsNegative;
        var stepTowardsExact = rm switch
        {
            RoundingMode.NearestEven => false,
            RoundingMode.TowardZero => !exactIsFurtherFromZero,
            RoundingMode.Down => errorSign < 0,
            RoundingMode.Up => errorSign > 0,
            // A tie that ties-to-even resolved towards zero goes the other way under ties-away.
            RoundingMode.NearestMaxMagnitude => isTie && exactIsFurtherFromZero,
            _ => throw new ArgumentOutOfRangeException(nameof(rm), rm,
                "Only the static rounding modes 0-4 can be applied; the dynamic mode must be resolved from frm first."),
        };
        if (!stepTowardsExact)
        {
            return nearestBits;
        }
        return exactIsFurtherFromZero ? nearestBits + 1 : nearestBits - 1;
    }
}
