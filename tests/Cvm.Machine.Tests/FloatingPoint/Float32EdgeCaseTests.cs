using Cvm.Machine.FloatingPoint;
using static Cvm.Machine.Tests.FloatingPoint.RiscvFloatNames;

namespace Cvm.Machine.Tests.FloatingPoint;

/// <summary>
/// Hand-picked binary32 cases with the exact bits and flags derived from IEEE 754-2008 and the RISC-V F chapter.
/// Encodings: 1 = 0x3F800000, one ulp of 1 = 2^-23, the smallest normal 2^-126 = 0x00800000, the largest finite
/// 0x7F7FFFFF = (2 - 2^-23) × 2^127, whose ulp is 2^104.
/// </summary>
public sealed class Float32EdgeCaseTests
{
    [Theory]
    // 1 + 2^-24 lies exactly halfway between 1 and 1 + 2^-23: ties-to-even keeps 1, ties-away and up take 1 + 2^-23.
    [InlineData(0x3F800000u, 0x33800000u, RNE, 0x3F800000u, NX)]
    [InlineData(0x3F800000u, 0x33800000u, RMM, 0x3F800001u, NX)]
    [InlineData(0x3F800000u, 0x33800000u, RUP, 0x3F800001u, NX)]
    [InlineData(0x3F800000u, 0x33800000u, RDN, 0x3F800000u, NX)]
    [InlineData(0x3F800000u, 0x33800000u, RTZ, 0x3F800000u, NX)]
    // (1 + 2^-23) + 2^-24 is halfway with an odd kept part, so ties-to-even rounds up to 1 + 2^-22.
    [InlineData(0x3F800001u, 0x33800000u, RNE, 0x3F800002u, NX)]
    [InlineData(0x3F800001u, 0x33800000u, RTZ, 0x3F800001u, NX)]
    // The same tie on negative numbers: RDN moves away from zero, RUP towards it.
    [InlineData(0xBF800000u, 0xB3800000u, RDN, 0xBF800001u, NX)]
    [InlineData(0xBF800000u, 0xB3800000u, RUP, 0xBF800000u, NX)]
    // max + max overflows: to infinity in the nearest modes and away from zero, else stop at the largest finite.
    [InlineData(0x7F7FFFFFu, 0x7F7FFFFFu, RNE, 0x7F800000u, OF | NX)]
    [InlineData(0x7F7FFFFFu, 0x7F7FFFFFu, RMM, 0x7F800000u, OF | NX)]
    [InlineData(0x7F7FFFFFu, 0x7F7FFFFFu, RTZ, 0x7F7FFFFFu, OF | NX)]
    [InlineData(0x7F7FFFFFu, 0x7F7FFFFFu, RDN, 0x7F7FFFFFu, OF | NX)]
    [InlineData(0x7F7FFFFFu, 0x7F7FFFFFu, RUP, 0x7F800000u, OF | NX)]
    [InlineData(0xFF7FFFFFu, 0xFF7FFFFFu, RDN, 0xFF800000u, OF | NX)]
    [InlineData(0xFF7FFFFFu, 0xFF7FFFFFu, RUP, 0xFF7FFFFFu, OF | NX)]
    // max + 2^103 (half an ulp of max) is a tie whose even neighbour is 2^128: overflow under RNE. Rounded towards
    // zero it is max, which is in range, so RTZ raises only NX.
    [InlineData(0x7F7FFFFFu, 0x73000000u, RNE, 0x7F800000u, OF | NX)]
    [InlineData(0x7F7FFFFFu, 0x73000000u, RTZ, 0x7F7FFFFFu, NX)]
    [InlineData(0x7F7FFFFFu, 0x73000000u, RDN, 0x7F7FFFFFu, NX)]
    [InlineData(0x7F7FFFFFu, 0x73000000u, RUP, 0x7F800000u, OF | NX)]
    // Signed zeros: an exact zero sum of opposite signs is +0, except -0 when rounding down.
    [InlineData(0x00000000u, 0x80000000u, RNE, 0x00000000u, None)]
    [InlineData(0x00000000u, 0x80000000u, RDN, 0x80000000u, None)]
    [InlineData(0x80000000u, 0x80000000u, RNE, 0x80000000u, None)]
    [InlineData(0x80000000u, 0x80000000u, RUP, 0x80000000u, None)]
    [InlineData(0x3F800000u, 0xBF800000u, RNE, 0x00000000u, None)]
    [InlineData(0x3F800000u, 0xBF800000u, RDN, 0x80000000u, None)]
    // x + -0 is x, even for a subnormal.
    [InlineData(0x00000001u, 0x80000000u, RDN, 0x00000001u, None)]
    // Subnormal sums are exact, so the tiny result raises no UF; this one reaches the smallest normal.
    [InlineData(0x00000001u, 0x007FFFFFu, RNE, 0x00800000u, None)]
    [InlineData(0x80000003u, 0x00000001u, RNE, 0x80000002u, None)]
    // inf - inf is invalid; inf + finite is inf; NaN results are canonical; only a signalling NaN raises NV.
    [InlineData(0x7F800000u, 0xFF800000u, RNE, 0x7FC00000u, NV)]
    [InlineData(0xFF800000u, 0x7F7FFFFFu, RNE, 0xFF800000u, None)]
    [InlineData(0x7FC00001u, 0x3F800000u, RNE, 0x7FC00000u, None)]
    [InlineData(0xFFFFFFFFu, 0x3F800000u, RNE, 0x7FC00000u, None)]
    [InlineData(0x3F800000u, 0x7F800001u, RNE, 0x7FC00000u, NV)]
    [InlineData(0x7FA00000u, 0x7FC00000u, RNE, 0x7FC00000u, NV)]
    public void Add(uint a, uint b, RoundingMode rm, uint expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.Add(a, b, rm, ref f));

    [Theory]
    // 1 - 2^-25 is halfway between 1 - 2^-24 (odd) and 1 (even), as the ulp halves below 1: RNE picks 1.
    [InlineData(0x3F800000u, 0x33000000u, RNE, 0x3F800000u, NX)]
    [InlineData(0x3F800000u, 0x33000000u, RTZ, 0x3F7FFFFFu, NX)]
    [InlineData(0x3F800000u, 0x33000000u, RDN, 0x3F7FFFFFu, NX)]
    [InlineData(0x3F800000u, 0x33000000u, RUP, 0x3F800000u, NX)]
    // x - x is +0, or -0 when rounding down; -0 - +0 is -0 in every mode.
    [InlineData(0x40490FDBu, 0x40490FDBu, RNE, 0x00000000u, None)]
    [InlineData(0x40490FDBu, 0x40490FDBu, RDN, 0x80000000u, None)]
    [InlineData(0x80000000u, 0x00000000u, RUP, 0x80000000u, None)]
    // inf - inf (same signs) is invalid.
    [InlineData(0x7F800000u, 0x7F800000u, RNE, 0x7FC00000u, NV)]
    public void Sub(uint a, uint b, RoundingMode rm, uint expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.Sub(a, b, rm, ref f));

    [Theory]
    // 0 × inf is invalid; a signed zero product takes the XOR of the signs.
    [InlineData(0x00000000u, 0x7F800000u, RNE, 0x7FC00000u, NV)]
    [InlineData(0xFF800000u, 0x80000000u, RNE, 0x7FC00000u, NV)]
    [InlineData(0x80000000u, 0x3F800000u, RNE, 0x80000000u, None)]
    [InlineData(0x80000000u, 0x80000000u, RNE, 0x00000000u, None)]
    // The smallest subnormal halved is a tie between 0 (even) and 2^-149: tiny and inexact, so UF as well.
    [InlineData(0x00000001u, 0x3F000000u, RNE, 0x00000000u, UF | NX)]
    [InlineData(0x00000001u, 0x3F000000u, RMM, 0x00000001u, UF | NX)]
    [InlineData(0x00000001u, 0x3F000000u, RUP, 0x00000001u, UF | NX)]
    [InlineData(0x80000001u, 0x3F000000u, RDN, 0x80000001u, UF | NX)]
    [InlineData(0x80000001u, 0x3F000000u, RUP, 0x80000000u, UF | NX)]
    // 2^-126 × (1 - 2^-24) = 2^-126 - 2^-150 has 24 significant bits, so rounding with an unbounded exponent
    // leaves it below 2^-126: tiny. On the subnormal grid (2^-149) it is a tie; ties-to-even rounds up to the
    // smallest normal, which is still reported as underflow because tininess is judged before the grid rounding.
    [InlineData(0x00800000u, 0x3F7FFFFFu, RNE, 0x00800000u, UF | NX)]
    [InlineData(0x00800000u, 0x3F7FFFFFu, RTZ, 0x007FFFFFu, UF | NX)]
    [InlineData(0x00800000u, 0x3F7FFFFFu, RUP, 0x00800000u, UF | NX)]
    // An exact subnormal product raises nothing: 2^-126 × 0.5 = 2^-127.
    [InlineData(0x00800000u, 0x3F000000u, RNE, 0x00400000u, None)]
    // Product overflow: 2^127 × 2 under each mode.
    [InlineData(0x7F000000u, 0x40000000u, RNE, 0x7F800000u, OF | NX)]
    [InlineData(0x7F000000u, 0x40000000u, RTZ, 0x7F7FFFFFu, OF | NX)]
    [InlineData(0x7F000000u, 0xC0000000u, RUP, 0xFF7FFFFFu, OF | NX)]
    [InlineData(0x7F000000u, 0xC0000000u, RDN, 0xFF800000u, OF | NX)]
    // (1 + 2^-23)^2 = 1 + 2^-22 + 2^-46: the 2^-46 is below half an ulp.
    [InlineData(0x3F800001u, 0x3F800001u, RNE, 0x3F800002u, NX)]
    [InlineData(0x3F800001u, 0x3F800001u, RUP, 0x3F800003u, NX)]
    [InlineData(0x3F800001u, 0x3F800001u, RDN, 0x3F800002u, NX)]
    public void Mul(uint a, uint b, RoundingMode rm, uint expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.Mul(a, b, rm, ref f));

    [Theory]
    // Division of a finite nonzero number by zero: DZ and a correctly signed infinity.
    [InlineData(0x3F800000u, 0x00000000u, RNE, 0x7F800000u, DZ)]
    [InlineData(0xBF800000u, 0x00000000u, RNE, 0xFF800000u, DZ)]
    [InlineData(0x3F800000u, 0x80000000u, RTZ, 0xFF800000u, DZ)]
    // 0/0 and inf/inf are invalid; inf/0 is an exact infinity (no DZ: the dividend is not finite); x/inf is 0.
    [InlineData(0x00000000u, 0x80000000u, RNE, 0x7FC00000u, NV)]
    [InlineData(0x7F800000u, 0xFF800000u, RNE, 0x7FC00000u, NV)]
    [InlineData(0x7F800000u, 0x00000000u, RNE, 0x7F800000u, None)]
    [InlineData(0xBF800000u, 0x7F800000u, RNE, 0x80000000u, None)]
    // 1/3 = 0x3EAAAAAA.AAA… in ulps: below the halfway point, so RNE and RDN truncate and RUP rounds up.
    [InlineData(0x3F800000u, 0x40400000u, RNE, 0x3EAAAAABu, NX)]
    [InlineData(0x3F800000u, 0x40400000u, RTZ, 0x3EAAAAAAu, NX)]
    [InlineData(0x3F800000u, 0x40400000u, RDN, 0x3EAAAAAAu, NX)]
    [InlineData(0x3F800000u, 0x40400000u, RUP, 0x3EAAAAABu, NX)]
    [InlineData(0xBF800000u, 0x40400000u, RDN, 0xBEAAAAABu, NX)]
    // The largest finite over the smallest subnormal overflows.
    [InlineData(0x7F7FFFFFu, 0x00000001u, RNE, 0x7F800000u, OF | NX)]
    [InlineData(0x7F7FFFFFu, 0x00000001u, RTZ, 0x7F7FFFFFu, OF | NX)]
    // Exact division into a subnormal: 2^-126 / 4 = 2^-128.
    [InlineData(0x00800000u, 0x40800000u, RNE, 0x00200000u, None)]
    public void Div(uint a, uint b, RoundingMode rm, uint expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.Div(a, b, rm, ref f));

    [Theory]
    // sqrt(-0) = -0; sqrt(+inf) = +inf; any other negative, including -inf, is invalid.
    [InlineData(0x80000000u, RNE, 0x80000000u, None)]
    [InlineData(0x7F800000u, RNE, 0x7F800000u, None)]
    [InlineData(0xBF800000u, RNE, 0x7FC00000u, NV)]
    [InlineData(0x80000001u, RNE, 0x7FC00000u, NV)]
    [InlineData(0xFF800000u, RNE, 0x7FC00000u, NV)]
    [InlineData(0x7F800001u, RNE, 0x7FC00000u, NV)]
    [InlineData(0xFFC00000u, RNE, 0x7FC00000u, None)]
    // sqrt(4) = 2 exactly; sqrt(2) = 1.41421356…, between 0x3FB504F3 (1.41421354) and 0x3FB504F4 (1.41421366).
    [InlineData(0x40800000u, RNE, 0x40000000u, None)]
    [InlineData(0x40000000u, RNE, 0x3FB504F3u, NX)]
    [InlineData(0x40000000u, RDN, 0x3FB504F3u, NX)]
    [InlineData(0x40000000u, RUP, 0x3FB504F4u, NX)]
    // sqrt(2^-148) = 2^-74 exactly, from a subnormal input.
    [InlineData(0x00000002u, RNE, 0x1A800000u, None)]
    public void Sqrt(uint a, RoundingMode rm, uint expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.Sqrt(a, rm, ref f));

    [Theory]
    // RISC-V: inf × 0 + qNaN raises NV (the product is invalid on its own) and returns the canonical NaN.
    [InlineData(0x7F800000u, 0x00000000u, 0x7FC00000u, false, false, RNE, 0x7FC00000u, NV)]
    [InlineData(0x00000000u, 0xFF800000u, 0x7FC00001u, true, true, RNE, 0x7FC00000u, NV)]
    // A quiet NaN addend with a valid product raises nothing.
    [InlineData(0x3F800000u, 0x3F800000u, 0xFFC00000u, false, false, RNE, 0x7FC00000u, None)]
    // inf × 2 + (-inf) is invalid; fmsub turns +inf into a -inf addend the same way.
    [InlineData(0x7F800000u, 0x40000000u, 0xFF800000u, false, false, RNE, 0x7FC00000u, NV)]
    [InlineData(0x7F800000u, 0x40000000u, 0x7F800000u, false, true, RNE, 0x7FC00000u, NV)]
    // fnmadd negates the product and the addend: -(inf × 2) - (-inf) = -inf + inf: invalid.
    [InlineData(0x7F800000u, 0x40000000u, 0xFF800000u, true, true, RNE, 0x7FC00000u, NV)]
    // fnmadd(inf, 2, +inf) = -inf - inf = -inf.
    [InlineData(0x7F800000u, 0x40000000u, 0x7F800000u, true, true, RNE, 0xFF800000u, None)]
    // 1 × 1 - 1 is an exact zero: +0, or -0 when rounding down.
    [InlineData(0x3F800000u, 0x3F800000u, 0xBF800000u, false, false, RNE, 0x00000000u, None)]
    [InlineData(0x3F800000u, 0x3F800000u, 0xBF800000u, false, false, RDN, 0x80000000u, None)]
    [InlineData(0x3F800000u, 0x3F800000u, 0x3F800000u, false, true, RDN, 0x80000000u, None)]
    // Zero product plus zero addend: fnmadd(0, 1, 0) = -0 - 0 = -0; fnmsub(0, 1, 0) = -0 + 0 = +0; fmsub = 0 - 0 = +0.
    [InlineData(0x00000000u, 0x3F800000u, 0x00000000u, true, true, RNE, 0x80000000u, None)]
    [InlineData(0x00000000u, 0x3F800000u, 0x00000000u, true, false, RNE, 0x00000000u, None)]
    [InlineData(0x00000000u, 0x3F800000u, 0x00000000u, false, true, RNE, 0x00000000u, None)]
    [InlineData(0x00000000u, 0x3F800000u, 0x00000000u, false, true, RDN, 0x80000000u, None)]
    // A zero product leaves the addend exact: 0 × 5 + subnormal.
    [InlineData(0x00000000u, 0x40A00000u, 0x00000001u, false, false, RNE, 0x00000001u, None)]
    // One rounding only: (1 + 2^-23)(1 - 2^-23) - 1 = -2^-46 exactly; a separately rounded product would be 1,
    // giving 0.
    [InlineData(0x3F800001u, 0x3F7FFFFEu, 0xBF800000u, false, false, RNE, 0xA8800000u, None)]
    // (1 + 2^-23)^2 + 2^-24: exact 1 + 2^-22 + 2^-24 + 2^-46 lies just above the tie at 1 + 2^-22 + 2^-24 (half an
    // ulp above 0x3F800002), so RNE rounds up to 0x3F800003, unlike the double rounding 1 + 2^-22 + 2^-24 → even.
    [InlineData(0x3F800001u, 0x3F800001u, 0x33800000u, false, false, RNE, 0x3F800003u, NX)]
    [InlineData(0x3F800001u, 0x3F800001u, 0x33800000u, false, false, RTZ, 0x3F800002u, NX)]
    // A product far below the addend only contributes a sticky bit: 1 + 2^-60 rounds to 1 (RNE) or up (RUP).
    [InlineData(0x3F800000u, 0x21800000u, 0x3F800000u, false, false, RNE, 0x3F800000u, NX)]
    [InlineData(0x3F800000u, 0x21800000u, 0x3F800000u, false, false, RUP, 0x3F800001u, NX)]
    // fmsub: 2^-60 - 1 = -(1 - 2^-60); rounding down moves away from zero, to -1.
    [InlineData(0x3F800000u, 0x21800000u, 0x3F800000u, false, true, RDN, 0xBF800000u, NX)]
    [InlineData(0x3F800000u, 0x21800000u, 0x3F800000u, false, true, RUP, 0xBF7FFFFFu, NX)]
    public void MulAdd(uint a, uint b, uint c, bool negateProduct, bool negateAddend, RoundingMode rm, uint expected,
        FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags,
            (ref FloatExceptionFlags f) => Float32.MulAdd(a, b, c, negateProduct, negateAddend, rm, ref f));

    [Theory]
    // -0 is below +0 for fmin/fmax regardless of the operand order.
    [InlineData(0x80000000u, 0x00000000u, 0x80000000u, 0x00000000u, None)]
    [InlineData(0x00000000u, 0x80000000u, 0x80000000u, 0x00000000u, None)]
    // One quiet NaN: the other operand, no flags. A signalling NaN: the other operand, with NV.
    [InlineData(0x7FC00000u, 0x3F800000u, 0x3F800000u, 0x3F800000u, None)]
    [InlineData(0xBF800000u, 0xFFC00123u, 0xBF800000u, 0xBF800000u, None)]
    [InlineData(0x7F800001u, 0x3F800000u, 0x3F800000u, 0x3F800000u, NV)]
    // Two NaNs: the canonical NaN; NV if either signals.
    [InlineData(0x7FC00001u, 0xFFC00000u, 0x7FC00000u, 0x7FC00000u, None)]
    [InlineData(0x7F800001u, 0x7FC00000u, 0x7FC00000u, 0x7FC00000u, NV)]
    // Ordinary ordering, including infinities and negative numbers.
    [InlineData(0xFF800000u, 0x7F800000u, 0xFF800000u, 0x7F800000u, None)]
    [InlineData(0xC0000000u, 0xBF800000u, 0xC0000000u, 0xBF800000u, None)]
    [InlineData(0x00000001u, 0x00800000u, 0x00000001u, 0x00800000u, None)]
    public void MinMax(uint a, uint b, uint expectedMin, uint expectedMax, FloatExceptionFlags expectedFlags)
    {
        AssertResult(expectedMin, expectedFlags, (ref FloatExceptionFlags f) => Float32.Min(a, b, ref f));
        AssertResult(expectedMax, expectedFlags, (ref FloatExceptionFlags f) => Float32.Max(a, b, ref f));
    }

    [Theory]
    // (a, b, feq, flt, fle, flags of feq, flags of flt/fle)
    [InlineData(0x80000000u, 0x00000000u, true, false, true, None, None)]
    [InlineData(0x3F800000u, 0x3F800001u, false, true, true, None, None)]
    [InlineData(0x3F800001u, 0x3F800000u, false, false, false, None, None)]
    [InlineData(0xBF800001u, 0xBF800000u, false, true, true, None, None)]
    [InlineData(0xFF800000u, 0xFF7FFFFFu, false, true, true, None, None)]
    [InlineData(0x7F800000u, 0x7F800000u, true, false, true, None, None)]
    // feq is quiet: a quiet NaN raises nothing, a signalling one NV. flt/fle signal on any NaN.
    [InlineData(0x7FC00000u, 0x3F800000u, false, false, false, None, NV)]
    [InlineData(0x7FC00000u, 0x7FC00000u, false, false, false, None, NV)]
    [InlineData(0x3F800000u, 0x7F800001u, false, false, false, NV, NV)]
    public void Compare(uint a, uint b, bool equal, bool less, bool lessOrEqual, FloatExceptionFlags equalFlags,
        FloatExceptionFlags orderedFlags)
    {
        var flags = FloatExceptionFlags.None;
        Assert.Equal(equal, Float32.Equal(a, b, ref flags));
        Assert.Equal(equalFlags, flags);
        flags = FloatExceptionFlags.None;
        Assert.Equal(less, Float32.LessThan(a, b, ref flags));
        Assert.Equal(orderedFlags, flags);
        flags = FloatExceptionFlags.None;
        Assert.Equal(lessOrEqual, Float32.LessOrEqual(a, b, ref flags));
        Assert.Equal(orderedFlags, flags);
    }

    [Theory]
    [InlineData(0xFF800000u, FloatClass.NegativeInfinity)]
    [InlineData(0xBF800000u, FloatClass.NegativeNormal)]
    [InlineData(0x80800000u, FloatClass.NegativeNormal)]
    [InlineData(0x807FFFFFu, FloatClass.NegativeSubnormal)]
    [InlineData(0x80000000u, FloatClass.NegativeZero)]
    [InlineData(0x00000000u, FloatClass.PositiveZero)]
    [InlineData(0x00000001u, FloatClass.PositiveSubnormal)]
    [InlineData(0x7F7FFFFFu, FloatClass.PositiveNormal)]
    [InlineData(0x7F800000u, FloatClass.PositiveInfinity)]
    [InlineData(0x7F800001u, FloatClass.SignalingNaN)]
    [InlineData(0xFFBFFFFFu, FloatClass.SignalingNaN)]
    [InlineData(0x7FC00000u, FloatClass.QuietNaN)]
    [InlineData(0xFFFFFFFFu, FloatClass.QuietNaN)]
    public void Classify(uint a, uint expected) => Assert.Equal(expected, Float32.Classify(a));

    [Theory]
    // Ties on the way to an integer: 0.5, 1.5, 2.5 and -2.5 in each mode.
    [InlineData(0x3F000000u, RNE, 0UL, NX)]
    [InlineData(0x3F000000u, RMM, 1UL, NX)]
    [InlineData(0x3FC00000u, RNE, 2UL, NX)]
    [InlineData(0x40200000u, RNE, 2UL, NX)]
    [InlineData(0x40200000u, RMM, 3UL, NX)]
    [InlineData(0x40200000u, RUP, 3UL, NX)]
    [InlineData(0xC0200000u, RNE, 0xFFFFFFFF_FFFFFFFEUL, NX)]
    [InlineData(0xC0200000u, RMM, 0xFFFFFFFF_FFFFFFFDUL, NX)]
    [InlineData(0xC0200000u, RDN, 0xFFFFFFFF_FFFFFFFDUL, NX)]
    [InlineData(0xC0200000u, RUP, 0xFFFFFFFF_FFFFFFFEUL, NX)]
    [InlineData(0xC0200000u, RTZ, 0xFFFFFFFF_FFFFFFFEUL, NX)]
    // -2^31 is exact; 2^31 is out of range and saturates with NV (not NX); the largest binary32 below 2^31 fits.
    [InlineData(0xCF000000u, RNE, 0xFFFFFFFF_80000000UL, None)]
    [InlineData(0x4F000000u, RTZ, 0x00000000_7FFFFFFFUL, NV)]
    [InlineData(0x4EFFFFFFu, RNE, 0x00000000_7FFFFF80UL, None)]
    [InlineData(0xCF000001u, RNE, 0xFFFFFFFF_80000000UL, NV)]
    // NaN of either sign saturates to the maximum; infinities to their own end.
    [InlineData(0x7FC00000u, RNE, 0x00000000_7FFFFFFFUL, NV)]
    [InlineData(0xFFC00000u, RNE, 0x00000000_7FFFFFFFUL, NV)]
    [InlineData(0x7F800000u, RNE, 0x00000000_7FFFFFFFUL, NV)]
    [InlineData(0xFF800000u, RNE, 0xFFFFFFFF_80000000UL, NV)]
    // Tiny values: a subnormal rounds to 0 (NX) or, rounding up, to 1; -0 converts to 0 without flags.
    [InlineData(0x00000001u, RNE, 0UL, NX)]
    [InlineData(0x00000001u, RUP, 1UL, NX)]
    [InlineData(0x80000001u, RDN, 0xFFFFFFFF_FFFFFFFFUL, NX)]
    [InlineData(0x80000000u, RNE, 0UL, None)]
    public void ToInt32(uint a, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.ToInt32(a, rm, ref f));

    [Theory]
    // The 32-bit result is sign-extended into the register, even for the unsigned conversion.
    [InlineData(0x4F000000u, RNE, 0xFFFFFFFF_80000000UL, None)]
    [InlineData(0x4F7FFFFFu, RNE, 0xFFFFFFFF_FFFFFF00UL, None)]
    [InlineData(0x4F800000u, RNE, 0xFFFFFFFF_FFFFFFFFUL, NV)]
    [InlineData(0x7FC00000u, RNE, 0xFFFFFFFF_FFFFFFFFUL, NV)]
    [InlineData(0x7F800000u, RNE, 0xFFFFFFFF_FFFFFFFFUL, NV)]
    [InlineData(0xFF800000u, RNE, 0UL, NV)]
    // Negative inputs: rounding to 0 is in range (NX only); rounding to -1 or below is invalid and gives 0.
    [InlineData(0xBF000000u, RNE, 0UL, NX)]
    [InlineData(0xBF000000u, RTZ, 0UL, NX)]
    [InlineData(0xBF000000u, RDN, 0UL, NV)]
    [InlineData(0xBF000000u, RMM, 0UL, NV)]
    [InlineData(0xBF800000u, RTZ, 0UL, NV)]
    [InlineData(0x80000000u, RNE, 0UL, None)]
    public void ToUInt32(uint a, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.ToUInt32(a, rm, ref f));

    [Theory]
    // -2^63 fits exactly; 2^63 saturates; the largest binary32 below 2^63 is 2^63 - 2^39.
    [InlineData(0xDF000000u, RNE, 0x80000000_00000000UL, None)]
    [InlineData(0x5F000000u, RNE, 0x7FFFFFFF_FFFFFFFFUL, NV)]
    [InlineData(0x5EFFFFFFu, RNE, 0x7FFFFF80_00000000UL, None)]
    [InlineData(0xFFC00000u, RNE, 0x7FFFFFFF_FFFFFFFFUL, NV)]
    [InlineData(0xFF800000u, RNE, 0x80000000_00000000UL, NV)]
    [InlineData(0xBFC00000u, RNE, 0xFFFFFFFF_FFFFFFFEUL, NX)]
    public void ToInt64(uint a, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.ToInt64(a, rm, ref f));

    [Theory]
    // 2^64 saturates to all ones; the largest binary32 below 2^64 is 2^64 - 2^40.
    [InlineData(0x5F800000u, RNE, 0xFFFFFFFF_FFFFFFFFUL, NV)]
    [InlineData(0x5F7FFFFFu, RNE, 0xFFFFFF00_00000000UL, None)]
    [InlineData(0x7FC00000u, RNE, 0xFFFFFFFF_FFFFFFFFUL, NV)]
    [InlineData(0xBF800000u, RNE, 0UL, NV)]
    [InlineData(0xBE800000u, RNE, 0UL, NX)]
    [InlineData(0x3F400000u, RTZ, 0UL, NX)]
    [InlineData(0x3F400000u, RNE, 1UL, NX)]
    public void ToUInt64(uint a, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.ToUInt64(a, rm, ref f));

    [Theory]
    // 2^24 + 1 needs 25 bits: a tie between 2^24 (even) and 2^24 + 2.
    [InlineData(16777217, RNE, 0x4B800000u, NX)]
    [InlineData(16777217, RUP, 0x4B800001u, NX)]
    [InlineData(16777217, RMM, 0x4B800001u, NX)]
    [InlineData(-16777217, RDN, 0xCB800001u, NX)]
    [InlineData(-16777217, RUP, 0xCB800000u, NX)]
    // int.MinValue is -2^31 exactly; 0 converts to +0.
    [InlineData(int.MinValue, RNE, 0xCF000000u, None)]
    [InlineData(int.MaxValue, RNE, 0x4F000000u, NX)]
    [InlineData(int.MaxValue, RTZ, 0x4EFFFFFFu, NX)]
    [InlineData(0, RDN, 0x00000000u, None)]
    public void FromInt32(int value, RoundingMode rm, uint expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.FromInt32(value, rm, ref f));

    [Theory]
    [InlineData(uint.MaxValue, RNE, 0x4F800000u, NX)]
    [InlineData(uint.MaxValue, RTZ, 0x4F7FFFFFu, NX)]
    [InlineData(0x80000000u, RNE, 0x4F000000u, None)]
    public void FromUInt32(uint value, RoundingMode rm, uint expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.FromUInt32(value, rm, ref f));

    [Theory]
    [InlineData(long.MinValue, RNE, 0xDF000000u, None)]
    [InlineData(long.MaxValue, RNE, 0x5F000000u, NX)]
    [InlineData(long.MaxValue, RTZ, 0x5EFFFFFFu, NX)]
    [InlineData(-1L, RNE, 0xBF800000u, None)]
    public void FromInt64(long value, RoundingMode rm, uint expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.FromInt64(value, rm, ref f));

    [Theory]
    // 2^64 - 1 rounds to 2^64 in the nearest modes and up, else to the largest binary32 below it.
    [InlineData(ulong.MaxValue, RNE, 0x5F800000u, NX)]
    [InlineData(ulong.MaxValue, RDN, 0x5F7FFFFFu, NX)]
    // 2^63 + 2^39: a tie between 2^63 (even) and 2^63 + 2^40.
    [InlineData(0x80000080_00000000UL, RNE, 0x5F000000u, NX)]
    [InlineData(0x80000080_00000000UL, RMM, 0x5F000001u, NX)]
    [InlineData(0x80000080_00000001UL, RNE, 0x5F000001u, NX)]
    public void FromUInt64(ulong value, RoundingMode rm, uint expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.FromUInt64(value, rm, ref f));

    [Theory]
    // NaNs become the canonical binary32 NaN; NV only for a signalling one.
    [InlineData(0x7FF0000000000001UL, RNE, 0x7FC00000u, NV)]
    [InlineData(0xFFF8000000000001UL, RNE, 0x7FC00000u, None)]
    [InlineData(0xFFF0000000000000UL, RNE, 0xFF800000u, None)]
    [InlineData(0x8000000000000000UL, RNE, 0x80000000u, None)]
    // The largest binary64 overflows binary32 (RTZ stops at the largest finite, still with OF).
    [InlineData(0x7FEFFFFFFFFFFFFFUL, RNE, 0x7F800000u, OF | NX)]
    [InlineData(0x7FEFFFFFFFFFFFFFUL, RTZ, 0x7F7FFFFFu, OF | NX)]
    [InlineData(0xFFEFFFFFFFFFFFFFUL, RUP, 0xFF7FFFFFu, OF | NX)]
    // Halfway between the largest binary32 and 2^128: the even neighbour is 2^128, so RNE overflows; RTZ is in range.
    [InlineData(0x47EFFFFFF0000000UL, RNE, 0x7F800000u, OF | NX)]
    [InlineData(0x47EFFFFFF0000000UL, RTZ, 0x7F7FFFFFu, NX)]
    // 2^-150 is half the smallest subnormal: a tie between +0 (even) and 2^-149, tiny and inexact.
    [InlineData(0x3690000000000000UL, RNE, 0x00000000u, UF | NX)]
    [InlineData(0x3690000000000000UL, RUP, 0x00000001u, UF | NX)]
    [InlineData(0xB690000000000000UL, RMM, 0x80000001u, UF | NX)]
    // 2^-126 × (1 - 2^-25): rounded to 24 bits with an unbounded exponent, ties-to-even carries it to 2^-126, so
    // it is not tiny after rounding: NX without UF. Rounding towards zero keeps it below 2^-126: tiny, UF.
    [InlineData(0x380FFFFFF0000000UL, RNE, 0x00800000u, NX)]
    [InlineData(0x380FFFFFF0000000UL, RMM, 0x00800000u, NX)]
    [InlineData(0x380FFFFFF0000000UL, RUP, 0x00800000u, NX)]
    [InlineData(0x380FFFFFF0000000UL, RTZ, 0x007FFFFFu, UF | NX)]
    [InlineData(0x380FFFFFF0000000UL, RDN, 0x007FFFFFu, UF | NX)]
    // 2^-126 - 2^-150 has exactly 24 bits, so it stays tiny; RNE still rounds it up to 2^-126 (a tie on the
    // subnormal grid): a normal result with UF.
    [InlineData(0x380FFFFFE0000000UL, RNE, 0x00800000u, UF | NX)]
    // An exactly representable subnormal converts without flags.
    [InlineData(0x36A0000000000000UL, RNE, 0x00000001u, None)]
    public void FromFloat64(ulong a, RoundingMode rm, uint expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float32.FromFloat64(a, rm, ref f));

    private delegate T Operation<out T>(ref FloatExceptionFlags flags);

    private static void AssertResult<T>(T expected, FloatExceptionFlags expectedFlags, Operation<T> operation)
    {
        var flags = FloatExceptionFlags.None;
        var actual = operation(ref flags);
        Assert.Equal((expected, expectedFlags), (actual, flags));
    }
}
