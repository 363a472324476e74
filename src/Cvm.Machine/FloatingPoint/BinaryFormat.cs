namespace Cvm.Machine.FloatingPoint;

/// <summary>
/// The parameters of an IEEE 754 binary interchange format. The soft-float core is generic over a struct that
/// implements this interface, so the JIT compiles one specialised copy per format with every parameter folded into
/// a constant. Encodings are carried in the low bits of a <see cref="ulong"/> for both formats.
/// </summary>
internal interface IBinaryFormat
{
    /// <summary>Width of the stored fraction field: the precision minus the hidden bit.</summary>
    static abstract int FractionBits { get; }

    /// <summary>Width of the biased exponent field.</summary>
    static abstract int ExponentBits { get; }
}

/// <summary>IEEE 754 binary32 (RISC-V F): 1 sign bit, 8 exponent bits, 23 fraction bits.</summary>
internal readonly struct Binary32 : IBinaryFormat
{
    public static int FractionBits => 23;

    public static int ExponentBits => 8;
}

/// <summary>IEEE 754 binary64 (RISC-V D): 1 sign bit, 11 exponent bits, 52 fraction bits.</summary>
internal readonly struct Binary64 : IBinaryFormat
{
    public static int FractionBits => 52;

    public static int ExponentBits => 11;
}
