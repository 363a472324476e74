using System.Runtime.CompilerServices;
using Soft = Cvm.Machine.FloatingPoint.SoftFloat<Cvm.Machine.FloatingPoint.Binary64>;

namespace Cvm.Machine.FloatingPoint;

/// <summary>
/// IEEE 754 binary64 arithmetic as the RISC-V D extension defines it, over raw encodings (ulong in, ulong out),
/// with no hart state: each operation takes its rounding mode (a static mode; the hart resolves the dynamic one)
/// and ORs the exceptions it raises into <c>flags</c>, never clearing any. Results are exact to the bit in every
/// rounding mode; every NaN result is <see cref="CanonicalNaN"/>. NaN-boxing, sign injection, moves and fcsr are
/// the hart's business. Nothing allocates. Common cases run on the host FPU where that is provably exact (see the
/// fast paths below); everything else, and every special case, goes to the integer soft-float core.
/// </summary>
public static class Float64
{
    /// <summary>The canonical NaN (0x7FF8_0000_0000_0000): the only NaN any binary64 operation returns.</summary>
    public const ulong CanonicalNaN = 0x7FF8_0000_0000_0000;

    /// <summary>The sign bit.</summary>
    public const ulong SignMask = 0x8000_0000_0000_0000;

    /// <summary>+infinity.</summary>
    public const ulong PositiveInfinity = 0x7FF0_0000_0000_0000;

    /// <summary>-infinity.</summary>
    public const ulong NegativeInfinity = SignMask | PositiveInfinity;

    /// <summary>The largest finite value.</summary>
    public const ulong MaxValue = PositiveInfinity - 1;

    /// <summary>-0.</summary>
    public const ulong NegativeZero = SignMask;

    /// <summary>The most significant fraction bit, which distinguishes a quiet NaN (set) from a signalling one.</summary>
    public const ulong QuietBit = 0x0008_0000_0000_0000;

    /// <summary>a + b (fadd).</summary>
    public static ulong Add(ulong a, ulong b, RoundingMode rm, ref FloatExceptionFlags flags) =>
        TryAddOnHost(a, b, rm, ref flags, out var result) ? result : Soft.Add(a, b, rm, ref flags);

    /// <summary>a - b (fsub).</summary>
    public static ulong Sub(ulong a, ulong b, RoundingMode rm, ref FloatExceptionFlags flags) =>
        TryAddOnHost(a, b ^ SignMask, rm, ref flags, out var result) ? result : Soft.Add(a, b ^ SignMask, rm, ref flags);

    /// <summary>a × b (fmul).</summary>
    public static ulong Mul(ulong a, ulong b, RoundingMode rm, ref FloatExceptionFlags flags) =>
        TryMulOnHost(a, b, rm, ref flags, out var result) ? result : Soft.Mul(a, b, rm, ref flags);

    /// <summary>a ÷ b (fdiv); a finite nonzero a over a zero raises DZ.</summary>
    public static ulong Div(ulong a, ulong b, RoundingMode rm, ref FloatExceptionFlags flags) =>
        TryDivOnHost(a, b, rm, ref flags, out var result) ? result : Soft.Div(a, b, rm, ref flags);

    /// <summary>The square root (fsqrt); negative numbers other than -0 are invalid.</summary>
    public static ulong Sqrt(ulong a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        TrySqrtOnHost(a, rm, ref flags, out var result) ? result : Soft.Sqrt(a, rm, ref flags);

    /// <summary>
    /// A fused multiply-add with one rounding: <c>(negateProduct ? -(a×b) : a×b) + (negateAddend ? -c : c)</c>.
    /// fmadd is (false, false), fmsub (false, true), fnmsub (true, false), fnmadd (true, true). As RISC-V requires,
    /// 0 × inf raises NV even when c is a quiet NaN.
    /// </summary>
    public static ulong MulAdd(ulong a, ulong b, ulong c, bool negateProduct, bool negateAddend, RoundingMode rm,
        ref FloatExceptionFlags flags) =>
        TryMulAddOnHost(a, b, c, negateProduct, negateAddend, rm, ref flags, out var result)
            ? result
            : Soft.MulAdd(a, b, c, negateProduct, negateAddend, rm, ref flags);

    /// <summary>
    /// fmin: IEEE 754-2019 minimumNumber as RISC-V specifies it: -0 is below +0, a NaN operand yields the other
    /// operand, two NaNs yield the canonical NaN, and a signalling NaN raises NV.
    /// </summary>
    public static ulong Min(ulong a, ulong b, ref FloatExceptionFlags flags) => Soft.Min(a, b, ref flags);

    /// <summary>fmax: IEEE 754-2019 maximumNumber, with the rules of <see cref="Min"/>.</summary>
    public static ulong Max(ulong a, ulong b, ref FloatExceptionFlags flags) => Soft.Max(a, b, ref flags);

    /// <summary>feq: quiet equality; -0 equals +0, NaN equals nothing, NV only for a signalling NaN.</summary>
    public static bool Equal(ulong a, ulong b, ref FloatExceptionFlags flags) => Soft.Equal(a, b, ref flags);

    /// <summary>flt: signalling a &lt; b; any NaN operand gives false and raises NV.</summary>
    public static bool LessThan(ulong a, ulong b, ref FloatExceptionFlags flags) => Soft.LessThan(a, b, ref flags);

    /// <summary>fle: signalling a ≤ b; any NaN operand gives false and raises NV.</summary>
    public static bool LessOrEqual(ulong a, ulong b, ref FloatExceptionFlags flags) => Soft.LessOrEqual(a, b, ref flags);

    /// <summary>fclass: the 10-bit class mask (one of the <see cref="FloatClass"/> bits).</summary>
    public static uint Classify(ulong a) => Soft.Classify(a);

    /// <summary>
    /// fcvt.w.d: to a signed 32-bit integer, sign-extended to the 64-bit register value. NaN and values that round
    /// above 2^31-1 give 2^31-1, values that round below -2^31 give -2^31, with NV; otherwise NX if inexact.
    /// </summary>
    public static ulong ToInt32(ulong a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        HostRounding.TryToInt32(BitConverter.UInt64BitsToDouble(a), rm, ref flags, out var result)
            ? result
            : Soft.ToInteger(a, 32, signed: true, rm, ref flags);

    /// <summary>
    /// fcvt.wu.d: to an unsigned 32-bit integer, sign-extended to 64 bits as RISC-V specifies (so 2^32-1 becomes
    /// all ones). NaN and values that round above 2^32-1 give 2^32-1, values that round below 0 give 0, with NV.
    /// </summary>
    public static ulong ToUInt32(ulong a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        HostRounding.TryToUInt32(BitConverter.UInt64BitsToDouble(a), rm, ref flags, out var result)
            ? result
            : Soft.ToInteger(a, 32, signed: false, rm, ref flags);

    /// <summary>
    /// fcvt.l.d: to a signed 64-bit integer. NaN and values that round above 2^63-1 give 2^63-1, values that round
    /// below -2^63 give -2^63, with NV; otherwise NX if inexact.
    /// </summary>
    public static ulong ToInt64(ulong a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        HostRounding.TryToInt64(BitConverter.UInt64BitsToDouble(a), rm, ref flags, out var result)
            ? result
            : Soft.ToInteger(a, 64, signed: true, rm, ref flags);

    /// <summary>
    /// fcvt.lu.d: to an unsigned 64-bit integer. NaN and values that round above 2^64-1 give 2^64-1, values that
    /// round below 0 give 0, with NV; otherwise NX if inexact.
    /// </summary>
    public static ulong ToUInt64(ulong a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        HostRounding.TryToUInt64(BitConverter.UInt64BitsToDouble(a), rm, ref flags, out var result)
            ? result
            : Soft.ToInteger(a, 64, signed: false, rm, ref flags);

    /// <summary>fcvt.d.w: from a signed 32-bit integer (always exact).</summary>
    public static ulong FromInt32(int value, RoundingMode rm, ref FloatExceptionFlags flags) => FromInt64(value, rm, ref flags);

    /// <summary>fcvt.d.wu: from an unsigned 32-bit integer (always exact).</summary>
    public static ulong FromUInt32(uint value, RoundingMode rm, ref FloatExceptionFlags flags) => FromUInt64(value, rm, ref flags);

    /// <summary>fcvt.d.l: from a signed 64-bit integer (NX when it has more significant bits than the precision).</summary>
    public static ulong FromInt64(long value, RoundingMode rm, ref FloatExceptionFlags flags) =>
        // Integers of magnitude up to 2^53 are exact in binary64, whatever the mode.
        value is >= -(1L << 53) and <= 1L << 53
            ? BitConverter.DoubleToUInt64Bits((double)value)
            : Soft.FromInteger(value < 0, value < 0 ? 0 - (ulong)value : (ulong)value, rm, ref flags);

    /// <summary>fcvt.d.lu: from an unsigned 64-bit integer (NX when it has more significant bits than the precision).</summary>
    public static ulong FromUInt64(ulong value, RoundingMode rm, ref FloatExceptionFlags flags) =>
        value <= 1UL << 53
            ? BitConverter.DoubleToUInt64Bits((double)value)
            : Soft.FromInteger(false, value, rm, ref flags);

    /// <summary>
    /// fcvt.d.s: widens a binary32 value, always exactly; a NaN becomes the canonical NaN, with NV when it was
    /// signalling.
    /// </summary>
    public static ulong FromFloat32(uint a, ref FloatExceptionFlags flags)
    {
        if (SoftFloat<Binary32>.IsNaN(a))
        {
            if (SoftFloat<Binary32>.IsSignalingNaN(a))
            {
                flags |= FloatExceptionFlags.Invalid;
            }
            return CanonicalNaN;
        }
        // Every other binary32 value (zeros, subnormals, infinities included) is a binary64 value: the host's
        // widening is exact and raises nothing.
        return BitConverter.DoubleToUInt64Bits(BitConverter.UInt32BitsToSingle(a));
    }

    // -------------------------------------------------------------------------------------------------------------
    // Host fast paths. The host FPU computes the round-to-nearest-even result; an exact error term (TwoSum, or a
    // fused multiply-add residual) gives the sign of exact - nearest, from which HostRounding derives every other
    // mode and NX. Each path declines (returning false, touching no flags) unless the result and the error term are
    // far from the subnormal range and from overflow; the soft-float core then computes the result.

    /// <summary>
    /// The smallest biased exponent of a result handled on the host by an operation whose error term is a residual
    /// of a product (mul, div, sqrt): 2 × 53 + 1 keeps every residual representable (no underflow), and therefore
    /// keeps the result and its neighbours normal, so no tininess rules apply.
    /// </summary>
    private const int HostMinimumProductExponent = 107;

    /// <summary>
    /// The smallest biased exponent of a sum handled on the host: TwoSum is exact for any finite operands, so only
    /// the result must stay clear of the smallest normal binade (where tininess would need checking).
    /// </summary>
    private const int HostMinimumSumExponent = 2;

    /// <summary>
    /// The largest biased exponent of a result handled on the host: below the top binade, so a step away from zero
    /// cannot reach infinity and overflow never occurs.
    /// </summary>
    private const int HostMaximumExponent = 2045;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool HasHostExponent(double value, int minimum)
    {
        var biased = (int)(BitConverter.DoubleToUInt64Bits(value) >> 52) & 0x7FF;
        return (uint)(biased - minimum) <= (uint)(HostMaximumExponent - minimum);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SignOf(double value) => value > 0 ? 1 : value < 0 ? -1 : 0;

    /// <summary>Whether nearest + error (error exact and nonzero) lies exactly halfway to nearest's neighbour.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsHalfway(double nearest, double error)
    {
        var neighbour = error > 0 ? Math.BitIncrement(nearest) : Math.BitDecrement(nearest);
        return Math.Abs(error) * 2 == Math.Abs(neighbour - nearest);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryAddOnHost(ulong a, ulong b, RoundingMode rm, ref FloatExceptionFlags flags, out ulong result)
    {
        var x = BitConverter.UInt64BitsToDouble(a);
        var y = BitConverter.UInt64BitsToDouble(b);
        var (sum, error) = TwoSum(x, y);
        if (!HasHostExponent(sum, HostMinimumSumExponent))
        {
            result = 0;
            return false;
        }
        var isTie = rm == RoundingMode.NearestMaxMagnitude && error != 0 && IsHalfway(sum, error);
        result = HostRounding.Round(BitConverter.DoubleToUInt64Bits(sum), sum < 0, SignOf(error), isTie, rm, ref flags);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryMulOnHost(ulong a, ulong b, RoundingMode rm, ref FloatExceptionFlags flags, out ulong result)
    {
        var x = BitConverter.UInt64BitsToDouble(a);
        var y = BitConverter.UInt64BitsToDouble(b);
        var product = x * y;
        if (!HasHostExponent(product, HostMinimumProductExponent))
        {
            result = 0;
            return false;
        }
        // The product's rounding error x*y - product is representable here, so the fused residual is exact.
        var error = Math.FusedMultiplyAdd(x, y, -product);
        var isTie = rm == RoundingMode.NearestMaxMagnitude && error != 0 && IsHalfway(product, error);
        result = HostRounding.Round(BitConverter.DoubleToUInt64Bits(product), product < 0, SignOf(error), isTie, rm, ref flags);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryDivOnHost(ulong a, ulong b, RoundingMode rm, ref FloatExceptionFlags flags, out ulong result)
    {
        var x = BitConverter.UInt64BitsToDouble(a);
        var y = BitConverter.UInt64BitsToDouble(b);
        var quotient = x / y;
        if (!HasHostExponent(quotient, HostMinimumProductExponent) || !HasHostExponent(x, HostMinimumProductExponent))
        {
            result = 0;
            return false;
        }
        // x - quotient*y is exact (x and the quotient are far from underflow); the quotient is too small exactly
        // when the residual has the divisor's sign. A quotient of two binary64 numbers is never exactly halfway
        // between two of them, so there are no ties.
        var residual = Math.FusedMultiplyAdd(-quotient, y, x);
        var errorSign = y < 0 ? -SignOf(residual) : SignOf(residual);
        result = HostRounding.Round(BitConverter.DoubleToUInt64Bits(quotient), quotient < 0, errorSign, isTie: false, rm, ref flags);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TrySqrtOnHost(ulong a, RoundingMode rm, ref FloatExceptionFlags flags, out ulong result)
    {
        var x = BitConverter.UInt64BitsToDouble(a);
        if ((long)a < 0 || !HasHostExponent(x, HostMinimumProductExponent))
        {
            result = 0;
            return false;
        }
        var root = Math.Sqrt(x);
        // The root of such an x has about half its exponent, so it is normal too, and x - root² is exact; like
        // quotients, square roots are never exactly halfway.
        var residual = Math.FusedMultiplyAdd(-root, root, x);
        result = HostRounding.Round(BitConverter.DoubleToUInt64Bits(root), false, SignOf(residual), isTie: false, rm, ref flags);
        return true;
    }

    /// <summary>TwoSum (Knuth): the rounded sum and its exact error, for any finite operands.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Sum, double Error) TwoSum(double x, double y)
    {
        var sum = x + y;
        var virtualY = sum - x;
        return (sum, (x - (sum - virtualY)) + (y - virtualY));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryMulAddOnHost(ulong a, ulong b, ulong c, bool negateProduct, bool negateAddend,
        RoundingMode rm, ref FloatExceptionFlags flags, out ulong result)
    {
        var x = BitConverter.UInt64BitsToDouble(negateProduct ? a ^ SignMask : a);
        var y = BitConverter.UInt64BitsToDouble(b);
        var z = BitConverter.UInt64BitsToDouble(negateAddend ? c ^ SignMask : c);
        var nearest = Math.FusedMultiplyAdd(x, y, z);
        var product = x * y;
        if (!HasHostExponent(nearest, HostMinimumProductExponent) || !HasHostExponent(product, HostMinimumProductExponent))
        {
            result = 0;
            return false;
        }
        // The exact error of a fused multiply-add (Boldo and Muller, "Exact and Approximated Error of the FMA",
        // IEEE Transactions on Computers 60(2), 2011, Theorem 2, also proved in Coq): x*y + z = nearest + gamma +
        // alpha2 exactly. It holds for unbounded exponents; here every step is a sum of binary64 numbers (exact
        // wherever it lands in the subnormal range) except the product error, which is representable because the
        // product is far from underflow, and nothing can overflow because the product and the result are below
        // the top binade.
        var productError = Math.FusedMultiplyAdd(x, y, -product);
        var (alpha1, alpha2) = TwoSum(z, productError);
        var (beta1, beta2) = TwoSum(product, alpha1);
        var gamma = (beta1 - nearest) + beta2;
        // error = high + low exactly with |low| at most half an ulp of high, so high decides the sign.
        var (high, low) = TwoSum(gamma, alpha2);
        var errorSign = high != 0 ? SignOf(high) : SignOf(low);
        var isTie = rm == RoundingMode.NearestMaxMagnitude && low == 0 && high != 0 && IsHalfway(nearest, high);
        result = HostRounding.Round(BitConverter.DoubleToUInt64Bits(nearest), nearest < 0, errorSign, isTie, rm, ref flags);
        return true;
    }
}
