using CsCheck;
using Cvm.Machine.FloatingPoint;
using static Cvm.Machine.Tests.FloatingPoint.FloatGenerators;

namespace Cvm.Machine.Tests.FloatingPoint;

/// <summary>
/// The rounding modes against exact results obtained independently of the implementation: binary32 operations are
/// exact (or exactly bracketed) in binary64 host arithmetic, and binary64 add/sub/mul/div/sqrt have exact error
/// terms from the host FPU (TwoSum, fused multiply-add residuals). For every input: RDN ≤ exact ≤ RUP with RDN and RUP
/// adjacent, RTZ is the one nearer zero, RNE the nearer one (ties to even), RMM differs from RNE only on exact ties,
/// and NX is raised exactly when the result is not exact.
/// </summary>
public sealed class DirectedRoundingTests
{
    private static readonly RoundingMode[] Modes =
    [
        RoundingMode.NearestEven, RoundingMode.TowardZero, RoundingMode.Down, RoundingMode.Up,
        RoundingMode.NearestMaxMagnitude,
    ];

    /// <summary>
    /// Checks the five results of a binary32 operation given <paramref name="compareExact"/>: the sign of
    /// (exact result - v) for any binary64 v. Operands are kept where binary32 can neither overflow nor produce NaN.
    /// </summary>
    private static void Check32(Func<RoundingMode, (uint Result, FloatExceptionFlags Flags)> operation,
        Func<double, int> compareExact)
    {
        var results = Modes.Select(operation).ToArray();
        var (nearest, towardZero, down, up, maxMagnitude) = (results[0], results[1], results[2], results[3], results[4]);
        var (low, high) = (AsSingle(down.Result), AsSingle(up.Result));

        Assert.True(compareExact(low) >= 0, "RDN must not exceed the exact result");
        Assert.True(compareExact(high) <= 0, "RUP must not be below the exact result");
        var exact = compareExact(low) == 0;
        Assert.All(results, r => Assert.Equal(!exact, r.Flags.HasFlag(FloatExceptionFlags.Inexact)));
        if (exact)
        {
            // Equal values; an exact zero may differ in sign by mode, which the edge-case tests pin down.
            Assert.All(results, r => Assert.Equal(low, AsSingle(r.Result)));
            return;
        }
        Assert.Equal(high, MathF.BitIncrement(low)); // adjacent: nothing representable lies in between
        var positive = compareExact(0) > 0;
        Assert.Equal(positive ? down.Result : up.Result, towardZero.Result);

        var midpoint = compareExact(((double)low + high) / 2); // exact: binary32 neighbours average exactly in binary64
        var even = (Bits(low) & 1) == 0 ? down.Result : up.Result;
        var awayFromZero = positive ? up.Result : down.Result;
        Assert.Equal(midpoint > 0 ? up.Result : midpoint < 0 ? down.Result : even, nearest.Result);
        Assert.Equal(midpoint == 0 ? awayFromZero : nearest.Result, maxMagnitude.Result);
    }

    /// <summary>Binary32 operands whose results stay finite and below binary64's precision limits.</summary>
    private static readonly Gen<uint> Moderate32 = Gen.Frequency(
        (6, Single(127 - 40, 127 + 40)),
        (1, Single(0, 30)),
        (1, Gen.Select(Gen.OneOfConst(FloatSamples.Single32Edges.Where(x => x < 0x5F80_0000).ToArray()), Gen.Bool,
            (x, negative) => negative ? x | 0x8000_0000u : x)));

    [Fact]
    public void Float32Add() =>
        Gen.Select(Moderate32, Moderate32).Sample((a, b) =>
        {
            // TwoSum: s + e is the exact sum of the binary64 values, and s - v is exact for the v compared with.
            var (x, y) = ((double)AsSingle(a), (double)AsSingle(b));
            var s = x + y;
            var virtualY = s - x;
            var e = (x - (s - virtualY)) + (y - virtualY);
            Check32(rm => Apply((ref FloatExceptionFlags f) => Float32.Add(a, b, rm, ref f)),
                v => (s - v).CompareTo(-e));
        }, iter: Iterations);

    [Fact]
    public void Float32Mul() =>
        Gen.Select(Moderate32, Moderate32).Sample((a, b) =>
        {
            var exact = (double)AsSingle(a) * AsSingle(b); // 24 × 24 bits fit in 53
            Check32(rm => Apply((ref FloatExceptionFlags f) => Float32.Mul(a, b, rm, ref f)),
                v => exact.CompareTo(v));
        }, iter: Iterations);

    [Fact]
    public void Float32Div() =>
        Gen.Select(Moderate32, Single(127 - 60, 127 + 60)).Sample((a, b) => // divisors that cannot overflow a quotient
        {
            // a/b - v has the sign of (a - v×b) × sign(b); the residual is exact when v is a binary32 or the
            // midpoint of two (25 bits × 24 bits products fit in binary64, and fma rounds once).
            var (x, y) = ((double)AsSingle(a), (double)AsSingle(b));
            Check32(rm => Apply((ref FloatExceptionFlags f) => Float32.Div(a, b, rm, ref f)),
                v => Math.Sign(Math.FusedMultiplyAdd(-v, y, x)) * Math.Sign(y));
        }, iter: Iterations);

    [Fact]
    public void Float32Sqrt() =>
        Moderate32.Select(x => x & 0x7FFF_FFFF).Sample(a =>
        {
            var x = (double)AsSingle(a);
            Check32(rm => Apply((ref FloatExceptionFlags f) => Float32.Sqrt(a, rm, ref f)),
                v => v < 0 ? 1 : Math.Sign(Math.FusedMultiplyAdd(-v, v, x)));
        }, iter: Iterations);

    [Fact]
    public void Float32MulAdd() =>
        Gen.Select(Moderate32, Moderate32, Moderate32).Sample((a, b, c) =>
        {
            // The product is exact in binary64; TwoSum with the addend gives the exact result as s + e.
            var p = (double)AsSingle(a) * AsSingle(b);
            var z = (double)AsSingle(c);
            var s = p + z;
            var virtualZ = s - p;
            var e = (p - (s - virtualZ)) + (z - virtualZ);
            Check32(rm => Apply((ref FloatExceptionFlags f) => Float32.MulAdd(a, b, c, false, false, rm, ref f)),
                v => (s - v).CompareTo(-e));
        }, iter: Iterations);

    /// <summary>
    /// Checks the five results of a binary64 operation against the hardware RNE result <paramref name="nearest"/>
    /// and the exact error <paramref name="error"/> = exact - nearest (only its sign matters, except that a tie is
    /// an error of exactly half the gap).
    /// </summary>
    private static void Check64(Func<RoundingMode, (ulong Result, FloatExceptionFlags Flags)> operation, double nearest,
        double error)
    {
        var results = Modes.Select(operation).ToArray();
        if (error == 0)
        {
            Assert.All(results, r => Assert.Equal((nearest, false), (AsDouble(r.Result), r.Flags.HasFlag(FloatExceptionFlags.Inexact))));
            return;
        }
        var down = error > 0 ? nearest : Math.BitDecrement(nearest);
        var up = error > 0 ? Math.BitIncrement(nearest) : nearest;
        var positive = nearest > 0;
        var tie = Math.Abs(error) == (up - down) / 2;
        var expected = new[]
        {
            nearest,
            positive ? down : up,
            down,
            up,
            tie ? (positive ? up : down) : nearest,
        };
        for (var i = 0; i < Modes.Length; i++)
        {
            Assert.Equal((Bits(expected[i]), true), (results[i].Result, results[i].Flags.HasFlag(FloatExceptionFlags.Inexact)));
        }
    }

    /// <summary>Binary64 operands in a range where sums, products and quotients stay normal and finite.</summary>
    private static readonly Gen<ulong> Moderate64 = Double(1023 - 300, 1023 + 300);

    [Fact]
    public void Float64Add() =>
        Gen.Select(Moderate64, Moderate64).Sample((a, b) =>
        {
            var (x, y) = (AsDouble(a), AsDouble(b));
            var s = x + y;
            var virtualY = s - x;
            var e = (x - (s - virtualY)) + (y - virtualY);
            Check64(rm => Apply((ref FloatExceptionFlags f) => Float64.Add(a, b, rm, ref f)), s, e);
        }, iter: Iterations);

    /// <summary>Subtraction of close numbers: exact cancellation and its zero sign are covered by the edge tests.</summary>
    [Fact]
    public void Float64SubNearlyEqual() =>
        Gen.Select(Moderate64, Gen.Long[-1L << 30, 1L << 30]).Sample((a, delta) =>
        {
            var b = (ulong)((long)a + delta);
            var (x, y) = (AsDouble(a), AsDouble(b));
            var s = x - y;
            var virtualY = s - x;
            var e = (x - (s - virtualY)) + (-y - virtualY);
            Check64(rm => Apply((ref FloatExceptionFlags f) => Float64.Sub(a, b, rm, ref f)), s, e);
        }, iter: Iterations);

    [Fact]
    public void Float64Mul() =>
        Gen.Select(Moderate64, Moderate64).Sample((a, b) =>
        {
            var (x, y) = (AsDouble(a), AsDouble(b));
            var p = x * y;
            Check64(rm => Apply((ref FloatExceptionFlags f) => Float64.Mul(a, b, rm, ref f)), p,
                Math.FusedMultiplyAdd(x, y, -p));
        }, iter: Iterations);

    [Fact]
    public void Float64Div() =>
        Gen.Select(Moderate64, Moderate64).Sample((a, b) =>
        {
            // The residual a - q×b is exact; the error of q has its sign times the sign of b. Quotients are never
            // exactly halfway, so the error's size does not matter: report a tiny value of the right sign.
            var (x, y) = (AsDouble(a), AsDouble(b));
            var q = x / y;
            var sign = Math.Sign(Math.FusedMultiplyAdd(-q, y, x)) * Math.Sign(y);
            Check64(rm => Apply((ref FloatExceptionFlags f) => Float64.Div(a, b, rm, ref f)), q, sign * double.Epsilon);
        }, iter: Iterations);

    [Fact]
    public void Float64Sqrt() =>
        Moderate64.Select(x => x & 0x7FFF_FFFF_FFFF_FFFF).Sample(a =>
        {
            var x = AsDouble(a);
            var r = Math.Sqrt(x);
            var sign = Math.Sign(Math.FusedMultiplyAdd(-r, r, x));
            Check64(rm => Apply((ref FloatExceptionFlags f) => Float64.Sqrt(a, rm, ref f)), r, sign * double.Epsilon);
        }, iter: Iterations);

    /// <summary>
    /// Binary64 fused multiply-add has no cheap exact error term; check the mode-independent structure on arbitrary
    /// operands instead: one NX for all modes, RDN and RUP adjacent around RNE, RTZ the one nearer zero, RMM equal to
    /// RNE or its neighbour away from zero.
    /// </summary>
    [Fact]
    public void Float64MulAddStructure() =>
        Gen.Select(AnyDouble, AnyDouble, AnyDouble).Sample((a, b, c) =>
        {
            var results = Modes.Select(rm => Apply((ref FloatExceptionFlags f) => Float64.MulAdd(a, b, c, false, false, rm, ref f))).ToArray();
            var inexact = results[0].Flags.HasFlag(FloatExceptionFlags.Inexact);
            Assert.All(results, r => Assert.Equal(inexact, r.Flags.HasFlag(FloatExceptionFlags.Inexact)));
            var (nearest, towardZero, down, up, maxMagnitude) =
                (AsDouble(results[0].Result), AsDouble(results[1].Result), AsDouble(results[2].Result),
                 AsDouble(results[3].Result), AsDouble(results[4].Result));
            if (double.IsNaN(nearest))
            {
                Assert.All(results, r => Assert.Equal(Float64.CanonicalNaN, r.Result));
                return;
            }
            if (!inexact)
            {
                Assert.All(results, r => Assert.Equal(nearest, AsDouble(r.Result)));
                return;
            }
            Assert.Equal(up, Math.BitIncrement(down));
            Assert.True(nearest == down || nearest == up);
            Assert.Equal(up > 0 ? Bits(down) : Bits(up), Bits(towardZero));
            Assert.True(maxMagnitude == nearest || Math.Abs(maxMagnitude) > Math.Abs(nearest));
        }, iter: Iterations);

    private delegate T Operation<out T>(ref FloatExceptionFlags flags);

    private static (T Result, FloatExceptionFlags Flags) Apply<T>(Operation<T> operation)
    {
        var flags = FloatExceptionFlags.None;
        var result = operation(ref flags);
        return (result, flags);
    }
}
