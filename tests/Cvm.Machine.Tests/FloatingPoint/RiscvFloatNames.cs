using Cvm.Machine.FloatingPoint;

namespace Cvm.Machine.Tests.FloatingPoint;

/// <summary>
/// The spec's short names for rounding modes and exception flags, so hand-written cases read like the RISC-V
/// manual's tables (<c>using static</c> this class).
/// </summary>
internal static class RiscvFloatNames
{
    public const RoundingMode RNE = RoundingMode.NearestEven;
    public const RoundingMode RTZ = RoundingMode.TowardZero;
    public const RoundingMode RDN = RoundingMode.Down;
    public const RoundingMode RUP = RoundingMode.Up;
    public const RoundingMode RMM = RoundingMode.NearestMaxMagnitude;
    public const FloatExceptionFlags None = FloatExceptionFlags.None;
    public const FloatExceptionFlags NX = FloatExceptionFlags.Inexact;
    public const FloatExceptionFlags UF = FloatExceptionFlags.Underflow;
    public const FloatExceptionFlags OF = FloatExceptionFlags.Overflow;
    public const FloatExceptionFlags DZ = FloatExceptionFlags.DivideByZero;
    public const FloatExceptionFlags NV = FloatExceptionFlags.Invalid;
}
