namespace Cvm.Machine.Tests.FloatingPoint;

/// <summary>
/// Deterministic generators of operands that exercise the corners of the arithmetic: the special encodings, values
/// at the format and integer-conversion boundaries, subnormals, and operand pairs that nearly cancel.
/// </summary>
public sealed class FloatSamples(int seed)
{
    private readonly Random random = new(seed);

    /// <summary>Binary32 encodings at the edges (positive; the generator negates them at random).</summary>
    public static readonly uint[] Single32Edges =
    [
        0x0000_0000, // +0
        0x0000_0001, // smallest subnormal
        0x0000_0002,
        0x007F_FFFF, // largest subnormal
        0x0080_0000, // smallest normal 2^-126
        0x0080_0001,
        0x00FF_FFFF,
        0x3400_0000, // 2^-23, one ulp of 1
        0x3F00_0000, // 0.5
        0x3F40_0000, // 0.75
        0x3F7F_FFFF, // largest number below 1
        0x3F80_0000, // 1
        0x3F80_0001,
        0x3FC0_0000, // 1.5
        0x4020_0000, // 2.5
        0x4040_0000, // 3
        0x4B7F_FFFF, // 2^24 - 1
        0x4B80_0000, // 2^24
        0x4EFF_FFFF, // 2^31 - 128, the largest binary32 below 2^31
        0x4F00_0000, // 2^31
        0x4F7F_FFFF, // the largest binary32 below 2^32
        0x4F80_0000, // 2^32
        0x5EFF_FFFF, // the largest binary32 below 2^63
        0x5F00_0000, // 2^63
        0x5F7F_FFFF, // the largest binary32 below 2^64
        0x5F80_0000, // 2^64
        0x7F00_0000, // 2^127
        0x7F7F_FFFF, // largest finite
        0x7F80_0000, // infinity
        0x7F80_0001, // signalling NaN, smallest payload
        0x7FBF_FFFF, // signalling NaN, largest payload
        0x7FC0_0000, // canonical quiet NaN
        0x7FC0_0001, // quiet NaN with a payload
        0x7FFF_FFFF,
    ];

    /// <summary>Binary64 encodings at the edges (positive; the generator negates them at random).</summary>
    public static readonly ulong[] Double64Edges =
    [
        0x0000_0000_0000_0000, // +0
        0x0000_0000_0000_0001, // smallest subnormal
        0x0000_0000_0000_0002,
        0x000F_FFFF_FFFF_FFFF, // largest subnormal
        0x0010_0000_0000_0000, // smallest normal 2^-1022
        0x0010_0000_0000_0001,
        0x001F_FFFF_FFFF_FFFF,
        0x3690_0000_0000_0000, // 2^-150, half the smallest binary32 subnormal
        0x36A0_0000_0000_0000, // 2^-149, the smallest binary32 subnormal
        0x3810_0000_0000_0000, // 2^-126, the smallest binary32 normal
        0x380F_FFFF_F000_0000, // just below 2^-126: rounds to it or not, depending on the mode
        0x3CB0_0000_0000_0000, // 2^-52, one ulp of 1
        0x3FE0_0000_0000_0000, // 0.5
        0x3FE8_0000_0000_0000, // 0.75
        0x3FEF_FFFF_FFFF_FFFF, // largest number below 1
        0x3FF0_0000_0000_0000, // 1
        0x3FF0_0000_0000_0001,
        0x3FF0_0000_1000_0000, // 1 + 2^-24: a binary32 tie
        0x3FF8_0000_0000_0000, // 1.5
        0x4004_0000_0000_0000, // 2.5
        0x4008_0000_0000_0000, // 3
        0x433F_FFFF_FFFF_FFFF, // 2^53 - 1
        0x4340_0000_0000_0000, // 2^53
        0x41DF_FFFF_FFC0_0000, // 2^31 - 1
        0x41DF_FFFF_FFE0_0000, // 2^31 - 0.5
        0x41DF_FFFF_FFF0_0000, // 2^31 - 0.25
        0x41E0_0000_0000_0000, // 2^31
        0x41E0_0000_0010_0000, // 2^31 + 0.5
        0x41EF_FFFF_FFE0_0000, // 2^32 - 1
        0x41EF_FFFF_FFF0_0000, // 2^32 - 0.5
        0x41F0_0000_0000_0000, // 2^32
        0x43DF_FFFF_FFFF_FFFF, // the largest binary64 below 2^63
        0x43E0_0000_0000_0000, // 2^63
        0x43EF_FFFF_FFFF_FFFF, // the largest binary64 below 2^64
        0x43F0_0000_0000_0000, // 2^64
        0x47EF_FFFF_E000_0000, // the largest binary32 value
        0x47EF_FFFF_F000_0000, // halfway between the largest binary32 and 2^128
        0x47F0_0000_0000_0000, // 2^128
        0x7FE0_0000_0000_0000, // 2^1023
        0x7FEF_FFFF_FFFF_FFFF, // largest finite
        0x7FF0_0000_0000_0000, // infinity
        0x7FF0_0000_0000_0001, // signalling NaN, smallest payload
        0x7FF7_FFFF_FFFF_FFFF, // signalling NaN, largest payload
        0x7FF8_0000_0000_0000, // canonical quiet NaN
        0x7FF8_0000_0000_0001, // quiet NaN with a payload
        0x7FFF_FFFF_FFFF_FFFF,
    ];

    /// <summary>Integer operands of the int → float conversions.</summary>
    public static readonly ulong[] IntegerEdges =
    [
        0, 1, 2, 3, 0xFFFF_FFFF_FFFF_FFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_FFFF_8000_0000,
        0x00FF_FFFF, 0x0100_0000, 0x0100_0001, 0x0100_0003, 0x0200_0002, 0x001F_FFFF_FFFF_FFFF, 0x0020_0000_0000_0001,
        0x0020_0000_0000_0003, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0x8000_0000_0000_0001,
        0xFFFF_FFFF_FFFF_FF80, 0xFFFF_FF80_0000_0000, 0x7FFF_FFC0_0000_0000, 0x7FFF_FF80_0000_0001,
    ];

    public ulong Next(OperandKind kind) => kind switch
    {
        OperandKind.Binary32 => NextSingle(),
        OperandKind.Binary64 => NextDouble(),
        _ => NextInteger(),
    };

    public uint NextSingle() => (uint)NextEncoding(8, 23, Single32Edges.Select(x => (ulong)x).ToArray());

    public ulong NextDouble() => NextEncoding(11, 52, Double64Edges);

    private ulong NextEncoding(int exponentBits, int fractionBits, ulong[] edges)
    {
        var bias = (1 << (exponentBits - 1)) - 1;
        var sign = random.Next(2) == 0 ? 0UL : 1UL << (exponentBits + fractionBits);
        var fraction = NextFraction(fractionBits);
        ulong biased;
        switch (random.Next(10))
        {
            case 0:
            case 1:
                return edges[random.Next(edges.Length)] | sign;
            case 2:
            case 3:
                return NextBits(exponentBits + fractionBits + 1);
            case 4:
                biased = (ulong)random.Next(0, 3); // subnormals and the lowest normal binades
                break;
            case 5:
                biased = (ulong)((1 << exponentBits) - 1 - random.Next(1, 4)); // near overflow
                break;
            case 6:
                biased = (ulong)(bias + random.Next(-2, 66)); // integer conversion range
                break;
            default:
                biased = (ulong)(bias + random.Next(-12, 12)); // ordinary magnitudes
                break;
        }
        return sign | (biased << fractionBits) | fraction;
    }

    /// <summary>A fraction field with a random number of trailing zeros, so exact and tie cases occur often.</summary>
    private ulong NextFraction(int fractionBits)
    {
        var bits = NextBits(fractionBits);
        var zeros = random.Next(0, 3) == 0 ? random.Next(0, fractionBits + 1) : 0;
        return zeros >= 64 ? 0 : bits >> zeros << zeros;
    }

    private ulong NextInteger()
    {
        if (random.Next(4) == 0)
        {
            return IntegerEdges[random.Next(IntegerEdges.Length)];
        }
        var width = random.Next(1, 65);
        var value = NextBits(width);
        return random.Next(3) == 0 ? 0 - value : value;
    }

    public ulong NextBits(int width)
    {
        var value = (ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 1);
        return width >= 64 ? value : value & ((1UL << width) - 1);
    }

    /// <summary>
    /// A second operand for a two-operand operation: usually independent, sometimes a close neighbour of the first
    /// (same or adjacent exponent, a few low bits different), so additions cancel and comparisons tie.
    /// </summary>
    public ulong NextPartner(OperandKind kind, ulong first)
    {
        if (kind == OperandKind.Integer || random.Next(3) != 0)
        {
            return Next(kind);
        }
        var width = kind == OperandKind.Binary32 ? 32 : 64;
        var neighbour = first + (ulong)random.Next(-4, 5) - (random.Next(4) == 0 ? 1UL << (width == 32 ? 23 : 52) : 0);
        var flipSign = random.Next(2) == 0 ? 1UL << (width - 1) : 0;
        return (neighbour ^ flipSign) & (width == 32 ? 0xFFFF_FFFFUL : ulong.MaxValue);
    }

    /// <summary>
    /// An addend for a fused multiply-add: sometimes the negated hardware product with a few bits changed, so the
    /// exact sum cancels massively and the rounding depends on the low bits of the exact product.
    /// </summary>
    public ulong NextAddend(OperandKind kind, ulong a, ulong b)
    {
        if (random.Next(3) != 0)
        {
            return Next(kind);
        }
        var tweak = (ulong)random.Next(-3, 4);
        if (kind == OperandKind.Binary32)
        {
            var product = BitConverter.SingleToUInt32Bits(
                BitConverter.UInt32BitsToSingle((uint)a) * BitConverter.UInt32BitsToSingle((uint)b));
            return (uint)((product ^ 0x8000_0000u) + tweak);
        }
        var product64 = BitConverter.DoubleToUInt64Bits(BitConverter.UInt64BitsToDouble(a) * BitConverter.UInt64BitsToDouble(b));
        return (product64 ^ 0x8000_0000_0000_0000) + tweak;
    }

    public int NextInt(int maxExclusive) => random.Next(maxExclusive);
}
