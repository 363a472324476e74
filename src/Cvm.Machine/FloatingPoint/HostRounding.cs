using System.Runtime.CompilerServices;

namespace Cvm.Machine.FloatingPoint;

/// <summary>
/// The shared steps of the host-FPU fast paths. Arithmetic: given the round-to-nearest-even result that the host
/// computed and the sign of the exact error (exact result minus that result), every other rounding mode is the same
/// number or its neighbour one unit in the last place towards the exact result; the fast paths only call this for
/// results whose neighbours are normal and finite, so no tininess, overflow or subnormal rules apply and NX is the
/// only flag. Conversions to integers: the host rounds to an integral value exactly in every mode.
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
            _ => InvalidRoundingMode.Throw(rm),
        };
        if (!stepTowardsExact)
        {
            return nearestBits;
        }
        return exactIsFurtherFromZero ? nearestBits + 1 : nearestBits - 1;
    }

    /// <summary>
    /// The host's rounding of <paramref name="x"/> to an integral value under <paramref name="rm"/> (each mode has
    /// an exact host operation), or NaN for an invalid mode so that the caller falls back to the soft path, which
    /// reports it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double RoundToIntegral(double x, RoundingMode rm) => rm switch
    {
        RoundingMode.NearestEven => Math.Round(x, MidpointRounding.ToEven),
        RoundingMode.TowardZero => Math.Truncate(x),
        RoundingMode.Down => Math.Floor(x),
        RoundingMode.Up => Math.Ceiling(x),
        RoundingMode.NearestMaxMagnitude => Math.Round(x, MidpointRounding.AwayFromZero),
        _ => double.NaN,
    };

    // Conversions of a binary32 or binary64 value (exact as a double) to an integer register value, for results in
    // range, where the only possible flag is NX. NaN and out-of-range results (which saturate with NV) decline.

    private const double TwoToThe63 = 9223372036854775808.0;

    private const double TwoToThe64 = 18446744073709551616.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryToInt32(double x, RoundingMode rm, ref FloatExceptionFlags flags, out ulong result)
    {
        var integral = RoundToIntegral(x, rm);
        if (integral is >= int.MinValue and <= int.MaxValue)
        {
            flags |= integral != x ? FloatExceptionFlags.Inexact : FloatExceptionFlags.None;
            result = (ulong)(long)(int)integral;
            return true;
        }
        result = 0;
        return false;
    }

    /// <summary>The 32-bit result is sign-extended, as RISC-V specifies for fcvt.wu (-0 counts as in range).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryToUInt32(double x, RoundingMode rm, ref FloatExceptionFlags flags, out ulong result)
    {
        var integral = RoundToIntegral(x, rm);
        if (integral is >= 0 and <= uint.MaxValue)
        {
            flags |= integral != x ? FloatExceptionFlags.Inexact : FloatExceptionFlags.None;
            result = (ulong)(long)(int)(uint)integral;
            return true;
        }
        result = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryToInt64(double x, RoundingMode rm, ref FloatExceptionFlags flags, out ulong result)
    {
        var integral = RoundToIntegral(x, rm);
        if (integral is >= -TwoToThe63 and < TwoToThe63)
        {
            flags |= integral != x ? FloatExceptionFlags.Inexact : FloatExceptionFlags.None;
            result = (ulong)(long)integral;
            return true;
        }
        result = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryToUInt64(double x, RoundingMode rm, ref FloatExceptionFlags flags, out ulong result)
    {
        var integral = RoundToIntegral(x, rm);
        if (integral is >= 0 and < TwoToThe64)
        {
            flags |= integral != x ? FloatExceptionFlags.Inexact : FloatExceptionFlags.None;
            result = (ulong)integral;
            return true;
        }
        result = 0;
        return false;
    }
}
