namespace Cvm.Machine.FloatingPoint;

/// <summary>
/// The accrued IEEE 754 exception flags in the bit layout of the RISC-V <c>fflags</c> CSR (NV DZ OF UF NX, most
/// significant first), so the hart can OR a value of this type straight into <c>fflags</c>.
/// </summary>
[Flags]
public enum FloatExceptionFlags : byte
{
    /// <summary>No exception.</summary>
    None = 0,

    /// <summary>NX: the rounded result differs from the exact result.</summary>
    Inexact = 1,

    /// <summary>UF: the result is tiny (after rounding) and inexact.</summary>
    Underflow = 2,

    /// <summary>OF: the rounded result would exceed the largest finite number.</summary>
    Overflow = 4,

    /// <summary>DZ: an exact infinity was produced from finite operands (division of a nonzero number by zero).</summary>
    DivideByZero = 8,

    /// <summary>NV: the operation has no meaningful result (for example inf - inf, 0 * inf, sqrt(-1), any sNaN input).</summary>
    Invalid = 16,
}
