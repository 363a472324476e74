using System.Numerics;
using System.Runtime.CompilerServices;

namespace Cvm.Machine.FloatingPoint;

/// <summary>
/// Exact IEEE 754-2008 arithmetic over raw encodings, as the RISC-V F and D extensions define it, using integer
/// arithmetic only. Every operation computes the exact result as a sign, a binary exponent and an integer
/// significand (with a "sticky" bit standing for any nonzero bits that were shifted out), and then rounds it once
/// in <see cref="RoundPack(bool, int, ulong, RoundingMode, ref FloatExceptionFlags)"/>. RISC-V specifics: every
/// NaN result is the canonical NaN, and tininess is detected after rounding.
/// </summary>
/// <remarks>
/// A finite nonzero number is handled as <c>significand × 2^exponent</c> with an integer significand that includes
/// the hidden bit (see <see cref="Decompose"/>). When an intermediate result is inexact, the bits below the kept
/// width are replaced by a 1 in bit 0 ("jamming"); this preserves every rounding decision as long as the jammed
/// significand has at least <c>precision + 2</c> significant bits, which each caller guarantees by keeping guard
/// bits.
/// </remarks>
/// <typeparam name="TFormat">The format operated on.</typeparam>
internal static class SoftFloat<TFormat> where TFormat : struct, IBinaryFormat
{
    /// <summary>Stored fraction bits (23 or 52).</summary>
    public static int FractionBits => TFormat.FractionBits;

    /// <summary>Significand bits including the hidden bit (24 or 53).</summary>
    public static int Precision => TFormat.FractionBits + 1;

    /// <summary>The all-ones exponent field value that encodes infinities and NaNs (255 or 2047).</summary>
    public static int MaxBiasedExponent => (1 << TFormat.ExponentBits) - 1;

    /// <summary>The exponent bias (127 or 1023).</summary>
    public static int Bias => MaxBiasedExponent >> 1;

    public static ulong SignBit => 1UL << (TFormat.FractionBits + TFormat.ExponentBits);

    public static ulong FractionMask => (1UL << TFormat.FractionBits) - 1;

    public static ulong HiddenBit => 1UL << TFormat.FractionBits;

    /// <summary>The most significant fraction bit: set in a quiet NaN, clear in a signalling NaN.</summary>
    public static ulong QuietBit => 1UL << (TFormat.FractionBits - 1);

    public static ulong PositiveInfinity => (ulong)MaxBiasedExponent << TFormat.FractionBits;

    /// <summary>The largest finite magnitude: all-ones fraction with the largest finite exponent.</summary>
    public static ulong MaxFinite => PositiveInfinity - 1;

    /// <summary>The only NaN RISC-V ever produces: positive, quiet, zero payload.</summary>
    public static ulong CanonicalNaN => PositiveInfinity | QuietBit;

    // ---------------------------------------------------------------------------------------------------------
    // Classification of encodings

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNegative(ulong x) => (x & SignBit) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Magnitude(ulong x) => x & ~SignBit;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNaN(ulong x) => Magnitude(x) > PositiveInfinity;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSignalingNaN(ulong x) => IsNaN(x) && (x & QuietBit) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsInfinity(ulong x) => Magnitude(x) == PositiveInfinity;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsZero(ulong x) => Magnitude(x) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BiasedExponent(ulong x) => (int)(x >> TFormat.FractionBits) & MaxBiasedExponent;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SignOf(bool negative) => negative ? SignBit : 0;

    /// <summary>
    /// Splits a finite nonzero encoding into an integer significand (hidden bit included for normals) and the
    /// exponent of its least significant bit, so that the value is <c>significand × 2^exponent</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Decompose(ulong x, out int exponent)
    {
        var biased = BiasedExponent(x);
        var fraction = x & FractionMask;
        if (biased == 0)
        {
            // Subnormal: no hidden bit, and the exponent is that of the smallest normal binade.
            exponent = 1 - Bias - FractionBits;
            return fraction;
        }
        exponent = biased - Bias - FractionBits;
        return fraction | HiddenBit;
    }

    /// <summary>
    /// <see cref="Decompose"/> with subnormals normalised, so the significand always has its top bit at the
    /// hidden-bit position.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong DecomposeNormalized(ulong x, out int exponent)
    {
        var significand = Decompose(x, out exponent);
        var shift = BitOperations.LeadingZeroCount(significand) - (63 - FractionBits);
        exponent -= shift;
        return significand << shift;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Rounding

    /// <summary>
    /// Whether a value whose kept part has the given parity and whose discarded bits are <paramref name="roundBits"/>
    /// (with <paramref name="halfway"/> the weight of half a unit in the last kept place) rounds to the next larger
    /// magnitude under <paramref name="rm"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool RoundsAwayFromZero(bool negative, bool keptIsOdd, ulong roundBits, ulong halfway, RoundingMode rm) =>
        rm switch
        {
            RoundingMode.NearestEven => roundBits > halfway || (roundBits == halfway && keptIsOdd),
            RoundingMode.TowardZero => false,
            RoundingMode.Down => negative && roundBits != 0,
            RoundingMode.Up => !negative && roundBits != 0,
            RoundingMode.NearestMaxMagnitude => roundBits >= halfway,
            _ => InvalidRoundingMode.Throw(rm),
        };

    /// <summary>
    /// Rounds <c>(-1)^negative × significand × 2^exponent</c> to the format under <paramref name="rm"/>, raising
    /// NX, UF and OF as IEEE 754 and RISC-V specify, and returns the encoding.
    /// </summary>
    /// <param name="negative">Sign of the result.</param>
    /// <param name="exponent">Exponent of bit 0 of <paramref name="significand"/>; any value.</param>
    /// <param name="significand">
    /// Nonzero. Either exact, or jammed (bit 0 set for lost nonzero bits) with at least <c>Precision + 2</c>
    /// significant bits so the jammed bit lies below the rounding position.
    /// </param>
    /// <param name="rm">A static rounding mode.</param>
    /// <param name="flags">Flags to OR the raised exceptions into.</param>
    public static ulong RoundPack(bool negative, int exponent, ulong significand, RoundingMode rm, ref FloatExceptionFlags flags)
    {
        // Normalise so bit 63 is the leading one; the leading bit then has weight 2^(exponent + 63).
        var normalizeShift = BitOperations.LeadingZeroCount(significand);
        significand <<= normalizeShift;
        var biasedExponent = exponent - normalizeShift + 63 + Bias;

        // Bits below the kept precision when the result is normal; the halfway bit is the top one of them.
        var roundWidth = 64 - Precision;
        var roundMask = (1UL << roundWidth) - 1;
        var halfway = 1UL << (roundWidth - 1);

        if (biasedExponent >= MaxBiasedExponent)
        {
            return Overflow(negative, rm, ref flags);
        }

        var tiny = false;
        if (biasedExponent < 1)
        {
            // Tininess is detected after rounding: the result is tiny unless rounding the value to full precision
            // with an unbounded exponent range carries it up to the smallest normal number 2^emin. Only a value in
            // the binade just below 2^emin (biased exponent 0) whose kept bits are all ones can carry that far.
            var keptAtFullPrecision = significand >> roundWidth;
            var carriesToSmallestNormal = biasedExponent == 0
                && keptAtFullPrecision == (1UL << Precision) - 1
                && RoundsAwayFromZero(negative, keptIsOdd: true, significand & roundMask, halfway, rm);
            tiny = !carriesToSmallestNormal;

            // Move to the subnormal grid: after shifting, bit 63 has the weight of the smallest normal 2^emin, so
            // the kept bits are the subnormal significand, encoded with exponent field 0 (biased exponent 1 - 1).
            significand = ShiftRightJam(significand, 1 - biasedExponent);
            biasedExponent = 1;
        }

        var roundBits = significand & roundMask;
        var kept = significand >> roundWidth;
        if (RoundsAwayFromZero(negative, (kept & 1) != 0, roundBits, halfway, rm))
        {
            kept++;
        }

        // 'kept' carries the hidden bit, so adding it to (exponent - 1) lets a rounding carry (or a subnormal
        // rounding up to the smallest normal) increment the exponent field for free.
        var magnitude = ((ulong)(biasedExponent - 1) << FractionBits) + kept;
        if (magnitude >= PositiveInfinity)
        {
            return Overflow(negative, rm, ref flags);
        }
        if (roundBits != 0)
        {
            flags |= tiny ? FloatExceptionFlags.Inexact | FloatExceptionFlags.Underflow : FloatExceptionFlags.Inexact;
        }
        return magnitude | SignOf(negative);
    }

    /// <summary>
    /// <see cref="RoundPack(bool, int, ulong, RoundingMode, ref FloatExceptionFlags)"/> for a 128-bit significand:
    /// keeps the top 64 significant bits and jams the rest into bit 0.
    /// </summary>
    public static ulong RoundPack(bool negative, int exponent, UInt128 significand, RoundingMode rm, ref FloatExceptionFlags flags)
    {
        var high = (ulong)(significand >> 64);
        if (high == 0)
        {
            return RoundPack(negative, exponent, (ulong)significand, rm, ref flags);
        }
        var shift = BitOperations.LeadingZeroCount(high);
        var normalized = significand << shift;
        var sticky = (ulong)normalized != 0 ? 1UL : 0UL;
        return RoundPack(negative, exponent - shift + 64, (ulong)(normalized >> 64) | sticky, rm, ref flags);
    }

    /// <summary>The result of an operation whose rounded magnitude exceeds the largest finite number.</summary>
    private static ulong Overflow(bool negative, RoundingMode rm, ref FloatExceptionFlags flags)
    {
        flags |= FloatExceptionFlags.Overflow | FloatExceptionFlags.Inexact;
        // Modes that round towards zero for this sign stop at the largest finite number; the others reach infinity.
        var toInfinity = rm switch
        {
            RoundingMode.NearestEven or RoundingMode.NearestMaxMagnitude => true,
            RoundingMode.TowardZero => false,
            RoundingMode.Down => negative,
            RoundingMode.Up => !negative,
            _ => InvalidRoundingMode.Throw(rm),
        };
        return (toInfinity ? PositiveInfinity : MaxFinite) | SignOf(negative);
    }

    /// <summary>Shifts right, OR-ing any nonzero bits shifted out into bit 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ShiftRightJam(ulong value, int count)
    {
        if (count == 0)
        {
            return value;
        }
        if (count >= 64)
        {
            return value != 0 ? 1UL : 0UL;
        }
        return (value >> count) | ((value << (64 - count)) != 0 ? 1UL : 0UL);
    }

    /// <summary>Shifts right, OR-ing any nonzero bits shifted out into bit 0.</summary>
    private static UInt128 ShiftRightJam(UInt128 value, int count)
    {
        if (count == 0)
        {
            return value;
        }
        if (count >= 128)
        {
            return value != 0 ? UInt128.One : UInt128.Zero;
        }
        return (value >> count) | ((value << (128 - count)) != 0 ? UInt128.One : UInt128.Zero);
    }

    // ---------------------------------------------------------------------------------------------------------
    // NaN handling

    /// <summary>
    /// The result of an arithmetic operation with a NaN operand: always the canonical NaN (RISC-V does not
    /// propagate payloads); NV if any operand is a signalling NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong NaNResult(ulong a, ulong b, ref FloatExceptionFlags flags)
    {
        if (IsSignalingNaN(a) || IsSignalingNaN(b))
        {
            flags |= FloatExceptionFlags.Invalid;
        }
        return CanonicalNaN;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong InvalidResult(ref FloatExceptionFlags flags)
    {
        flags |= FloatExceptionFlags.Invalid;
        return CanonicalNaN;
    }

    /// <summary>The sign of an exact zero sum of operands with opposite signs: +0, except -0 when rounding down.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ExactZeroSum(RoundingMode rm) => rm == RoundingMode.Down ? SignBit : 0;

    // ---------------------------------------------------------------------------------------------------------
    // Arithmetic

    /// <summary>a + b, rounded once.</summary>
    public static ulong Add(ulong a, ulong b, RoundingMode rm, ref FloatExceptionFlags flags)
    {
        if (IsNaN(a) || IsNaN(b))
        {
            return NaNResult(a, b, ref flags);
        }
        var negativeA = IsNegative(a);
        var negativeB = IsNegative(b);
        if (IsInfinity(a))
        {
            return IsInfinity(b) && negativeA != negativeB ? InvalidResult(ref flags) : a;
        }
        if (IsInfinity(b))
        {
            return b;
        }
        if (IsZero(a))
        {
            // x + 0 is x exactly; 0 + 0 keeps a common sign, and opposite-signed zeros sum to an exact zero.
            return !IsZero(b) ? b : negativeA == negativeB ? a : ExactZeroSum(rm);
        }
        if (IsZero(b))
        {
            return a;
        }

        // Put the hidden bit at bit 61: two bits of headroom for the carry of a sum, and guard bits below the
        // last fraction bit so that aligning the smaller operand by one place is exact.
        var guardShift = 61 - FractionBits;
        var significandA = Decompose(a, out var exponentA) << guardShift;
        var significandB = Decompose(b, out var exponentB) << guardShift;
        if (exponentA < exponentB)
        {
            (significandA, significandB) = (significandB, significandA);
            (exponentA, exponentB) = (exponentB, exponentA);
            (negativeA, negativeB) = (negativeB, negativeA);
        }
        // A gap of two or more places means the larger operand is normal and the difference keeps at least 60
        // significant bits, so the jammed bit stays far below the rounding position.
        significandB = ShiftRightJam(significandB, exponentA - exponentB);
        var exponent = exponentA - guardShift;
        if (negativeA == negativeB)
        {
            return RoundPack(negativeA, exponent, significandA + significandB, rm, ref flags);
        }
        if (significandA == significandB)
        {
            return ExactZeroSum(rm);
        }
        return significandA > significandB
            ? RoundPack(negativeA, exponent, significandA - significandB, rm, ref flags)
            : RoundPack(negativeB, exponent, significandB - significandA, rm, ref flags);
    }

    /// <summary>a × b, rounded once.</summary>
    public static ulong Mul(ulong a, ulong b, RoundingMode rm, ref FloatExceptionFlags flags)
    {
        if (IsNaN(a) || IsNaN(b))
        {
            return NaNResult(a, b, ref flags);
        }
        var negative = IsNegative(a) != IsNegative(b);
        if (IsInfinity(a) || IsInfinity(b))
        {
            return IsZero(a) || IsZero(b) ? InvalidResult(ref flags) : PositiveInfinity | SignOf(negative);
        }
        if (IsZero(a) || IsZero(b))
        {
            return SignOf(negative);
        }
        var significandA = Decompose(a, out var exponentA);
        var significandB = Decompose(b, out var exponentB);
        var productHigh = Math.BigMul(significandA, significandB, out var productLow);
        return RoundPack(negative, exponentA + exponentB, new UInt128(productHigh, productLow), rm, ref flags);
    }

    /// <summary>a ÷ b, rounded once.</summary>
    public static ulong Div(ulong a, ulong b, RoundingMode rm, ref FloatExceptionFlags flags)
    {
        if (IsNaN(a) || IsNaN(b))
        {
            return NaNResult(a, b, ref flags);
        }
        var negative = IsNegative(a) != IsNegative(b);
        if (IsInfinity(a))
        {
            return IsInfinity(b) ? InvalidResult(ref flags) : PositiveInfinity | SignOf(negative);
        }
        if (IsInfinity(b))
        {
            return SignOf(negative);
        }
        if (IsZero(b))
        {
            if (IsZero(a))
            {
                return InvalidResult(ref flags);
            }
            flags |= FloatExceptionFlags.DivideByZero;
            return PositiveInfinity | SignOf(negative);
        }
        if (IsZero(a))
        {
            return SignOf(negative);
        }

        // Both significands normalised to [2^FractionBits, 2^Precision); the dividend is widened by 62 bits so the
        // integer quotient lies in (2^61, 2^63): well over Precision + 2 bits, and the remainder becomes the sticky bit.
        var significandA = DecomposeNormalized(a, out var exponentA);
        var significandB = DecomposeNormalized(b, out var exponentB);
        ulong quotient;
        bool remainderIsZero;
        if (FractionBits + 62 < 64)
        {
            var dividend = significandA << 62;
            quotient = dividend / significandB;
            remainderIsZero = quotient * significandB == dividend;
        }
        else
        {
            var (wideQuotient, remainder) = UInt128.DivRem((UInt128)significandA << 62, significandB);
            quotient = (ulong)wideQuotient;
            remainderIsZero = remainder == 0;
        }
        var sticky = remainderIsZero ? 0UL : 1UL;
        return RoundPack(negative, exponentA - exponentB - 62, quotient | sticky, rm, ref flags);
    }

    /// <summary>The square root of a, rounded once.</summary>
    public static ulong Sqrt(ulong a, RoundingMode rm, ref FloatExceptionFlags flags)
    {
        if (IsNaN(a))
        {
            return NaNResult(a, a, ref flags);
        }
        if (IsZero(a))
        {
            return a; // sqrt(-0) is -0 by IEEE 754.
        }
        if (IsNegative(a))
        {
            return InvalidResult(ref flags);
        }
        if (IsInfinity(a))
        {
            return a;
        }

        // Widen the significand to a radicand of 125 or 126 bits, choosing the width so that the remaining power
        // of two has an even exponent; the integer square root then has 63 bits and the remainder is the sticky bit.
        var significand = DecomposeNormalized(a, out var exponent);
        var widen = 124 - FractionBits;
        if (((exponent - widen) & 1) != 0)
        {
            widen++;
        }
        var radicand = (UInt128)significand << widen;
        var root = IntegerSquareRoot(radicand);
        var sticky = (UInt128)root * root == radicand ? 0UL : 1UL;
        return RoundPack(false, (exponent - widen) >> 1, root | sticky, rm, ref flags);
    }

    /// <summary>floor(sqrt(n)) for n below 2^126.</summary>
    private static ulong IntegerSquareRoot(UInt128 n)
    {
        // The hardware square root of the nearest double is within about 2^10 of the answer; one Newton-style
        // correction from the exact residual brings it within one, and the loops below make it exact.
        var root = (ulong)Math.Sqrt((double)n);
        var residual = (Int128)n - (Int128)((UInt128)root * root);
        root = (ulong)((long)root + (long)Math.Round((double)residual / (2.0 * root)));
        while ((UInt128)root * root > n)
        {
            root--;
        }
        while ((UInt128)(root + 1) * (root + 1) <= n)
        {
            root++;
        }
        return root;
    }

    /// <summary>
    /// ±(a × b) ± c with a single rounding: the product is negated when <paramref name="negateProduct"/> and the
    /// addend when <paramref name="negateAddend"/> (fmadd, fmsub, fnmsub, fnmadd).
    /// </summary>
    public static ulong MulAdd(ulong a, ulong b, ulong c, bool negateProduct, bool negateAddend, RoundingMode rm,
        ref FloatExceptionFlags flags)
    {
        var infinityTimesZero = (IsInfinity(a) && IsZero(b)) || (IsZero(a) && IsInfinity(b));
        if (IsNaN(a) || IsNaN(b) || IsNaN(c))
        {
            // RISC-V: 0 × inf is invalid even when the addend is a quiet NaN.
            if (infinityTimesZero || IsSignalingNaN(a) || IsSignalingNaN(b) || IsSignalingNaN(c))
            {
                flags |= FloatExceptionFlags.Invalid;
            }
            return CanonicalNaN;
        }
        if (infinityTimesZero)
        {
            return InvalidResult(ref flags);
        }
        var productNegative = IsNegative(a) != IsNegative(b) != negateProduct;
        var addendNegative = IsNegative(c) != negateAddend;
        if (IsInfinity(a) || IsInfinity(b))
        {
            return IsInfinity(c) && addendNegative != productNegative
                ? InvalidResult(ref flags)
                : PositiveInfinity | SignOf(productNegative);
        }
        if (IsInfinity(c))
        {
            return PositiveInfinity | SignOf(addendNegative);
        }
        if (IsZero(a) || IsZero(b))
        {
            if (!IsZero(c))
            {
                return Magnitude(c) | SignOf(addendNegative); // 0 + c is c exactly.
            }
            return productNegative == addendNegative ? SignOf(productNegative) : ExactZeroSum(rm);
        }

        var significandA = Decompose(a, out var exponentA);
        var significandB = Decompose(b, out var exponentB);
        var productHigh = Math.BigMul(significandA, significandB, out var productLow);
        var product = new UInt128(productHigh, productLow);
        var productExponent = exponentA + exponentB;
        if (IsZero(c))
        {
            return RoundPack(productNegative, productExponent, product, rm, ref flags);
        }

        // Bring both terms' leading bits to bit 125 (headroom for the carry of a sum), then align the one with the
        // smaller exponent. The product has at most 106 significant bits and the addend 53, so a shift by one place
        // is exact, and a shift by two or more leaves a difference with over 120 bits: the jam bit is harmless.
        var productShift = (int)UInt128.LeadingZeroCount(product) - 2;
        product <<= productShift;
        productExponent -= productShift;
        var addend = (UInt128)Decompose(c, out var addendExponent);
        var addendShift = (int)UInt128.LeadingZeroCount(addend) - 2;
        addend <<= addendShift;
        addendExponent -= addendShift;

        int exponent;
        if (productExponent >= addendExponent)
        {
            addend = ShiftRightJam(addend, productExponent - addendExponent);
            exponent = productExponent;
        }
        else
        {
            product = ShiftRightJam(product, addendExponent - productExponent);
            exponent = addendExponent;
        }
        if (productNegative == addendNegative)
        {
            return RoundPack(productNegative, exponent, product + addend, rm, ref flags);
        }
        if (product == addend)
        {
            return ExactZeroSum(rm);
        }
        return product > addend
            ? RoundPack(productNegative, exponent, product - addend, rm, ref flags)
            : RoundPack(addendNegative, exponent, addend - product, rm, ref flags);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Minimum, maximum, comparisons, classification

    /// <summary>
    /// Ordering of two non-NaN encodings with -0 below +0, as minimumNumber/maximumNumber require: opposite signs
    /// order by sign; equal signs order by magnitude, reversed for negatives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLessIncludingSignedZero(ulong a, ulong b)
    {
        var negativeA = IsNegative(a);
        if (negativeA != IsNegative(b))
        {
            return negativeA;
        }
        return negativeA ? a > b : a < b;
    }

    /// <summary>
    /// fmin (IEEE 754-2019 minimumNumber): -0 is below +0; a single NaN operand yields the other operand; two NaNs
    /// yield the canonical NaN; a signalling NaN raises NV.
    /// </summary>
    public static ulong Min(ulong a, ulong b, ref FloatExceptionFlags flags) => MinMax(a, b, wantMaximum: false, ref flags);

    /// <summary>fmax (IEEE 754-2019 maximumNumber), with the NaN rules of <see cref="Min"/>.</summary>
    public static ulong Max(ulong a, ulong b, ref FloatExceptionFlags flags) => MinMax(a, b, wantMaximum: true, ref flags);

    private static ulong MinMax(ulong a, ulong b, bool wantMaximum, ref FloatExceptionFlags flags)
    {
        if (IsSignalingNaN(a) || IsSignalingNaN(b))
        {
            flags |= FloatExceptionFlags.Invalid;
        }
        var nanA = IsNaN(a);
        var nanB = IsNaN(b);
        if (nanA || nanB)
        {
            return nanA && nanB ? CanonicalNaN : nanA ? b : a;
        }
        return IsLessIncludingSignedZero(a, b) != wantMaximum ? a : b;
    }

    /// <summary>feq: a quiet comparison (NV only for a signalling NaN); NaN compares unequal, -0 equals +0.</summary>
    public static bool Equal(ulong a, ulong b, ref FloatExceptionFlags flags)
    {
        if (IsNaN(a) || IsNaN(b))
        {
            if (IsSignalingNaN(a) || IsSignalingNaN(b))
            {
                flags |= FloatExceptionFlags.Invalid;
            }
            return false;
        }
        return a == b || (IsZero(a) && IsZero(b));
    }

    /// <summary>flt: a signalling comparison (NV for any NaN operand, which compares false); -0 equals +0.</summary>
    public static bool LessThan(ulong a, ulong b, ref FloatExceptionFlags flags)
    {
        if (IsNaN(a) || IsNaN(b))
        {
            flags |= FloatExceptionFlags.Invalid;
            return false;
        }
        return !(IsZero(a) && IsZero(b)) && IsLessIncludingSignedZero(a, b);
    }

    /// <summary>fle: a signalling comparison (NV for any NaN operand, which compares false); -0 equals +0.</summary>
    public static bool LessOrEqual(ulong a, ulong b, ref FloatExceptionFlags flags)
    {
        if (IsNaN(a) || IsNaN(b))
        {
            flags |= FloatExceptionFlags.Invalid;
            return false;
        }
        return a == b || (IsZero(a) && IsZero(b)) || IsLessIncludingSignedZero(a, b);
    }

    /// <summary>fclass: exactly one of the ten class bits.</summary>
    public static uint Classify(ulong a)
    {
        var negative = IsNegative(a);
        if (IsNaN(a))
        {
            return (a & QuietBit) != 0 ? FloatClass.QuietNaN : FloatClass.SignalingNaN;
        }
        if (IsInfinity(a))
        {
            return negative ? FloatClass.NegativeInfinity : FloatClass.PositiveInfinity;
        }
        if (IsZero(a))
        {
            return negative ? FloatClass.NegativeZero : FloatClass.PositiveZero;
        }
        if (BiasedExponent(a) == 0)
        {
            return negative ? FloatClass.NegativeSubnormal : FloatClass.PositiveSubnormal;
        }
        return negative ? FloatClass.NegativeNormal : FloatClass.PositiveNormal;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Conversions

    /// <summary>
    /// fcvt to a <paramref name="width"/>-bit integer: rounds under <paramref name="rm"/>, then saturates results
    /// out of range (NaN counts as positive) with NV and no NX; an in-range inexact result raises NX. The result is
    /// returned as the integer register receives it: 32-bit results sign-extended, also for unsigned conversions.
    /// </summary>
    public static ulong ToInteger(ulong a, int width, bool signed, RoundingMode rm, ref FloatExceptionFlags flags)
    {
        // The saturation bounds, as 64-bit two's complement patterns of the width's extremes.
        var maximum = signed ? (1UL << (width - 1)) - 1 : ulong.MaxValue >> (64 - width);
        var minimum = signed ? ~maximum : 0;
        if (IsNaN(a))
        {
            flags |= FloatExceptionFlags.Invalid;
            return SignExtend(maximum, width);
        }
        var negative = IsNegative(a);
        if (IsInfinity(a))
        {
            flags |= FloatExceptionFlags.Invalid;
            return SignExtend(negative ? minimum : maximum, width);
        }
        if (IsZero(a))
        {
            return 0;
        }

        var integer = RoundToInteger(negative, a, rm, out var inexact, out var tooLarge);
        // The largest magnitude each sign may reach: for signed, 2^(width-1) below zero and 2^(width-1)-1 above;
        // unsigned results must not be negative at all (though a negative input that rounds to 0 is fine).
        var limit = negative ? (signed ? 1UL << (width - 1) : 0) : maximum;
        if (tooLarge || integer > limit)
        {
            flags |= FloatExceptionFlags.Invalid;
            return SignExtend(negative ? minimum : maximum, width);
        }
        if (inexact)
        {
            flags |= FloatExceptionFlags.Inexact;
        }
        return SignExtend(negative ? 0 - integer : integer, width);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SignExtend(ulong value, int width) =>
        width == 64 ? value : (ulong)((long)(value << (64 - width)) >> (64 - width));

    /// <summary>
    /// The magnitude of a finite nonzero encoding rounded to an integer; <paramref name="tooLarge"/> when it does
    /// not fit in 64 bits.
    /// </summary>
    private static ulong RoundToInteger(bool negative, ulong a, RoundingMode rm, out bool inexact, out bool tooLarge)
    {
        var significand = Decompose(a, out var exponent);
        ulong integer;
        ulong fraction; // the discarded bits, as a binary fraction with its point above bit 63
        if (exponent >= 0)
        {
            inexact = false;
            tooLarge = exponent > BitOperations.LeadingZeroCount(significand);
            return tooLarge ? 0 : significand << exponent;
        }
        if (exponent <= -64)
        {
            // The significand has at most 53 bits, so the value is below 2^-11: a nonzero fraction under one half.
            integer = 0;
            fraction = 1;
        }
        else
        {
            integer = significand >> -exponent;
            fraction = significand << (64 + exponent);
        }
        inexact = fraction != 0;
        tooLarge = false;
        if (RoundsAwayFromZero(negative, (integer & 1) != 0, fraction, 1UL << 63, rm))
        {
            integer++;
            tooLarge = integer == 0;
        }
        return integer;
    }

    /// <summary>fcvt from an integer given as sign and magnitude: exact unless the magnitude exceeds the precision.</summary>
    public static ulong FromInteger(bool negative, ulong magnitude, RoundingMode rm, ref FloatExceptionFlags flags) =>
        magnitude == 0 ? 0 : RoundPack(negative, 0, magnitude, rm, ref flags);
}
