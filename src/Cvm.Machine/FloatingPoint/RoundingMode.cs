namespace Cvm.Machine.FloatingPoint;

/// <summary>
/// The static rounding modes of the RISC-V F and D extensions, numbered as the instruction <c>rm</c> field and the
/// <c>frm</c> CSR encode them. The dynamic mode (7) is resolved by the hart from <c>frm</c> before calling in, and
/// the reserved encodings 5 and 6 are rejected by the hart as illegal instructions.
/// </summary>
public enum RoundingMode : byte
{
    /// <summary>RNE: round to nearest, ties to even.</summary>
    NearestEven = 0,

    /// <summary>RTZ: round towards zero (truncate).</summary>
    TowardZero = 1,

    /// <summary>RDN: round down, towards negative infinity.</summary>
    Down = 2,

    /// <summary>RUP: round up, towards positive infinity.</summary>
    Up = 3,

    /// <summary>RMM: round to nearest, ties to max magnitude (away from zero).</summary>
    NearestMaxMagnitude = 4,
}
