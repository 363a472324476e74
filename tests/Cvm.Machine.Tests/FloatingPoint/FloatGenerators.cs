using CsCheck;

namespace Cvm.Machine.Tests.FloatingPoint;

/// <summary>
/// CsCheck generators of raw encodings. Besides uniformly random bits (mostly huge or tiny magnitudes) they produce
/// numbers in a chosen binade range with fractions that often end in many zero bits, so exact results, ties and
/// cancellations are common rather than vanishingly rare.
/// </summary>
public static class FloatGenerators
{
    /// <summary>Number of random cases per property; CVM_LONG_TESTS=1 runs twenty times as many.</summary>
    public static long Iterations => Environment.GetEnvironmentVariable("CVM_LONG_TESTS") == "1" ? 2_000_000 : 100_000;

    /// <summary>Binary32 numbers whose biased exponent lies in [low, high], either sign.</summary>
    public static Gen<uint> Single(int low, int high) =>
        Gen.Select(Gen.Int[low, high], Gen.UInt[0, 0x7F_FFFF], Gen.Int[0, 23], Gen.Bool,
            (exponent, fraction, zeros, negative) =>
                (negative ? 0x8000_0000u : 0u) | (uint)exponent << 23 | (fraction >> zeros << zeros));

    /// <summary>Binary64 numbers whose biased exponent lies in [low, high], either sign.</summary>
    public static Gen<ulong> Double(int low, int high) =>
        Gen.Select(Gen.Int[low, high], Gen.ULong[0, 0xF_FFFF_FFFF_FFFF], Gen.Int[0, 52], Gen.Bool,
            (exponent, fraction, zeros, negative) =>
                (negative ? 0x8000_0000_0000_0000UL : 0UL) | (ulong)exponent << 52 | (fraction >> zeros << zeros));

    /// <summary>Any binary32 encoding, weighted towards edges and ordinary magnitudes.</summary>
    public static readonly Gen<uint> AnySingle = Gen.Frequency(
        (3, Gen.UInt),
        (1, Gen.Select(Gen.OneOfConst(FloatSamples.Single32Edges), Gen.Bool, (x, negative) => negative ? x | 0x8000_0000u : x)),
        (4, Single(127 - 30, 127 + 30)),
        (1, Single(0, 3)));

    /// <summary>Any binary64 encoding, weighted towards edges and ordinary magnitudes.</summary>
    public static readonly Gen<ulong> AnyDouble = Gen.Frequency(
        (3, Gen.ULong),
        (1, Gen.Select(Gen.OneOfConst(FloatSamples.Double64Edges), Gen.Bool,
            (x, negative) => negative ? x | 0x8000_0000_0000_0000UL : x)),
        (4, Double(1023 - 60, 1023 + 60)),
        (1, Double(0, 3)));

    public static float AsSingle(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    public static uint Bits(float value) => BitConverter.SingleToUInt32Bits(value);

    public static double AsDouble(ulong bits) => BitConverter.UInt64BitsToDouble(bits);

    public static ulong Bits(double value) => BitConverter.DoubleToUInt64Bits(value);
}
