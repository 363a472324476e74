using System.Runtime.InteropServices;

namespace Cvm.Machine.Execution;

/// <summary>
/// One pre-decoded instruction, stored in the slot of its first 2-byte parcel. Operands are extracted once at
/// decode time so the interpreter's handlers do no bit-slicing.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
internal struct DecodedInstruction
{
    /// <summary>What to do.</summary>
    public Op Op;

    /// <summary>
    /// Destination register. For an integer destination, x0 is replaced by <see cref="Hart.SinkRegister"/> so
    /// handlers write unconditionally; for a floating-point destination it is the f-register number.
    /// </summary>
    public byte Rd;

    /// <summary>First source register (or the 5-bit zimm of the CSR immediate forms).</summary>
    public byte Rs1;

    /// <summary>Second source register.</summary>
    public byte Rs2;

    /// <summary>Third source register (fused multiply-add) in bits 4..0, the rounding-mode field in bits 7..5.</summary>
    public byte FloatOperands;

    /// <summary>Instruction length in bytes: 2 (compressed) or 4.</summary>
    public byte Length;

    /// <summary>
    /// This instruction's length plus the next two's, in bytes: the interpreter finds the slot three instructions
    /// ahead without waiting for the next slots' loads, which cuts the loop-carried dependency of straight-line code
    /// to one load per three instructions.
    /// </summary>
    public byte AdvanceThree;

    /// <summary>Third source register (fused multiply-add).</summary>
    public readonly byte Rs3 => (byte)(FloatOperands & 31);

    /// <summary>Floating-point rounding-mode field (7 = dynamic, taken from frm).</summary>
    public readonly byte RoundingMode => (byte)(FloatOperands >> 5);

    /// <summary>Sign-extended immediate (the CSR number for Zicsr, the offset for branches and jumps).</summary>
    public int Imm;

    /// <summary>The instruction's encoding (16 or 32 bits), reported as mtval of an illegal-instruction trap.</summary>
    public uint Bits;
}
