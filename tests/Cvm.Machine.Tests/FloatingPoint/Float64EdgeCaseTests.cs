using Cvm.Machine.FloatingPoint;
using static Cvm.Machine.Tests.FloatingPoint.RiscvFloatNames;

namespace Cvm.Machine.Tests.FloatingPoint;

/// <summary>
/// Hand-picked binary64 cases with the exact bits and flags derived from IEEE 754-2008 and the RISC-V D chapter.
/// Encodings: 1 = 0x3FF0000000000000, one ulp of 1 = 2^-52, the smallest normal 2^-1022 = 0x0010000000000000, the
/// largest finite 0x7FEFFFFFFFFFFFFF = (2 - 2^-52) × 2^1023, whose ulp is 2^971.
/// </summary>
public sealed class Float64EdgeCaseTests
{
    [Theory]
    // 1 + 2^-53 is halfway between 1 (even) and 1 + 2^-52.
    [InlineData(0x3FF0000000000000UL, 0x3CA0000000000000UL, RNE, 0x3FF0000000000000UL, NX)]
    [InlineData(0x3FF0000000000000UL, 0x3CA0000000000000UL, RMM, 0x3FF0000000000001UL, NX)]
    [InlineData(0x3FF0000000000000UL, 0x3CA0000000000000UL, RUP, 0x3FF0000000000001UL, NX)]
    [InlineData(0x3FF0000000000000UL, 0x3CA0000000000000UL, RTZ, 0x3FF0000000000000UL, NX)]
    // max + 2^970 (half an ulp of max) ties towards the even neighbour 2^1024: overflow, except towards zero.
    [InlineData(0x7FEFFFFFFFFFFFFFUL, 0x7C90000000000000UL, RNE, 0x7FF0000000000000UL, OF | NX)]
    [InlineData(0x7FEFFFFFFFFFFFFFUL, 0x7C90000000000000UL, RTZ, 0x7FEFFFFFFFFFFFFFUL, NX)]
    [InlineData(0xFFEFFFFFFFFFFFFFUL, 0xFC90000000000000UL, RUP, 0xFFEFFFFFFFFFFFFFUL, NX)]
    [InlineData(0xFFEFFFFFFFFFFFFFUL, 0xFC90000000000000UL, RDN, 0xFFF0000000000000UL, OF | NX)]
    [InlineData(0x7FEFFFFFFFFFFFFFUL, 0x7FEFFFFFFFFFFFFFUL, RDN, 0x7FEFFFFFFFFFFFFFUL, OF | NX)]
    // Subnormal arithmetic is exact: 2^-1022 - (2^-1022 - 2^-1074) = 2^-1074.
    [InlineData(0x0010000000000000UL, 0x800FFFFFFFFFFFFFUL, RNE, 0x0000000000000001UL, None)]
    // Exact cancellation: +0, or -0 when rounding down.
    [InlineData(0x400921FB54442D18UL, 0xC00921FB54442D18UL, RNE, 0x0000000000000000UL, None)]
    [InlineData(0x400921FB54442D18UL, 0xC00921FB54442D18UL, RDN, 0x8000000000000000UL, None)]
    // A far smaller addend only acts as a sticky bit: 1 + 2^-1074 is 1 except when rounding up.
    [InlineData(0x3FF0000000000000UL, 0x0000000000000001UL, RNE, 0x3FF0000000000000UL, NX)]
    [InlineData(0x3FF0000000000000UL, 0x0000000000000001UL, RUP, 0x3FF0000000000001UL, NX)]
    [InlineData(0xBFF0000000000000UL, 0x0000000000000001UL, RDN, 0xBFF0000000000000UL, NX)]
    [InlineData(0xBFF0000000000000UL, 0x0000000000000001UL, RTZ, 0xBFEFFFFFFFFFFFFFUL, NX)]
    [InlineData(0x7FF0000000000000UL, 0xFFF0000000000000UL, RNE, 0x7FF8000000000000UL, NV)]
    [InlineData(0x7FF0000000000001UL, 0x3FF0000000000000UL, RNE, 0x7FF8000000000000UL, NV)]
    [InlineData(0xFFF8000000000123UL, 0x3FF0000000000000UL, RNE, 0x7FF8000000000000UL, None)]
    public void Add(ulong a, ulong b, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float64.Add(a, b, rm, ref f));

    [Theory]
    [InlineData(0x3FF0000000000000UL, 0x3FF0000000000000UL, RDN, 0x8000000000000000UL, None)]
    [InlineData(0x8000000000000000UL, 0x0000000000000000UL, RNE, 0x8000000000000000UL, None)]
    [InlineData(0x7FF0000000000000UL, 0x7FF0000000000000UL, RNE, 0x7FF8000000000000UL, NV)]
    public void Sub(ulong a, ulong b, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float64.Sub(a, b, rm, ref f));

    [Theory]
    // The smallest subnormal halved: a tie between 0 (even) and 2^-1074, tiny and inexact.
    [InlineData(0x0000000000000001UL, 0x3FE0000000000000UL, RNE, 0x0000000000000000UL, UF | NX)]
    [InlineData(0x0000000000000001UL, 0x3FE0000000000000UL, RUP, 0x0000000000000001UL, UF | NX)]
    [InlineData(0x8000000000000001UL, 0x3FE0000000000000UL, RMM, 0x8000000000000001UL, UF | NX)]
    // 2^-1022 × (1 - 2^-53) = 2^-1022 - 2^-1075 has 53 bits, so it is tiny; on the subnormal grid it is a tie
    // that ties-to-even rounds up to the smallest normal, still raising UF.
    [InlineData(0x0010000000000000UL, 0x3FEFFFFFFFFFFFFFUL, RNE, 0x0010000000000000UL, UF | NX)]
    [InlineData(0x0010000000000000UL, 0x3FEFFFFFFFFFFFFFUL, RTZ, 0x000FFFFFFFFFFFFFUL, UF | NX)]
    // 2^1023 × 2 overflows.
    [InlineData(0x7FE0000000000000UL, 0x4000000000000000UL, RNE, 0x7FF0000000000000UL, OF | NX)]
    [InlineData(0x7FE0000000000000UL, 0xC000000000000000UL, RTZ, 0xFFEFFFFFFFFFFFFFUL, OF | NX)]
    [InlineData(0x7FE0000000000000UL, 0xC000000000000000UL, RUP, 0xFFEFFFFFFFFFFFFFUL, OF | NX)]
    // 0 × inf is invalid.
    [InlineData(0x8000000000000000UL, 0x7FF0000000000000UL, RNE, 0x7FF8000000000000UL, NV)]
    // (1 + 2^-52)^2 = 1 + 2^-51 + 2^-104.
    [InlineData(0x3FF0000000000001UL, 0x3FF0000000000001UL, RNE, 0x3FF0000000000002UL, NX)]
    [InlineData(0x3FF0000000000001UL, 0x3FF0000000000001UL, RUP, 0x3FF0000000000003UL, NX)]
    // The product of two subnormals underflows completely.
    [InlineData(0x000FFFFFFFFFFFFFUL, 0x000FFFFFFFFFFFFFUL, RNE, 0x0000000000000000UL, UF | NX)]
    [InlineData(0x000FFFFFFFFFFFFFUL, 0x800FFFFFFFFFFFFFUL, RDN, 0x8000000000000001UL, UF | NX)]
    public void Mul(ulong a, ulong b, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float64.Mul(a, b, rm, ref f));

    [Theory]
    // 1/3 = 0x3FD5555555555555.555… in ulps, below the halfway point.
    [InlineData(0x3FF0000000000000UL, 0x4008000000000000UL, RNE, 0x3FD5555555555555UL, NX)]
    [InlineData(0x3FF0000000000000UL, 0x4008000000000000UL, RUP, 0x3FD5555555555556UL, NX)]
    [InlineData(0x3FF0000000000000UL, 0x4008000000000000UL, RTZ, 0x3FD5555555555555UL, NX)]
    [InlineData(0x3FF0000000000000UL, 0x0000000000000000UL, RNE, 0x7FF0000000000000UL, DZ)]
    [InlineData(0x8000000000000001UL, 0x0000000000000000UL, RNE, 0xFFF0000000000000UL, DZ)]
    [InlineData(0x0000000000000000UL, 0x0000000000000000UL, RNE, 0x7FF8000000000000UL, NV)]
    [InlineData(0xFFF0000000000000UL, 0x7FF0000000000000UL, RNE, 0x7FF8000000000000UL, NV)]
    [InlineData(0xFFF0000000000000UL, 0x0000000000000000UL, RNE, 0xFFF0000000000000UL, None)]
    // The largest finite over 2^-1 overflows; a subnormal over 2 halves exactly or rounds.
    [InlineData(0x7FEFFFFFFFFFFFFFUL, 0x3FE0000000000000UL, RNE, 0x7FF0000000000000UL, OF | NX)]
    [InlineData(0x0000000000000002UL, 0x4000000000000000UL, RNE, 0x0000000000000001UL, None)]
    [InlineData(0x0000000000000003UL, 0x4000000000000000UL, RNE, 0x0000000000000002UL, UF | NX)]
    [InlineData(0x0000000000000003UL, 0x4000000000000000UL, RTZ, 0x0000000000000001UL, UF | NX)]
    public void Div(ulong a, ulong b, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float64.Div(a, b, rm, ref f));

    [Theory]
    // sqrt(2) = 1.41421356237309504880…: 0x3FF6A09E667F3BCD (1.41421356237309514547) is the nearest, above it.
    [InlineData(0x4000000000000000UL, RNE, 0x3FF6A09E667F3BCDUL, NX)]
    [InlineData(0x4000000000000000UL, RUP, 0x3FF6A09E667F3BCDUL, NX)]
    [InlineData(0x4000000000000000UL, RDN, 0x3FF6A09E667F3BCCUL, NX)]
    [InlineData(0x4000000000000000UL, RTZ, 0x3FF6A09E667F3BCCUL, NX)]
    // sqrt(2^-1074) = 2^-537 exactly; sqrt(-0) = -0; negatives are invalid.
    [InlineData(0x0000000000000001UL, RNE, 0x1E60000000000000UL, None)]
    [InlineData(0x8000000000000000UL, RNE, 0x8000000000000000UL, None)]
    [InlineData(0x8000000000000001UL, RNE, 0x7FF8000000000000UL, NV)]
    [InlineData(0xFFF0000000000000UL, RNE, 0x7FF8000000000000UL, NV)]
    [InlineData(0x7FF0000000000000UL, RNE, 0x7FF0000000000000UL, None)]
    // sqrt of the largest finite: about 1.34e154, inexact.
    [InlineData(0x7FEFFFFFFFFFFFFFUL, RTZ, 0x5FEFFFFFFFFFFFFFUL, NX)]
    public void Sqrt(ulong a, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float64.Sqrt(a, rm, ref f));

    [Theory]
    [InlineData(0x7FF0000000000000UL, 0x0000000000000000UL, 0x7FF8000000000000UL, false, false, RNE, 0x7FF8000000000000UL, NV)]
    // (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly, which separate rounding would lose.
    [InlineData(0x3FF0000000000001UL, 0x3FEFFFFFFFFFFFFEUL, 0xBFF0000000000000UL, false, false, RNE, 0xB970000000000000UL, None)]
    // fnmsub: -(that product) + 1 = +2^-104.
    [InlineData(0x3FF0000000000001UL, 0x3FEFFFFFFFFFFFFEUL, 0x3FF0000000000000UL, true, false, RNE, 0x3970000000000000UL, None)]
    // 2^-600 × 2^-600 + (-0) = 2^-1200: far below the smallest subnormal, so +0 (or 2^-1074 rounding up), UF.
    [InlineData(0x1A70000000000000UL, 0x1A70000000000000UL, 0x8000000000000000UL, false, false, RNE, 0x0000000000000000UL, UF | NX)]
    [InlineData(0x1A70000000000000UL, 0x1A70000000000000UL, 0x8000000000000000UL, false, false, RUP, 0x0000000000000001UL, UF | NX)]
    // A tiny product next to a subnormal addend: 2^-1074 + 2^-1200 rounds to 2^-1074 (or up to 2^-1073).
    [InlineData(0x1A70000000000000UL, 0x1A70000000000000UL, 0x0000000000000001UL, false, false, RNE, 0x0000000000000001UL, UF | NX)]
    [InlineData(0x1A70000000000000UL, 0x1A70000000000000UL, 0x0000000000000001UL, false, false, RUP, 0x0000000000000002UL, UF | NX)]
    // Overflowing product with a finite addend: inf or max by mode; fnmadd negates it.
    [InlineData(0x7FE0000000000000UL, 0x7FE0000000000000UL, 0x3FF0000000000000UL, false, false, RNE, 0x7FF0000000000000UL, OF | NX)]
    [InlineData(0x7FE0000000000000UL, 0x7FE0000000000000UL, 0x3FF0000000000000UL, true, true, RUP, 0xFFEFFFFFFFFFFFFFUL, OF | NX)]
    public void MulAdd(ulong a, ulong b, ulong c, bool negateProduct, bool negateAddend, RoundingMode rm,
        ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags,
            (ref FloatExceptionFlags f) => Float64.MulAdd(a, b, c, negateProduct, negateAddend, rm, ref f));

    [Theory]
    [InlineData(0x8000000000000000UL, 0x0000000000000000UL, 0x8000000000000000UL, 0x0000000000000000UL, None)]
    [InlineData(0x7FF8000000000000UL, 0xBFF0000000000000UL, 0xBFF0000000000000UL, 0xBFF0000000000000UL, None)]
    [InlineData(0x3FF0000000000000UL, 0x7FF4000000000000UL, 0x3FF0000000000000UL, 0x3FF0000000000000UL, NV)]
    [InlineData(0x7FF4000000000000UL, 0xFFF8000000000000UL, 0x7FF8000000000000UL, 0x7FF8000000000000UL, NV)]
    [InlineData(0x000FFFFFFFFFFFFFUL, 0x0010000000000000UL, 0x000FFFFFFFFFFFFFUL, 0x0010000000000000UL, None)]
    public void MinMax(ulong a, ulong b, ulong expectedMin, ulong expectedMax, FloatExceptionFlags expectedFlags)
    {
        AssertResult(expectedMin, expectedFlags, (ref FloatExceptionFlags f) => Float64.Min(a, b, ref f));
        AssertResult(expectedMax, expectedFlags, (ref FloatExceptionFlags f) => Float64.Max(a, b, ref f));
    }

    [Theory]
    [InlineData(0x8000000000000000UL, 0x0000000000000000UL, true, false, true, None, None)]
    [InlineData(0xBFF0000000000000UL, 0xBFEFFFFFFFFFFFFFUL, false, true, true, None, None)]
    [InlineData(0x7FF8000000000000UL, 0x7FF8000000000000UL, false, false, false, None, NV)]
    [InlineData(0x7FF0000000000001UL, 0x7FF0000000000001UL, false, false, false, NV, NV)]
    public void Compare(ulong a, ulong b, bool equal, bool less, bool lessOrEqual, FloatExceptionFlags equalFlags,
        FloatExceptionFlags orderedFlags)
    {
        var flags = FloatExceptionFlags.None;
        Assert.Equal(equal, Float64.Equal(a, b, ref flags));
        Assert.Equal(equalFlags, flags);
        flags = FloatExceptionFlags.None;
        Assert.Equal(less, Float64.LessThan(a, b, ref flags));
        Assert.Equal(orderedFlags, flags);
        flags = FloatExceptionFlags.None;
        Assert.Equal(lessOrEqual, Float64.LessOrEqual(a, b, ref flags));
        Assert.Equal(orderedFlags, flags);
    }

    [Theory]
    [InlineData(0xFFF0000000000000UL, FloatClass.NegativeInfinity)]
    [InlineData(0x8010000000000000UL, FloatClass.NegativeNormal)]
    [InlineData(0x800FFFFFFFFFFFFFUL, FloatClass.NegativeSubnormal)]
    [InlineData(0x8000000000000000UL, FloatClass.NegativeZero)]
    [InlineData(0x0000000000000000UL, FloatClass.PositiveZero)]
    [InlineData(0x0000000000000001UL, FloatClass.PositiveSubnormal)]
    [InlineData(0x3FF0000000000000UL, FloatClass.PositiveNormal)]
    [InlineData(0x7FF0000000000000UL, FloatClass.PositiveInfinity)]
    [InlineData(0x7FF7FFFFFFFFFFFFUL, FloatClass.SignalingNaN)]
    [InlineData(0xFFF8000000000000UL, FloatClass.QuietNaN)]
    public void Classify(ulong a, uint expected) => Assert.Equal(expected, Float64.Classify(a));

    [Theory]
    // 2^31 - 0.5 is a tie between 2^31 - 1 (odd) and 2^31 (even, out of range): RNE and RMM are invalid and
    // saturate, the other modes land in range with NX.
    [InlineData(0x41DFFFFFFFE00000UL, RNE, 0x000000007FFFFFFFUL, NV)]
    [InlineData(0x41DFFFFFFFE00000UL, RMM, 0x000000007FFFFFFFUL, NV)]
    [InlineData(0x41DFFFFFFFE00000UL, RUP, 0x000000007FFFFFFFUL, NV)]
    [InlineData(0x41DFFFFFFFE00000UL, RTZ, 0x000000007FFFFFFFUL, NX)]
    [InlineData(0x41DFFFFFFFE00000UL, RDN, 0x000000007FFFFFFFUL, NX)]
    // 2^31 - 0.25 is nearest to 2^31 (invalid); 2^31 - 0.75 is nearest to 2^31 - 1.
    [InlineData(0x41DFFFFFFFF00000UL, RNE, 0x000000007FFFFFFFUL, NV)]
    [InlineData(0x41DFFFFFFFD00000UL, RNE, 0x000000007FFFFFFFUL, NX)]
    // -(2^31 + 0.5) is a tie between -2^31 (even, in range) and -2^31 - 1.
    [InlineData(0xC1E0000000100000UL, RNE, 0xFFFFFFFF80000000UL, NX)]
    [InlineData(0xC1E0000000100000UL, RUP, 0xFFFFFFFF80000000UL, NX)]
    [InlineData(0xC1E0000000100000UL, RDN, 0xFFFFFFFF80000000UL, NV)]
    [InlineData(0xC1E0000000100000UL, RMM, 0xFFFFFFFF80000000UL, NV)]
    [InlineData(0x7FF8000000000000UL, RNE, 0x000000007FFFFFFFUL, NV)]
    [InlineData(0xFFF0000000000000UL, RNE, 0xFFFFFFFF80000000UL, NV)]
    [InlineData(0x0000000000000001UL, RUP, 0x0000000000000001UL, NX)]
    public void ToInt32(ulong a, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float64.ToInt32(a, rm, ref f));

    [Theory]
    // 2^32 - 0.5: RNE rounds to 2^32 (invalid, saturating to 2^32 - 1); RTZ gives 2^32 - 1 with NX: the same
    // register value (sign-extended all ones) with different flags.
    [InlineData(0x41EFFFFFFFF00000UL, RNE, 0xFFFFFFFFFFFFFFFFUL, NV)]
    [InlineData(0x41EFFFFFFFF00000UL, RTZ, 0xFFFFFFFFFFFFFFFFUL, NX)]
    [InlineData(0x41E0000000000000UL, RNE, 0xFFFFFFFF80000000UL, None)]
    [InlineData(0x41DFFFFFFFC00000UL, RNE, 0x000000007FFFFFFFUL, None)]
    [InlineData(0xBFE0000000000000UL, RNE, 0x0000000000000000UL, NX)]
    [InlineData(0xBFE0000000000001UL, RNE, 0x0000000000000000UL, NV)]
    [InlineData(0xFFF8000000000000UL, RNE, 0xFFFFFFFFFFFFFFFFUL, NV)]
    public void ToUInt32(ulong a, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float64.ToUInt32(a, rm, ref f));

    [Theory]
    // -2^63 is exact; the next binary64 below it (-2^63 - 2^11) and 2^63 are out of range.
    [InlineData(0xC3E0000000000000UL, RNE, 0x8000000000000000UL, None)]
    [InlineData(0xC3E0000000000001UL, RNE, 0x8000000000000000UL, NV)]
    [InlineData(0x43E0000000000000UL, RTZ, 0x7FFFFFFFFFFFFFFFUL, NV)]
    [InlineData(0x43DFFFFFFFFFFFFFUL, RNE, 0x7FFFFFFFFFFFFC00UL, None)]
    [InlineData(0x7FF0000000000001UL, RNE, 0x7FFFFFFFFFFFFFFFUL, NV)]
    [InlineData(0x3FE0000000000001UL, RNE, 0x0000000000000001UL, NX)]
    [InlineData(0xC004000000000000UL, RNE, 0xFFFFFFFFFFFFFFFEUL, NX)]
    // The largest double below 0.5 is not a tie: every nearest mode gives 0.
    [InlineData(0x3FDFFFFFFFFFFFFFUL, RMM, 0x0000000000000000UL, NX)]
    [InlineData(0x3FDFFFFFFFFFFFFFUL, RNE, 0x0000000000000000UL, NX)]
    [InlineData(0x3FDFFFFFFFFFFFFFUL, RUP, 0x0000000000000001UL, NX)]
    // -0.5 ties to -0 (even) or to -1 (away from zero).
    [InlineData(0xBFE0000000000000UL, RNE, 0x0000000000000000UL, NX)]
    [InlineData(0xBFE0000000000000UL, RMM, 0xFFFFFFFFFFFFFFFFUL, NX)]
    // 2^52 - 0.5, the last binade with a fraction: a tie between 2^52 - 1 (odd) and 2^52 (even).
    [InlineData(0x432FFFFFFFFFFFFFUL, RNE, 0x0010000000000000UL, NX)]
    [InlineData(0x432FFFFFFFFFFFFFUL, RMM, 0x0010000000000000UL, NX)]
    [InlineData(0x432FFFFFFFFFFFFFUL, RTZ, 0x000FFFFFFFFFFFFFUL, NX)]
    [InlineData(0xC32FFFFFFFFFFFFFUL, RUP, 0xFFF0000000000001UL, NX)]
    public void ToInt64(ulong a, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float64.ToInt64(a, rm, ref f));

    [Theory]
    // 2^64 saturates; the largest binary64 below 2^64 is 2^64 - 2^11.
    [InlineData(0x43F0000000000000UL, RNE, 0xFFFFFFFFFFFFFFFFUL, NV)]
    [InlineData(0x43EFFFFFFFFFFFFFUL, RNE, 0xFFFFFFFFFFFFF800UL, None)]
    [InlineData(0x43E0000000000000UL, RNE, 0x8000000000000000UL, None)]
    [InlineData(0xBFF0000000000000UL, RNE, 0x0000000000000000UL, NV)]
    [InlineData(0x7FF8000000000000UL, RNE, 0xFFFFFFFFFFFFFFFFUL, NV)]
    [InlineData(0x7FF0000000000000UL, RNE, 0xFFFFFFFFFFFFFFFFUL, NV)]
    [InlineData(0xFFF0000000000000UL, RNE, 0x0000000000000000UL, NV)]
    public void ToUInt64(ulong a, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float64.ToUInt64(a, rm, ref f));

    [Theory]
    // Every 32-bit integer is exact in binary64.
    [InlineData(int.MinValue, 0xC1E0000000000000UL)]
    [InlineData(int.MaxValue, 0x41DFFFFFFFC00000UL)]
    [InlineData(-1, 0xBFF0000000000000UL)]
    [InlineData(0, 0x0000000000000000UL)]
    public void FromInt32(int value, ulong expected) =>
        AssertResult(expected, None, (ref FloatExceptionFlags f) => Float64.FromInt32(value, RDN, ref f));

    [Fact]
    public void FromUInt32() =>
        AssertResult(0x41EFFFFFFFE00000UL, None, (ref FloatExceptionFlags f) => Float64.FromUInt32(uint.MaxValue, RTZ, ref f));

    [Theory]
    // 2^53 + 1 is a tie between 2^53 (even) and 2^53 + 2.
    [InlineData(9007199254740993L, RNE, 0x4340000000000000UL, NX)]
    [InlineData(9007199254740993L, RUP, 0x4340000000000001UL, NX)]
    [InlineData(-9007199254740993L, RMM, 0xC340000000000001UL, NX)]
    [InlineData(long.MinValue, RNE, 0xC3E0000000000000UL, None)]
    [InlineData(long.MaxValue, RTZ, 0x43DFFFFFFFFFFFFFUL, NX)]
    [InlineData(long.MaxValue, RNE, 0x43E0000000000000UL, NX)]
    public void FromInt64(long value, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float64.FromInt64(value, rm, ref f));

    [Theory]
    [InlineData(ulong.MaxValue, RNE, 0x43F0000000000000UL, NX)]
    [InlineData(ulong.MaxValue, RTZ, 0x43EFFFFFFFFFFFFFUL, NX)]
    [InlineData(0x8000000000000400UL, RNE, 0x43E0000000000000UL, NX)]
    [InlineData(0x8000000000000C00UL, RNE, 0x43E0000000000002UL, NX)]
    public void FromUInt64(ulong value, RoundingMode rm, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float64.FromUInt64(value, rm, ref f));

    [Theory]
    [InlineData(0x7F800001u, 0x7FF8000000000000UL, NV)]
    [InlineData(0xFFC00001u, 0x7FF8000000000000UL, None)]
    [InlineData(0x00000001u, 0x36A0000000000000UL, None)]
    [InlineData(0x807FFFFFu, 0xB80FFFFFC0000000UL, None)]
    [InlineData(0xFF800000u, 0xFFF0000000000000UL, None)]
    [InlineData(0x3FC00000u, 0x3FF8000000000000UL, None)]
    [InlineData(0x80000000u, 0x8000000000000000UL, None)]
    public void FromFloat32(uint a, ulong expected, FloatExceptionFlags expectedFlags) =>
        AssertResult(expected, expectedFlags, (ref FloatExceptionFlags f) => Float64.FromFloat32(a, ref f));

    /// <summary>
    /// Only modes 0-4 exist; the hart must resolve the dynamic mode and reject 5 and 6. A bad mode is a caller bug
    /// reported with an exception, on the host fast path (1/3 in binary64) and on the soft path (a subnormal
    /// quotient, a binary32 conversion) alike.
    /// </summary>
    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void InvalidRoundingModeIsRejected(byte mode)
    {
        var flags = FloatExceptionFlags.None;
        Assert.Throws<ArgumentOutOfRangeException>(() => Float64.Div(0x3FF0000000000000, 0x4008000000000000, (RoundingMode)mode, ref flags));
        Assert.Throws<ArgumentOutOfRangeException>(() => Float64.Div(0x0000000000000003, 0x4000000000000000, (RoundingMode)mode, ref flags));
        Assert.Throws<ArgumentOutOfRangeException>(() => Float64.ToInt32(0x3FF8000000000000, (RoundingMode)mode, ref flags));
        Assert.Throws<ArgumentOutOfRangeException>(() => Float32.FromFloat64(0x3FF0000000000001, (RoundingMode)mode, ref flags));
    }

    private delegate T Operation<out T>(ref FloatExceptionFlags flags);

    private static void AssertResult<T>(T expected, FloatExceptionFlags expectedFlags, Operation<T> operation)
    {
        var flags = FloatExceptionFlags.None;
        var actual = operation(ref flags);
        Assert.Equal((expected, expectedFlags), (actual, flags));
    }
}
