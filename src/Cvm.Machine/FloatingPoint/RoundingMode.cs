using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Cvm.Machine.FloatingPoint;

/// <summary>
/// The static rounding modes of the RISC-V F and D extensions, numbered as the instruction <c>rm</c> field and the
/// <c>frm</c> CSR encode them. The dynamic mode (7) is resolved by the hart from <c>frm</c> before calling in, and
/// the reserved encodings 5 and 6 are rejected by the hart as illegal instructions. Passing any other value to an
/// operation is a caller bug, reported with <see cref="ArgumentOutOfRangeException"/> wherever the mode is
/// consulted (an exact result may be returned without consulting it).
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

/// <summary>Reports a rounding mode outside 0-4, which only a caller bug can pass (the hart validates rm and frm).</summary>
internal static class InvalidRoundingMode
{
    /// <summary>Throws; typed as bool so that it can end a switch expression in a hot path without bloating it.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Throw(RoundingMode rm) =>
        throw new ArgumentOutOfRangeException(nameof(rm), rm,
            "Only the static rounding modes 0-4 can be applied; the dynamic mode must be resolved from frm first.");
}
