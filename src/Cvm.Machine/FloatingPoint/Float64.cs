using Soft = Cvm.Machine.FloatingPoint.SoftFloat<Cvm.Machine.FloatingPoint.Binary64>;

namespace Cvm.Machine.FloatingPoint;

/// <summary>
/// IEEE 754 binary64 arithmetic as the RISC-V D extension defines it, over raw encodings (ulong in, ulong out),
/// with no hart state: each operation takes its rounding mode (a static mode; the hart resolves the dynamic one)
/// and ORs the exceptions it raises into <c>flags</c>, never clearing any. Results are exact to the bit in every
/// rounding mode; every NaN result is <see cref="CanonicalNaN"/>. NaN-boxing, sign injection, moves and fcsr are
/// the hart's business.
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
        (ulong)Soft.Add(a, b, rm, ref flags);

    /// <summary>a - b (fsub).</summary>
    public static ulong Sub(ulong a, ulong b, RoundingMode rm, ref FloatExceptionFlags flags) =>
        (ulong)Soft.Add(a, b ^ SignMask, rm, ref flags);

    /// <summary>a × b (fmul).</summary>
    public static ulong Mul(ulong a, ulong b, RoundingMode rm, ref FloatExceptionFlags flags) =>
        (ulong)Soft.Mul(a, b, rm, ref flags);

    /// <summary>a ÷ b (fdiv); a finite nonzero a over a zero raises DZ.</summary>
    public static ulong Div(ulong a, ulong b, RoundingMode rm, ref FloatExceptionFlags flags) =>
        (ulong)Soft.Div(a, b, rm, ref flags);

    /// <summary>The square root (fsqrt); negative numbers other than -0 are invalid.</summary>
    public static ulong Sqrt(ulong a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        (ulong)Soft.Sqrt(a, rm, ref flags);

    /// <summary>
    /// A fused multiply-add with one rounding: <c>(negateProduct ? -(a×b) : a×b) + (negateAddend ? -c : c)</c>.
    /// fmadd is (false, false), fmsub (false, true), fnmsub (true, false), fnmadd (true, true). As RISC-V requires,
    /// 0 × inf raises NV even when c is a quiet NaN.
    /// </summary>
    public static ulong MulAdd(ulong a, ulong b, ulong c, bool negateProduct, bool negateAddend, RoundingMode rm,
        ref FloatExceptionFlags flags) =>
        (ulong)Soft.MulAdd(a, b, c, negateProduct, negateAddend, rm, ref flags);

    /// <summary>
    /// fmin: IEEE 754-2019 minimumNumber as RISC-V specifies it: -0 is below +0, a NaN operand yields the other
    /// operand, two NaNs yield the canonical NaN, and a signalling NaN raises NV.
    /// </summary>
    public static ulong Min(ulong a, ulong b, ref FloatExceptionFlags flags) => (ulong)Soft.Min(a, b, ref flags);

    /// <summary>fmax: IEEE 754-2019 maximumNumber, with the rules of <see cref="Min"/>.</summary>
    public static ulong Max(ulong a, ulong b, ref FloatExceptionFlags flags) => (ulong)Soft.Max(a, b, ref flags);

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
        Soft.ToInteger(a, 32, signed: true, rm, ref flags);

    /// <summary>
    /// fcvt.wu.d: to an unsigned 32-bit integer, sign-extended to 64 bits as RISC-V specifies (so 2^32-1 becomes
    /// all ones). NaN and values that round above 2^32-1 give 2^32-1, values that round below 0 give 0, with NV.
    /// </summary>
    public static ulong ToUInt32(ulong a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        Soft.ToInteger(a, 32, signed: false, rm, ref flags);

    /// <summary>
    /// fcvt.l.d: to a signed 64-bit integer. NaN and values that round above 2^63-1 give 2^63-1, values that round
    /// below -2^63 give -2^63, with NV; otherwise NX if inexact.
    /// </summary>
    public static ulong ToInt64(ulong a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        Soft.ToInteger(a, 64, signed: true, rm, ref flags);

    /// <summary>
    /// fcvt.lu.d: to an unsigned 64-bit integer. NaN and values that round above 2^64-1 give 2^64-1, values that
    /// round below 0 give 0, with NV; otherwise NX if inexact.
    /// </summary>
    public static ulong ToUInt64(ulong a, RoundingMode rm, ref FloatExceptionFlags flags) =>
        Soft.ToInteger(a, 64, signed: false, rm, ref flags);

    /// <summary>fcvt.d.w: from a signed 32-bit integer (always exact).</summary>
    public static ulong FromInt32(int value, RoundingMode rm, ref FloatExceptionFlags flags) => FromInt64(value, rm, ref flags);

    /// <summary>fcvt.d.wu: from an unsigned 32-bit integer (always exact).</summary>
    public static ulong FromUInt32(uint value, RoundingMode rm, ref FloatExceptionFlags flags) => FromUInt64(value, rm, ref flags);

    /// <summary>fcvt.d.l: from a signed 64-bit integer (NX when it has more significant bits than the precision).</summary>
    public static ulong FromInt64(long value, RoundingMode rm, ref FloatExceptionFlags flags) =>
        (ulong)Soft.FromInteger(value < 0, value < 0 ? 0 - (ulong)value : (ulong)value, rm, ref flags);

    /// <summary>fcvt.d.lu: from an unsigned 64-bit integer (NX when it has more significant bits than the precision).</summary>
    public static ulong FromUInt64(ulong value, RoundingMode rm, ref FloatExceptionFlags flags) =>
        (ulong)Soft.FromInteger(false, value, rm, ref flags);

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
        var negative = SoftFloat<Binary32>.IsNegative(a);
        var sign = negative ? SignMask : 0UL;
        if (SoftFloat<Binary32>.IsInfinity(a))
        {
            return PositiveInfinity | sign;
        }
        if (SoftFloat<Binary32>.IsZero(a))
        {
            return sign;
        }
        // Every binary32 number is a binary64 number, so this rounding is exact and raises nothing.
        var significand = SoftFloat<Binary32>.Decompose(a, out var exponent);
        return Soft.RoundPack(negative, exponent, significand, RoundingMode.NearestEven, ref flags);
    }
}
