using CsCheck;
using Cvm.Machine.FloatingPoint;
using static Cvm.Machine.Tests.FloatingPoint.RiscvFloatNames;
using static Cvm.Machine.Tests.FloatingPoint.FloatGenerators;

namespace Cvm.Machine.Tests.FloatingPoint;

/// <summary>
/// Round-to-nearest-even results must equal what the host FPU computes (.NET float/double arithmetic,
/// Math.FusedMultiplyAdd, Math.Sqrt and conversions are correctly rounded IEEE operations), except that every NaN
/// must be the canonical NaN.
/// </summary>
public sealed class HardwareCrossCheckTests
{

    private static uint Expected32(float hardware) => float.IsNaN(hardware) ? Float32.CanonicalNaN : Bits(hardware);

    private static ulong Expected64(double hardware) => double.IsNaN(hardware) ? Float64.CanonicalNaN : Bits(hardware);

    private static void Check32(Func<uint, uint, uint> soft, Func<float, float, float> hardware) =>
        Gen.Select(AnySingle, AnySingle).Sample((a, b) =>
            Assert.Equal(Expected32(hardware(AsSingle(a), AsSingle(b))), soft(a, b)), iter: Iterations);

    private static void Check64(Func<ulong, ulong, ulong> soft, Func<double, double, double> hardware) =>
        Gen.Select(AnyDouble, AnyDouble).Sample((a, b) =>
            Assert.Equal(Expected64(hardware(AsDouble(a), AsDouble(b))), soft(a, b)), iter: Iterations);

    [Fact]
    public void Float32Add() => Check32((a, b) => { var f = FloatExceptionFlags.None; return Float32.Add(a, b, RNE, ref f); }, (x, y) => x + y);

    [Fact]
    public void Float32Sub() => Check32((a, b) => { var f = FloatExceptionFlags.None; return Float32.Sub(a, b, RNE, ref f); }, (x, y) => x - y);

    [Fact]
    public void Float32Mul() => Check32((a, b) => { var f = FloatExceptionFlags.None; return Float32.Mul(a, b, RNE, ref f); }, (x, y) => x * y);

    [Fact]
    public void Float32Div() => Check32((a, b) => { var f = FloatExceptionFlags.None; return Float32.Div(a, b, RNE, ref f); }, (x, y) => x / y);

    [Fact]
    public void Float32Sqrt() => Check32((a, _) => { var f = FloatExceptionFlags.None; return Float32.Sqrt(a, RNE, ref f); }, (x, _) => MathF.Sqrt(x));

    [Fact]
    public void Float64Add() => Check64((a, b) => { var f = FloatExceptionFlags.None; return Float64.Add(a, b, RNE, ref f); }, (x, y) => x + y);

    [Fact]
    public void Float64Sub() => Check64((a, b) => { var f = FloatExceptionFlags.None; return Float64.Sub(a, b, RNE, ref f); }, (x, y) => x - y);

    [Fact]
    public void Float64Mul() => Check64((a, b) => { var f = FloatExceptionFlags.None; return Float64.Mul(a, b, RNE, ref f); }, (x, y) => x * y);

    [Fact]
    public void Float64Div() => Check64((a, b) => { var f = FloatExceptionFlags.None; return Float64.Div(a, b, RNE, ref f); }, (x, y) => x / y);

    [Fact]
    public void Float64Sqrt() => Check64((a, _) => { var f = FloatExceptionFlags.None; return Float64.Sqrt(a, RNE, ref f); }, (x, _) => Math.Sqrt(x));

    /// <summary>All four fused forms: fnmadd is -(a×b) - c = fma(-a, b, -c), fnmsub is fma(-a, b, c).</summary>
    [Fact]
    public void Float32MulAdd() =>
        Gen.Select(AnySingle, AnySingle, AnySingle, Gen.Int[0, 3]).Sample((a, b, c, form) =>
        {
            var (negateProduct, negateAddend) = (form >= 2, (form & 1) != 0);
            var x = AsSingle(a);
            var z = AsSingle(c);
            var hardware = MathF.FusedMultiplyAdd(negateProduct ? -x : x, AsSingle(b), negateAddend ? -z : z);
            var flags = FloatExceptionFlags.None;
            Assert.Equal(Expected32(hardware), Float32.MulAdd(a, b, c, negateProduct, negateAddend, RNE, ref flags));
        }, iter: Iterations);

    [Fact]
    public void Float64MulAdd() =>
        Gen.Select(AnyDouble, AnyDouble, AnyDouble, Gen.Int[0, 3]).Sample((a, b, c, form) =>
        {
            var (negateProduct, negateAddend) = (form >= 2, (form & 1) != 0);
            var x = AsDouble(a);
            var z = AsDouble(c);
            var hardware = Math.FusedMultiplyAdd(negateProduct ? -x : x, AsDouble(b), negateAddend ? -z : z);
            var flags = FloatExceptionFlags.None;
            Assert.Equal(Expected64(hardware), Float64.MulAdd(a, b, c, negateProduct, negateAddend, RNE, ref flags));
        }, iter: Iterations);

    /// <summary>
    /// The fused product must not be rounded on its own: pick c near -(a×b) so that the result is the (tiny) rounding
    /// error of the product, which only a single rounding gets right.
    /// </summary>
    [Fact]
    public void Float64MulAddCancellation() =>
        Gen.Select(Double(1023 - 40, 1023 + 40), Double(1023 - 40, 1023 + 40), Gen.Long[-4, 4]).Sample((a, b, tweak) =>
        {
            var product = AsDouble(a) * AsDouble(b);
            var c = (ulong)((long)Bits(-product) + tweak);
            var hardware = Math.FusedMultiplyAdd(AsDouble(a), AsDouble(b), AsDouble(c));
            var flags = FloatExceptionFlags.None;
            Assert.Equal(Expected64(hardware), Float64.MulAdd(a, b, c, false, false, RNE, ref flags));
        }, iter: Iterations);

    [Fact]
    public void Conversions() =>
        Gen.Select(AnyDouble, AnySingle, Gen.Long, Gen.Int).Sample((d, s, l, i) =>
        {
            var flags = FloatExceptionFlags.None;
            Assert.Equal(Expected32((float)AsDouble(d)), Float32.FromFloat64(d, RNE, ref flags));
            Assert.Equal(Expected64(AsSingle(s)), Float64.FromFloat32(s, ref flags));
            Assert.Equal(Bits((float)l), Float32.FromInt64(l, RNE, ref flags));
            Assert.Equal(Bits((double)l), Float64.FromInt64(l, RNE, ref flags));
            Assert.Equal(Bits((float)i), Float32.FromInt32(i, RNE, ref flags));
            Assert.Equal(Bits((double)i), Float64.FromInt32(i, RNE, ref flags));
            Assert.Equal(Bits((double)(ulong)l), Float64.FromUInt64((ulong)l, RNE, ref flags));
            Assert.Equal(Bits((double)(uint)i), Float64.FromUInt32((uint)i, RNE, ref flags));
        }, iter: Iterations);

    /// <summary>In-range conversions to integers: truncation is C#'s cast, RNE is Math.Round's default (to even).</summary>
    [Fact]
    public void ToIntegerInRange() =>
        Gen.Select(Double(1023 - 5, 1023 + 30), Single(127 - 5, 127 + 30)).Sample((d, s) =>
        {
            var flags = FloatExceptionFlags.None;
            var x = AsDouble(d);
            Assert.Equal((ulong)(long)(int)x, Float64.ToInt32(d, RoundingMode.TowardZero, ref flags));
            Assert.Equal((ulong)(long)(int)Math.Round(x), Float64.ToInt32(d, RNE, ref flags));
            Assert.Equal((ulong)(long)Math.Floor(x), Float64.ToInt64(d, RoundingMode.Down, ref flags));
            Assert.Equal((ulong)(long)Math.Ceiling(x), Float64.ToInt64(d, RoundingMode.Up, ref flags));
            Assert.Equal((ulong)(long)Math.Round(x, MidpointRounding.AwayFromZero), Float64.ToInt64(d, RoundingMode.NearestMaxMagnitude, ref flags));
            var y = AsSingle(s);
            Assert.Equal((ulong)(long)(int)y, Float32.ToInt32(s, RoundingMode.TowardZero, ref flags));
            Assert.Equal((ulong)(long)MathF.Round(y), Float32.ToInt64(s, RNE, ref flags));
            Assert.Equal((ulong)(long)MathF.Floor(y), Float32.ToInt64(s, RoundingMode.Down, ref flags));
        }, iter: Iterations);

    /// <summary>
    /// fmin/fmax are IEEE 754-2019 minimumNumber/maximumNumber, which .NET provides as double.MinNumber/MaxNumber;
    /// comparisons are the IEEE predicates behind C#'s operators.
    /// </summary>
    [Fact]
    public void MinMaxAndComparisons() =>
        Gen.Select(AnyDouble, AnyDouble, AnySingle, AnySingle).Sample((a, b, s, t) =>
        {
            var flags = FloatExceptionFlags.None;
            var (x, y) = (AsDouble(a), AsDouble(b));
            Assert.Equal(Expected64(double.MinNumber(x, y)), Float64.Min(a, b, ref flags));
            Assert.Equal(Expected64(double.MaxNumber(x, y)), Float64.Max(a, b, ref flags));
            Assert.Equal(x == y, Float64.Equal(a, b, ref flags));
            Assert.Equal(x < y, Float64.LessThan(a, b, ref flags));
            Assert.Equal(x <= y, Float64.LessOrEqual(a, b, ref flags));
            var (u, v) = (AsSingle(s), AsSingle(t));
            Assert.Equal(Expected32(float.MinNumber(u, v)), Float32.Min(s, t, ref flags));
            Assert.Equal(Expected32(float.MaxNumber(u, v)), Float32.Max(s, t, ref flags));
            Assert.Equal(u == v, Float32.Equal(s, t, ref flags));
            Assert.Equal(u < v, Float32.LessThan(s, t, ref flags));
            Assert.Equal(u <= v, Float32.LessOrEqual(s, t, ref flags));
        }, iter: Iterations);
}
