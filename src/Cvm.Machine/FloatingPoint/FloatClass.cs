namespace Cvm.Machine.FloatingPoint;

/// <summary>
/// The bits of the mask that <c>fclass.s</c>/<c>fclass.d</c> write to the integer register
/// (<see cref="Float32.Classify"/>, <see cref="Float64.Classify"/>); exactly one is set for any input.
/// </summary>
public static class FloatClass
{
    /// <summary>Bit 0: negative infinity.</summary>
    public const uint NegativeInfinity = 1 << 0;

    /// <summary>Bit 1: a negative normal number.</summary>
    public const uint NegativeNormal = 1 << 1;

    /// <summary>Bit 2: a negative subnormal number.</summary>
    public const uint NegativeSubnormal = 1 << 2;

    /// <summary>Bit 3: negative zero.</summary>
    public const uint NegativeZero = 1 << 3;

    /// <summary>Bit 4: positive zero.</summary>
    public const uint PositiveZero = 1 << 4;

    /// <summary>Bit 5: a positive subnormal number.</summary>
    public const uint PositiveSubnormal = 1 << 5;

    /// <summary>Bit 6: a positive normal number.</summary>
    public const uint PositiveNormal = 1 << 6;

    /// <summary>Bit 7: positive infinity.</summary>
    public const uint PositiveInfinity = 1 << 7;

    /// <summary>Bit 8: a signalling NaN.</summary>
    public const uint SignalingNaN = 1 << 8;

    /// <summary>Bit 9: a quiet NaN.</summary>
    public const uint QuietNaN = 1 << 9;
}
