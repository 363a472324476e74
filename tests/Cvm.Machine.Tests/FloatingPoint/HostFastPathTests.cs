using CsCheck;
using Cvm.Machine.FloatingPoint;
using static Cvm.Machine.Tests.FloatingPoint.FloatGenerators;
using Soft32 = Cvm.Machine.FloatingPoint.SoftFloat<Cvm.Machine.FloatingPoint.Binary32>;
using Soft64 = Cvm.Machine.FloatingPoint.SoftFloat<Cvm.Machine.FloatingPoint.Binary64>;

namespace Cvm.Machine.Tests.FloatingPoint;

/// <summary>
/// The public operations take a host-FPU fast path where it is provably exact and fall back to the integer
/// soft-float core elsewhere. These tests prove the two agree bit for bit, flags included, in every rounding mode,
/// with operands concentrated around the fast paths' range limits (binade 2, 107 and the top binades) as well as
/// everywhere else.
/// </summary>
public sealed class HostFastPathTests
{
    private static readonly Gen<RoundingMode> Mode = Gen.Int[0, 4].Select(m => (RoundingMode)m);

    /// <summary>Binary64 operands near the fast paths' boundaries, and anywhere.</summary>
    private static readonly Gen<ulong> Double64 = Gen.Frequency(
        (3, AnyDouble),
        (2, Double(1023 - 40, 1023 + 40)),
        (1, Double(0, 4)),
        (1, Double(100, 114)),
        (1, Double(2040, 2046)),
        (1, Double(500, 620)), // products and quotients of these land near binade 107
        (1, Double(1500, 1560))); // and these near the top

    /// <summary>Binary32 operands near the fast paths' boundaries, and anywhere.</summary>
    private static readonly Gen<uint> Single32 = Gen.Frequency(
        (3, AnySingle),
        (2, Single(127 - 20, 127 + 20)),
        (1, Single(0, 4)),
        (1, Single(250, 254)),
        (1, Single(60, 70)),
        (1, Single(185, 195)));

    private delegate T Operation<out T>(ref FloatExceptionFlags flags);

    private static void AssertSame<T>(Operation<T> fast, Operation<T> soft)
    {
        var fastFlags = FloatExceptionFlags.None;
        var softFlags = FloatExceptionFlags.None;
        var fastResult = fast(ref fastFlags);
        var softResult = soft(ref softFlags);
        Assert.Equal((softResult, softFlags), (fastResult, fastFlags));
    }

    [Fact]
    public void Float64ArithmeticMatchesSoftFloat() =>
        Gen.Select(Double64, Double64, Mode).Sample((a, b, rm) =>
        {
            AssertSame((ref FloatExceptionFlags f) => Float64.Add(a, b, rm, ref f), (ref FloatExceptionFlags f) => Soft64.Add(a, b, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float64.Sub(a, b, rm, ref f), (ref FloatExceptionFlags f) => Soft64.Add(a, b ^ Float64.SignMask, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float64.Mul(a, b, rm, ref f), (ref FloatExceptionFlags f) => Soft64.Mul(a, b, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float64.Div(a, b, rm, ref f), (ref FloatExceptionFlags f) => Soft64.Div(a, b, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float64.Sqrt(a, rm, ref f), (ref FloatExceptionFlags f) => Soft64.Sqrt(a, rm, ref f));
        }, iter: Iterations);

    /// <summary>Sums of nearly opposite numbers: cancellation down into the lowest binades.</summary>
    [Fact]
    public void Float64CancellationMatchesSoftFloat() =>
        Gen.Select(Double64, Gen.Long[-1 << 20, 1 << 20], Mode).Sample((a, delta, rm) =>
        {
            var b = (ulong)((long)a + delta) ^ Float64.SignMask;
            AssertSame((ref FloatExceptionFlags f) => Float64.Add(a, b, rm, ref f), (ref FloatExceptionFlags f) => Soft64.Add(a, b, rm, ref f));
        }, iter: Iterations);

    /// <summary>Products that are exact halfway cases (operands with short significands), for ties-away.</summary>
    [Fact]
    public void Float64TiesMatchSoftFloat() =>
        Gen.Select(Double(1023 - 30, 1023 + 30), Double(1023 - 30, 1023 + 30), Mode).Sample((a, b, rm) =>
        {
            var shortA = a & ~0xFFFFFFFUL; // 25 significant bits: the product has at most 50
            var shortB = b & ~0x7FFFFFFUL;
            var sumOperand = shortA + ((ulong)1 << 27); // differ in low bits so sums round with ties
            AssertSame((ref FloatExceptionFlags f) => Float64.Mul(shortA | 1, shortB | 1, rm, ref f), (ref FloatExceptionFlags f) => Soft64.Mul(shortA | 1, shortB | 1, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float64.Add(shortA | 1, shortB >> 1, rm, ref f), (ref FloatExceptionFlags f) => Soft64.Add(shortA | 1, shortB >> 1, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float64.Add(sumOperand, 0x3CA0000000000000, rm, ref f), (ref FloatExceptionFlags f) => Soft64.Add(sumOperand, 0x3CA0000000000000, rm, ref f));
        }, iter: Iterations);

    [Fact]
    public void Float64MulAddMatchesSoftFloat() =>
        Gen.Select(Double64, Double64, Double64, Gen.Int[0, 3], Mode).Sample((a, b, c, form, rm) =>
        {
            var (negateProduct, negateAddend) = (form >= 2, (form & 1) != 0);
            AssertSame((ref FloatExceptionFlags f) => Float64.MulAdd(a, b, c, negateProduct, negateAddend, rm, ref f),
                (ref FloatExceptionFlags f) => Soft64.MulAdd(a, b, c, negateProduct, negateAddend, rm, ref f));
        }, iter: Iterations);

    /// <summary>
    /// Fused multiply-adds with c near -(a×b), so the result is (close to) the product's rounding error: heavy
    /// cancellation, results far below the operands, exact zeros and ties.
    /// </summary>
    [Fact]
    public void Float64MulAddCancellationMatchesSoftFloat() =>
        Gen.Select(Double64, Double64, Gen.Long[-8, 8], Gen.Int[0, 60], Mode).Sample((a, b, tweak, shortenBy, rm) =>
        {
            // Short significands make exact and halfway results common.
            var shortA = a >> shortenBy << shortenBy;
            var product = BitConverter.UInt64BitsToDouble(shortA) * BitConverter.UInt64BitsToDouble(b);
            var c = (ulong)((long)BitConverter.DoubleToUInt64Bits(product) + tweak) ^ Float64.SignMask;
            AssertSame((ref FloatExceptionFlags f) => Float64.MulAdd(shortA, b, c, false, false, rm, ref f),
                (ref FloatExceptionFlags f) => Soft64.MulAdd(shortA, b, c, false, false, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float64.MulAdd(shortA, b, c ^ Float64.SignMask, true, false, rm, ref f),
                (ref FloatExceptionFlags f) => Soft64.MulAdd(shortA, b, c ^ Float64.SignMask, true, false, rm, ref f));
        }, iter: Iterations);

    [Fact]
    public void Float32ArithmeticMatchesSoftFloat() =>
        Gen.Select(Single32, Single32, Single32, Mode).Sample((a, b, c, rm) =>
        {
            AssertSame((ref FloatExceptionFlags f) => Float32.Add(a, b, rm, ref f), (ref FloatExceptionFlags f) => (uint)Soft32.Add(a, b, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float32.Sub(a, b, rm, ref f), (ref FloatExceptionFlags f) => (uint)Soft32.Add(a, b ^ Float32.SignMask, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float32.Mul(a, b, rm, ref f), (ref FloatExceptionFlags f) => (uint)Soft32.Mul(a, b, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float32.Div(a, b, rm, ref f), (ref FloatExceptionFlags f) => (uint)Soft32.Div(a, b, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float32.Sqrt(a, rm, ref f), (ref FloatExceptionFlags f) => (uint)Soft32.Sqrt(a, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float32.MulAdd(a, b, c, false, false, rm, ref f), (ref FloatExceptionFlags f) => (uint)Soft32.MulAdd(a, b, c, false, false, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float32.MulAdd(a, b, c, true, true, rm, ref f), (ref FloatExceptionFlags f) => (uint)Soft32.MulAdd(a, b, c, true, true, rm, ref f));
        }, iter: Iterations);

    /// <summary>
    /// Fused multiply-adds whose binary64 sum lands on or near a binary32 midpoint: c is chosen near -(a×b) plus a
    /// binary32 half-ulp pattern, the case where rounding the binary64 sum to binary32 would round twice.
    /// </summary>
    [Fact]
    public void Float32MulAddNearMidpointsMatchesSoftFloat() =>
        Gen.Select(Single(127 - 10, 127 + 10), Single(127 - 10, 127 + 10), Gen.Int[-3, 3], Mode).Sample((a, b, tweak, rm) =>
        {
            var product = (double)AsSingle(a) * AsSingle(b);
            var c = (uint)(Bits((float)product) + tweak);
            AssertSame((ref FloatExceptionFlags f) => Float32.MulAdd(a, b, c, false, true, rm, ref f), (ref FloatExceptionFlags f) => (uint)Soft32.MulAdd(a, b, c, false, true, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float32.MulAdd(a, b, c, false, false, rm, ref f), (ref FloatExceptionFlags f) => (uint)Soft32.MulAdd(a, b, c, false, false, rm, ref f));
        }, iter: Iterations);

    /// <summary>binary64 to binary32 conversion, compared with the soft-float rounding of the decomposed value.</summary>
    [Fact]
    public void NarrowingMatchesSoftFloat() =>
        Gen.Select(Gen.Frequency((2, Double64), (2, Double(1023 - 130, 1023 + 130)), (1, Double(1023 - 152, 1023 - 124))), Mode)
            .Sample((d, rm) =>
            {
                AssertSame((ref FloatExceptionFlags f) => Float32.FromFloat64(d, rm, ref f), (ref FloatExceptionFlags f) => NarrowSoftly(d, rm, ref f));
            }, iter: Iterations);

    private static uint NarrowSoftly(ulong d, RoundingMode rm, ref FloatExceptionFlags flags)
    {
        if (Soft64.IsNaN(d))
        {
            flags |= Soft64.IsSignalingNaN(d) ? FloatExceptionFlags.Invalid : FloatExceptionFlags.None;
            return Float32.CanonicalNaN;
        }
        var sign = Soft64.IsNegative(d) ? Float32.SignMask : 0;
        if (Soft64.IsInfinity(d) || Soft64.IsZero(d))
        {
            return sign | (Soft64.IsZero(d) ? 0 : Float32.PositiveInfinity);
        }
        var significand = Soft64.Decompose(d, out var exponent);
        return (uint)Soft32.RoundPack(Soft64.IsNegative(d), exponent, significand, rm, ref flags);
    }

    /// <summary>Conversions to integers, with values around every saturation bound and rounding ties.</summary>
    [Fact]
    public void ConversionsToIntegersMatchSoftFloat() =>
        Gen.Select(Gen.Frequency((2, Double64), (3, Double(1023 - 3, 1023 + 66))),
            Gen.Frequency((2, Single32), (3, Single(127 - 3, 127 + 66))), Mode).Sample((d, s, rm) =>
        {
            AssertSame((ref FloatExceptionFlags f) => Float64.ToInt32(d, rm, ref f), (ref FloatExceptionFlags f) => Soft64.ToInteger(d, 32, true, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float64.ToUInt32(d, rm, ref f), (ref FloatExceptionFlags f) => Soft64.ToInteger(d, 32, false, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float64.ToInt64(d, rm, ref f), (ref FloatExceptionFlags f) => Soft64.ToInteger(d, 64, true, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float64.ToUInt64(d, rm, ref f), (ref FloatExceptionFlags f) => Soft64.ToInteger(d, 64, false, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float32.ToInt32(s, rm, ref f), (ref FloatExceptionFlags f) => Soft32.ToInteger(s, 32, true, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float32.ToUInt32(s, rm, ref f), (ref FloatExceptionFlags f) => Soft32.ToInteger(s, 32, false, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float32.ToInt64(s, rm, ref f), (ref FloatExceptionFlags f) => Soft32.ToInteger(s, 64, true, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float32.ToUInt64(s, rm, ref f), (ref FloatExceptionFlags f) => Soft32.ToInteger(s, 64, false, rm, ref f));
        }, iter: Iterations);

    /// <summary>Conversions from integers of every width, including the exactness limits 2^24 and 2^53.</summary>
    [Fact]
    public void ConversionsFromIntegersMatchSoftFloat() =>
        Gen.Select(Gen.Int[0, 64], Gen.ULong, Gen.Bool, Mode).Sample((width, bits, negate, rm) =>
        {
            var magnitude = width == 64 ? bits : bits & ((1UL << width) - 1);
            var signed = negate ? (long)(0 - magnitude) : (long)magnitude;
            var negative = signed < 0;
            var signedMagnitude = negative ? 0 - (ulong)signed : (ulong)signed;
            AssertSame((ref FloatExceptionFlags f) => Float64.FromInt64(signed, rm, ref f), (ref FloatExceptionFlags f) => Soft64.FromInteger(negative, signedMagnitude, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float64.FromUInt64(magnitude, rm, ref f), (ref FloatExceptionFlags f) => Soft64.FromInteger(false, magnitude, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float32.FromInt64(signed, rm, ref f), (ref FloatExceptionFlags f) => (uint)Soft32.FromInteger(negative, signedMagnitude, rm, ref f));
            AssertSame((ref FloatExceptionFlags f) => Float32.FromUInt64(magnitude, rm, ref f), (ref FloatExceptionFlags f) => (uint)Soft32.FromInteger(false, magnitude, rm, ref f));
        }, iter: Iterations);
}
