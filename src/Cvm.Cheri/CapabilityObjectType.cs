namespace Cvm.Cheri;

/// <summary>
/// Values of the 18-bit object type (otype) field. Unsealed capabilities carry the all-ones type; the top four
/// values are reserved, so the largest type software can seal with is <see cref="MaxSealable"/>.
/// </summary>
public static class CapabilityObjectType
{
    /// <summary>Width of the otype field in bits.</summary>
    public const int Width = 18;

    /// <summary>The otype of an unsealed capability (−1 as <c>CGetType</c> reports it).</summary>
    public const uint Unsealed = 0x3FFFF;

    /// <summary>The otype of a sealed entry capability, a "sentry" (−2 as <c>CGetType</c> reports it).</summary>
    public const uint Sentry = 0x3FFFE;

    /// <summary>The largest otype that <c>CSeal</c> can seal with; larger values are reserved.</summary>
    public const uint MaxSealable = 0x3FFFB;

    /// <summary>Whether <paramref name="objectType"/> is one of the reserved values above <see cref="MaxSealable"/>.</summary>
    public static bool IsReserved(uint objectType) => objectType > MaxSealable;
}
