using System.Runtime.CompilerServices;
using Soft = Cvm.Machine.FloatingPoint.SoftFloat<Cvm.Machine.FloatingPoint.Binary32>;

namespace Cvm.Machine.FloatingPoint;

/// <summary>
/// IEEE 754 binary32 arithmetic as the RISC-V F extension defines it, over raw encodings (uint in, uint out),
/// with no hart state: each operation takes its rounding mode (a static mode; the hart resolves the dynamic one)
/// and ORs the exceptions it raises into <c>flags</c>, never clearing any. Results are exact to the bit in every
/// rounding mode; every NaN result is <see cref="CanonicalNaN"/>. NaN-boxing, sign injection, moves and fcsr are
/// the hart's business. Nothing allocates. Common cases run on the host FPU where that is provably exact (see the
/// fast paths below); everything else, and every special case, goes to the integer soft-float core.
/// </summary>
public static class Float32
{
    /// <summary>The canonical NaN (0x7FC0_0000): the only NaN any binary32 operation returns.</summary>
    public const uint CanonicalNaN = 0x7FC0_0000;

    /// <summary>The sign bit.</summary>
    public const uint SignMask = 0x8000_0000;

    /// <summary>+infinity.</summary>
    public const uint PositiveInfinity = 0x7F80_0000;

    /// <summary>-infinity.</summary>
    public const uint NegativeInfinity = SignMask | PositiveInfinity;

    /// <summary>The largest finite value.</summary>
    public const uint MaxValue = PositiveInfinity - 1;

    /// <summary>-0.</summary>
    public const uint NegativeZero = SignMask;

    /// <summary>The most significant fraction bit, which distinguishes a quiet NaN (set) from a signalling one.</summary>
    public const uint QuietBit = 0x0040_0000;

    /// <summary>a + b (fadd).</summary>
    public static uint Add(uint a, uint b, RoundingMode rm, ref FloatExceptionFlags flags) =>
        TryAddOnHost(a, b, rm, ref flags, out var result) ? result : (uint)Soft.Add(a, b, rm, ref flags);

    /// <summary>a - b (fsub).</summary>
    public static uint Sub(uint a, uint b, RoundingMode rm, ref FloatExceptionFlags flags) =>
        TryAddOnHost(a, b ^ SignMask, rm, ref flags, out var result) ? result : (uint)Soft.Add(a, b ^ SignMask, rm, ref flags);

    /// <summary>a × b (fmul).</summary>
    public static uint Mul(uint a, uint b, RoundingMode rm, ref FloatExceptionFlags flags) =>
        TryMulOnHost(a, b, rm, ref flags, out var result) ? result : (uint)Soft.Mul(a, b, rm, ref flags);

    /// <summary>a ÷ b (fdiv); a finite nonzero a over a zero raises DZ.</summary>
    public static uint Div(uint a, uint b, RoundingMode rm, ref FloatExceptionFlags flags) =>
        TryDivOnHost(a, b, rm, ref flags, out var result) ? result : (uint)Soft.Div(a, b, rm, ref flags);

    /// <summary>The square root (fsqrt); negative numbers other than -0 are invalid.</summary>
    public static uint Sqrt(uint a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        TrySqrtOnHost(a, rm, ref flags, out var result) ? result : (uint)Soft.Sqrt(a, rm, ref flags);

    /// <summary>
    /// A fused multiply-add with one rounding: <c>(negateProduct ? -(a×b) : a×b) + (negateAddend ? -c : c)</c>.
    /// fmadd is (false, false), fmsub (false, true), fnmsub (true, false), fnmadd (true, true). As RISC-V requires,
    /// 0 × inf raises NV even when c is a quiet NaN.
    /// </summary>
    public static uint MulAdd(uint a, uint b, uint c, bool negateProduct, bool negateAddend, RoundingMode rm,
        ref FloatExceptionFlags flags) =>
        TryMulAddOnHost(a, b, c, negateProduct, negateAddend, rm, ref flags, out var result)
            ? result
            : (uint)Soft.MulAdd(a, b, c, negateProduct, negateAddend, rm, ref flags);

    /// <summary>
    /// fmin: IEEE 754-2019 minimumNumber as RISC-V specifies it: -0 is below +0, a NaN operand yields the other
    /// operand, two NaNs yield the canonical NaN, and a signalling NaN raises NV.
    /// </summary>
    public static uint Min(uint a, uint b, ref FloatExceptionFlags flags) => (uint)Soft.Min(a, b, ref flags);

    /// <summary>fmax: IEEE 754-2019 maximumNumber, with the rules of <see cref="Min"/>.</summary>
    public static uint Max(uint a, uint b, ref FloatExceptionFlags flags) => (uint)Soft.Max(a, b, ref flags);

    /// <summary>feq: quiet equality; -0 equals +0, NaN equals nothing, NV only for a signalling NaN.</summary>
    public static bool Equal(uint a, uint b, ref FloatExceptionFlags flags) => Soft.Equal(a, b, ref flags);

    /// <summary>flt: signalling a &lt; b; any NaN operand gives false and raises NV.</summary>
    public static bool LessThan(uint a, uint b, ref FloatExceptionFlags flags) => Soft.LessThan(a, b, ref flags);

    /// <summary>fle: signalling a ≤ b; any NaN operand gives false and raises NV.</summary>
    public static bool LessOrEqual(uint a, uint b, ref FloatExceptionFlags flags) => Soft.LessOrEqual(a, b, ref flags);

    /// <summary>fclass: the 10-bit class mask (one of the <see cref="FloatClass"/> bits).</summary>
    public static uint Classify(uint a) => Soft.Classify(a);

    /// <summary>
    /// fcvt.w.s: to a signed 32-bit integer, sign-extended to the 64-bit register value. NaN and values that round
    /// above 2^31-1 give 2^31-1, values that round below -2^31 give -2^31, with NV; otherwise NX if inexact.
    /// </summary>
    public static ulong ToInt32(uint a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        HostRounding.TryToInt32(BitConverter.UInt32BitsToSingle(a), rm, ref flags, out var result)
            ? result
            : Soft.ToInteger(a, 32, signed: true, rm, ref flags);

    /// <summary>
    /// fcvt.wu.s: to an unsigned 32-bit integer, sign-extended to 64 bits as RISC-V specifies (so 2^32-1 becomes
    /// all ones). NaN and values that round above 2^32-1 give 2^32-1, values that round below 0 give 0, with NV.
    /// </summary>
    public static ulong ToUInt32(uint a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        HostRounding.TryToUInt32(BitConverter.UInt32BitsToSingle(a), rm, ref flags, out var result)
            ? result
            : Soft.ToInteger(a, 32, signed: false, rm, ref flags);

    /// <summary>
    /// fcvt.l.s: to a signed 64-bit integer. NaN and values that round above 2^63-1 give 2^63-1, values that round
    /// below -2^63 give -2^63, with NV; otherwise NX if inexact.
    /// </summary>
    public static ulong ToInt64(uint a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        HostRounding.TryToInt64(BitConverter.UInt32BitsToSingle(a), rm, ref flags, out var result)
            ? result
            : Soft.ToInteger(a, 64, signed: true, rm, ref flags);

    /// <summary>
    /// fcvt.lu.s: to an unsigned 64-bit integer. NaN and values that round above 2^64-1 give 2^64-1, values that
    /// round below 0 give 0, with NV; otherwise NX if inexact.
    /// </summary>
    public static ulong ToUInt64(uint a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        HostRounding.TryToUInt64(BitConverter.UInt32BitsToSingle(a), rm, ref flags, out var result)
            ? result
            : Soft.ToInteger(a, 64, signed: false, rm, ref flags);

    /// <summary>fcvt.s.w: from a signed 32-bit integer (NX when it has more than 24 significant bits).</summary>
    public static uint FromInt32(int value, RoundingMode rm, ref FloatExceptionFlags flags) => FromInt64(value, rm, ref flags);

    /// <summary>fcvt.s.wu: from an unsigned 32-bit integer (NX when it has more than 24 significant bits).</summary>
    public static uint FromUInt32(uint value, RoundingMode rm, ref FloatExceptionFlags flags) => FromUInt64(value, rm, ref flags);

    /// <summary>fcvt.s.l: from a signed 64-bit integer (NX when it has more significant bits than the precision).</summary>
    public static uint FromInt64(long value, RoundingMode rm, ref FloatExceptionFlags flags) =>
        // Integers of magnitude up to 2^24 are exact in binary32, whatever the mode.
        value is >= -(1L << 24) and <= 1L << 24
            ? BitConverter.SingleToUInt32Bits((float)value)
            : (uint)Soft.FromInteger(value < 0, value < 0 ? 0 - (ulong)value : (ulong)value, rm, ref flags);

    /// <summary>fcvt.s.lu: from an unsigned 64-bit integer (NX when it has more significant bits than the precision).</summary>
    public static uint FromUInt64(ulong value, RoundingMode rm, ref FloatExceptionFlags flags) =>
        value <= 1UL << 24
            ? BitConverter.SingleToUInt32Bits((float)value)
            : (uint)Soft.FromInteger(false, value, rm, ref flags);

    /// <summary>
    /// fcvt.s.d: rounds a binary64 value to binary32 (OF/UF/NX as for any rounding); a NaN becomes the canonical
    /// NaN, with NV when it was signalling.
    /// </summary>
    public static uint FromFloat64(ulong a, RoundingMode rm, ref FloatExceptionFlags flags)
    {
        // The binary64 value is exact, so the host rounding needs no error term.
        if (TryRoundOnHost(BitConverter.UInt64BitsToDouble(a), errorSign: 0, rm, ref flags, out var result))
        {
            return result;
        }
        if (SoftFloat<Binary64>.IsNaN(a))
        {
            if (SoftFloat<Binary64>.IsSignalingNaN(a))
            {
                flags |= FloatExceptionFlags.Invalid;
            }
            return CanonicalNaN;
        }
        var negative = SoftFloat<Binary64>.IsNegative(a);
        var sign = negative ? SignMask : 0u;
        if (SoftFloat<Binary64>.IsInfinity(a))
        {
            return PositiveInfinity | sign;
        }
        if (SoftFloat<Binary64>.IsZero(a))
        {
            return sign;
        }
        var significand = SoftFloat<Binary64>.Decompose(a, out var exponent);
        return (uint)Soft.RoundPack(negative, exponent, significand, rm, ref flags);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Host fast paths. Binary32 operands are exact in binary64, and binary64 has more than twice the precision plus
    // two bits, so the host's binary64 sum, product, quotient or root rounded to binary32 is the correctly rounded
    // (RNE) binary32 result. The binary64 value and an exact error term give the sign of exact - nearest, from which
    // HostRounding derives every other mode and NX. Each path declines (returning false, touching no flags) unless
    // the result and its neighbours are normal and finite; the soft-float core then computes the result.

    /// <summary>
    /// The biased exponents of a binary32 result handled on the host: above the smallest normal binade (so neither
    /// the result nor a neighbour can be tiny) and below the top binade (so a step away from zero cannot overflow).
    /// </summary>
    private const int HostMinimumExponent = 2;

    private const int HostMaximumExponent = 253;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool HasHostExponent(float value)
    {
        var biased = (int)(BitConverter.SingleToUInt32Bits(value) >> 23) & 0xFF;
        return (uint)(biased - HostMinimumExponent) <= HostMaximumExponent - HostMinimumExponent;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SignOf(double value) => value > 0 ? 1 : value < 0 ? -1 : 0;

    /// <summary>
    /// Rounds an exact result to binary32 under <paramref name="rm"/>, given the binary64 value nearest to it and
    /// the sign of the remaining error (exact - value), which is below half a binary64 ulp of value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryRoundOnHost(double value, int errorSign, RoundingMode rm, ref FloatExceptionFlags flags, out uint result)
    {
        var nearest = (float)value;
        if (!HasHostExponent(nearest))
        {
            result = 0;
            return false;
        }
        var difference = value - nearest; // exact: nearest is within half a binary32 ulp of value

        // Whether value is halfway between two binary32 numbers: for a normal binary32 result, the binary32 grid
        // of value's binade is every 2^29th binary64 of it, so a midpoint has exactly bit 28 set below the grid.
        var valueIsMidpoint = (BitConverter.DoubleToUInt64Bits(value) & 0x1FFF_FFFF) == 0x1000_0000;
        if (valueIsMidpoint && errorSign != 0)
        {
            // Only the error decides which way this rounds; converting value would round twice.
            result = 0;
            return false;
        }
        // A nonzero difference is at least one binary64 ulp of value, larger than the error (at most half of one),
        // so it decides the sign; only when value is itself a binary32 number does the error's sign show.
        var exactSign = difference != 0 ? SignOf(difference) : errorSign;
        result = (uint)HostRounding.Round(BitConverter.SingleToUInt32Bits(nearest), nearest < 0, exactSign,
            isTie: valueIsMidpoint, rm, ref flags);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryAddOnHost(uint a, uint b, RoundingMode rm, ref FloatExceptionFlags flags, out uint result)
    {
        double x = BitConverter.UInt32BitsToSingle(a);
        double y = BitConverter.UInt32BitsToSingle(b);
        var sum = x + y;
        // TwoSum (Knuth): sum + error == x + y exactly (a NaN or infinite sum is declined by the exponent check).
        var virtualY = sum - x;
        var error = (x - (sum - virtualY)) + (y - virtualY);
        return TryRoundOnHost(sum, SignOf(error), rm, ref flags, out result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryMulOnHost(uint a, uint b, RoundingMode rm, ref FloatExceptionFlags flags, out uint result)
    {
        // A product of two 24-bit significands has at most 48 bits: exact in binary64.
        var product = (double)BitConverter.UInt32BitsToSingle(a) * BitConverter.UInt32BitsToSingle(b);
        return TryRoundOnHost(product, 0, rm, ref flags, out result);
    }

    /// <summary>±(a×b) ± c: the exact product, then TwoSum with the addend.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryMulAddOnHost(uint a, uint b, uint c, bool negateProduct, bool negateAddend, RoundingMode rm,
        ref FloatExceptionFlags flags, out uint result)
    {
        double product = (double)BitConverter.UInt32BitsToSingle(a) * BitConverter.UInt32BitsToSingle(b); // exact
        double addend = BitConverter.UInt32BitsToSingle(c);
        if (negateProduct)
        {
            product = -product;
        }
        if (negateAddend)
        {
            addend = -addend;
        }
        var sum = product + addend;
        var virtualAddend = sum - product;
        var error = (product - (sum - virtualAddend)) + (addend - virtualAddend);
        return TryRoundOnHost(sum, SignOf(error), rm, ref flags, out result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryDivOnHost(uint a, uint b, RoundingMode rm, ref FloatExceptionFlags flags, out uint result)
    {
        double x = BitConverter.UInt32BitsToSingle(a);
        double y = BitConverter.UInt32BitsToSingle(b);
        var quotient = x / y;
        // The residual x - quotient*y is far from binary64 underflow, so its sign is exact; the quotient is below
        // the exact one when the residual has the divisor's sign.
        var residual = Math.FusedMultiplyAdd(-quotient, y, x);
        return TryRoundOnHost(quotient, y < 0 ? -SignOf(residual) : SignOf(residual), rm, ref flags, out result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TrySqrtOnHost(uint a, RoundingMode rm, ref FloatExceptionFlags flags, out uint result)
    {
        double x = BitConverter.UInt32BitsToSingle(a);
        var root = Math.Sqrt(x);
        // As for division, the residual's sign is exact. A negative x gives a NaN root, which the exponent check
        // declines.
        var residual = Math.FusedMultiplyAdd(-root, root, x);
        return TryRoundOnHost(root, SignOf(residual), rm, ref flags, out result);
    }
}
