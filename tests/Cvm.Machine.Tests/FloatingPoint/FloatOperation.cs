using Cvm.Machine.FloatingPoint;

namespace Cvm.Machine.Tests.FloatingPoint;

/// <summary>
/// The RISC-V F/D instructions the tests drive, numbered as the reference oracle (RiscvFloatOracle.c) numbers them:
/// binary32 forms from 0, binary64 forms from 32, in the same order.
/// </summary>
public enum FloatOperation : uint
{
    AddS = 0, SubS, MulS, DivS, SqrtS, MAddS, MSubS, NMSubS, NMAddS, MinS, MaxS, EqS, LtS, LeS, ClassS,
    CvtWS, CvtWuS, CvtLS, CvtLuS, CvtSW, CvtSWu, CvtSL, CvtSLu, CvtSD,
    AddD = 32, SubD, MulD, DivD, SqrtD, MAddD, MSubD, NMSubD, NMAddD, MinD, MaxD, EqD, LtD, LeD, ClassD,
    CvtWD, CvtWuD, CvtLD, CvtLuD, CvtDW, CvtDWu, CvtDL, CvtDLu, CvtDS,
}

/// <summary>One instruction applied to raw operands: what the tests compare against the oracle and the hardware.</summary>
public static class FloatOperations
{
    public static readonly FloatOperation[] All = Enum.GetValues<FloatOperation>();

    /// <summary>True when the operands are binary32 encodings in the low 32 bits (or integers for int → float).</summary>
    public static bool IsSingle(this FloatOperation op) => (uint)op < 32;

    /// <summary>True when the destination is a floating-point register of the operation's own format.</summary>
    public static bool WritesFloat(this FloatOperation op) => op switch
    {
        FloatOperation.EqS or FloatOperation.LtS or FloatOperation.LeS or FloatOperation.ClassS
            or FloatOperation.CvtWS or FloatOperation.CvtWuS or FloatOperation.CvtLS or FloatOperation.CvtLuS
            or FloatOperation.EqD or FloatOperation.LtD or FloatOperation.LeD or FloatOperation.ClassD
            or FloatOperation.CvtWD or FloatOperation.CvtWuD or FloatOperation.CvtLD or FloatOperation.CvtLuD => false,
        _ => true,
    };

    /// <summary>
    /// The destination register value: binary32 results zero-extended (the oracle's fmv.x.w result is masked the
    /// same way), integer results as the integer register receives them, binary64 results as they are.
    /// </summary>
    public static ulong Evaluate(FloatOperation op, RoundingMode rm, ulong a, ulong b, ulong c, ref FloatExceptionFlags flags)
    {
        uint a32 = (uint)a, b32 = (uint)b, c32 = (uint)c;
        return op switch
        {
            FloatOperation.AddS => Float32.Add(a32, b32, rm, ref flags),
            FloatOperation.SubS => Float32.Sub(a32, b32, rm, ref flags),
            FloatOperation.MulS => Float32.Mul(a32, b32, rm, ref flags),
            FloatOperation.DivS => Float32.Div(a32, b32, rm, ref flags),
            FloatOperation.SqrtS => Float32.Sqrt(a32, rm, ref flags),
            FloatOperation.MAddS => Float32.MulAdd(a32, b32, c32, false, false, rm, ref flags),
            FloatOperation.MSubS => Float32.MulAdd(a32, b32, c32, false, true, rm, ref flags),
            FloatOperation.NMSubS => Float32.MulAdd(a32, b32, c32, true, false, rm, ref flags),
            FloatOperation.NMAddS => Float32.MulAdd(a32, b32, c32, true, true, rm, ref flags),
            FloatOperation.MinS => Float32.Min(a32, b32, ref flags),
            FloatOperation.MaxS => Float32.Max(a32, b32, ref flags),
            FloatOperation.EqS => Float32.Equal(a32, b32, ref flags) ? 1UL : 0UL,
            FloatOperation.LtS => Float32.LessThan(a32, b32, ref flags) ? 1UL : 0UL,
            FloatOperation.LeS => Float32.LessOrEqual(a32, b32, ref flags) ? 1UL : 0UL,
            FloatOperation.ClassS => Float32.Classify(a32),
            FloatOperation.CvtWS => Float32.ToInt32(a32, rm, ref flags),
            FloatOperation.CvtWuS => Float32.ToUInt32(a32, rm, ref flags),
            FloatOperation.CvtLS => Float32.ToInt64(a32, rm, ref flags),
            FloatOperation.CvtLuS => Float32.ToUInt64(a32, rm, ref flags),
            FloatOperation.CvtSW => Float32.FromInt32((int)a32, rm, ref flags),
            FloatOperation.CvtSWu => Float32.FromUInt32(a32, rm, ref flags),
            FloatOperation.CvtSL => Float32.FromInt64((long)a, rm, ref flags),
            FloatOperation.CvtSLu => Float32.FromUInt64(a, rm, ref flags),
            FloatOperation.CvtSD => Float32.FromFloat64(a, rm, ref flags),
            FloatOperation.AddD => Float64.Add(a, b, rm, ref flags),
            FloatOperation.SubD => Float64.Sub(a, b, rm, ref flags),
            FloatOperation.MulD => Float64.Mul(a, b, rm, ref flags),
            FloatOperation.DivD => Float64.Div(a, b, rm, ref flags),
            FloatOperation.SqrtD => Float64.Sqrt(a, rm, ref flags),
            FloatOperation.MAddD => Float64.MulAdd(a, b, c, false, false, rm, ref flags),
            FloatOperation.MSubD => Float64.MulAdd(a, b, c, false, true, rm, ref flags),
            FloatOperation.NMSubD => Float64.MulAdd(a, b, c, true, false, rm, ref flags),
            FloatOperation.NMAddD => Float64.MulAdd(a, b, c, true, true, rm, ref flags),
            FloatOperation.MinD => Float64.Min(a, b, ref flags),
            FloatOperation.MaxD => Float64.Max(a, b, ref flags),
            FloatOperation.EqD => Float64.Equal(a, b, ref flags) ? 1UL : 0UL,
            FloatOperation.LtD => Float64.LessThan(a, b, ref flags) ? 1UL : 0UL,
            FloatOperation.LeD => Float64.LessOrEqual(a, b, ref flags) ? 1UL : 0UL,
            FloatOperation.ClassD => Float64.Classify(a),
            FloatOperation.CvtWD => Float64.ToInt32(a, rm, ref flags),
            FloatOperation.CvtWuD => Float64.ToUInt32(a, rm, ref flags),
            FloatOperation.CvtLD => Float64.ToInt64(a, rm, ref flags),
            FloatOperation.CvtLuD => Float64.ToUInt64(a, rm, ref flags),
            FloatOperation.CvtDW => Float64.FromInt32((int)a32, rm, ref flags),
            FloatOperation.CvtDWu => Float64.FromUInt32(a32, rm, ref flags),
            FloatOperation.CvtDL => Float64.FromInt64((long)a, rm, ref flags),
            FloatOperation.CvtDLu => Float64.FromUInt64(a, rm, ref flags),
            FloatOperation.CvtDS => Float64.FromFloat32(a32, ref flags),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
    }

    /// <summary>The operand format: what kind of bits the generator must produce for operand a.</summary>
    public static OperandKind FirstOperandKind(this FloatOperation op) => op switch
    {
        FloatOperation.CvtSW or FloatOperation.CvtSWu or FloatOperation.CvtSL or FloatOperation.CvtSLu
            or FloatOperation.CvtDW or FloatOperation.CvtDWu or FloatOperation.CvtDL or FloatOperation.CvtDLu
            => OperandKind.Integer,
        FloatOperation.CvtSD => OperandKind.Binary64,
        FloatOperation.CvtDS => OperandKind.Binary32,
        _ => op.IsSingle() ? OperandKind.Binary32 : OperandKind.Binary64,
    };

    /// <summary>The number of operands the operation reads: 3 for the fused forms, 2 for arithmetic and comparisons.</summary>
    public static int OperandCount(this FloatOperation op) => op switch
    {
        _ when op.IsFused() => 3,
        FloatOperation.AddS or FloatOperation.SubS or FloatOperation.MulS or FloatOperation.DivS or FloatOperation.MinS
            or FloatOperation.MaxS or FloatOperation.EqS or FloatOperation.LtS or FloatOperation.LeS
            or FloatOperation.AddD or FloatOperation.SubD or FloatOperation.MulD or FloatOperation.DivD
            or FloatOperation.MinD or FloatOperation.MaxD or FloatOperation.EqD or FloatOperation.LtD
            or FloatOperation.LeD => 2,
        _ => 1,
    };

    /// <summary>Whether the operation reads operand c (the fused multiply-adds).</summary>
    public static bool IsFused(this FloatOperation op) => op is FloatOperation.MAddS or FloatOperation.MSubS
        or FloatOperation.NMSubS or FloatOperation.NMAddS or FloatOperation.MAddD or FloatOperation.MSubD
        or FloatOperation.NMSubD or FloatOperation.NMAddD;
}

public enum OperandKind
{
    Binary32,
    Binary64,
    Integer,
}
