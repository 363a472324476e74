using Cvm.Machine.Execution;
using Cvm.Machine.FloatingPoint;

namespace Cvm.Machine;

/// <summary>
/// The hart's side of F and D: NaN boxing, sign injection, moves, rounding-mode resolution and fflags. The IEEE 754
/// arithmetic itself is in <see cref="Float32"/> and <see cref="Float64"/>.
/// </summary>
public sealed unsafe partial class Hart
{
    private const ulong BoxedSingleUpperBits = 0xffff_ffff_0000_0000UL;
    private const uint CanonicalSingleNaN = 0x7fc0_0000;

    /// <summary>A single-precision value as an f register holds it: the upper 32 bits all ones (NaN boxing).</summary>
    private static ulong BoxSingle(uint bits) => BoxedSingleUpperBits | bits;

    /// <summary>The single-precision value in an f register; an improperly boxed value reads as the canonical NaN.</summary>
    private static uint UnboxSingle(ulong bits) => (bits & BoxedSingleUpperBits) == BoxedSingleUpperBits ? (uint)bits : CanonicalSingleNaN;

    /// <summary>Executes a floating-point operation other than a load or store; false means illegal instruction.</summary>
    private bool ExecuteFloatingPoint(DecodedInstruction* d, ulong* x, ulong* f)
    {
        // Static rounding modes 5 and 6 are reserved, and so is a dynamic mode when frm holds 5, 6 or 7.
        var rmField = d->RoundingMode == 7 ? _frm : d->RoundingMode;
        if (rmField > 4)
        {
            return false;
        }
        var rm = (RoundingMode)rmField;
        var flags = default(FloatExceptionFlags);
        var s1 = UnboxSingle(f[d->Rs1]);
        var s2 = UnboxSingle(f[d->Rs2]);
        var d1 = f[d->Rs1];
        var d2 = f[d->Rs2];
        switch (d->Op)
        {
            case Op.FsgnjS: f[d->Rd] = BoxSingle((s1 & 0x7fff_ffff) | (s2 & 0x8000_0000)); break;
            case Op.FsgnjnS: f[d->Rd] = BoxSingle((s1 & 0x7fff_ffff) | (~s2 & 0x8000_0000)); break;
            case Op.FsgnjxS: f[d->Rd] = BoxSingle(s1 ^ (s2 & 0x8000_0000)); break;
            case Op.FsgnjD: f[d->Rd] = (d1 & ~(1UL << 63)) | (d2 & (1UL << 63)); break;
            case Op.FsgnjnD: f[d->Rd] = (d1 & ~(1UL << 63)) | (~d2 & (1UL << 63)); break;
            case Op.FsgnjxD: f[d->Rd] = d1 ^ (d2 & (1UL << 63)); break;
            // fmv.x.w takes the low 32 bits as they are, boxed or not.
            case Op.FmvXW: x[d->Rd] = (ulong)(long)(int)(uint)d1; return true;
            case Op.FmvWX: f[d->Rd] = BoxSingle((uint)x[d->Rs1]); break;
            case Op.FmvXD: x[d->Rd] = d1; return true;
            case Op.FmvDX: f[d->Rd] = x[d->Rs1]; break;

            case Op.FaddS: f[d->Rd] = BoxSingle(Float32.Add(s1, s2, rm, ref flags)); break;
            case Op.FsubS: f[d->Rd] = BoxSingle(Float32.Sub(s1, s2, rm, ref flags)); break;
            case Op.FmulS: f[d->Rd] = BoxSingle(Float32.Mul(s1, s2, rm, ref flags)); break;
            case Op.FdivS: f[d->Rd] = BoxSingle(Float32.Div(s1, s2, rm, ref flags)); break;
            case Op.FsqrtS: f[d->Rd] = BoxSingle(Float32.Sqrt(s1, rm, ref flags)); break;
            case Op.FminS: f[d->Rd] = BoxSingle(Float32.Min(s1, s2, ref flags)); break;
            case Op.FmaxS: f[d->Rd] = BoxSingle(Float32.Max(s1, s2, ref flags)); break;
            case Op.FmaddS or Op.FmsubS or Op.FnmsubS or Op.FnmaddS:
                f[d->Rd] = BoxSingle(Float32.MulAdd(s1, s2, UnboxSingle(f[d->Rs3]),
                    negateProduct: d->Op is Op.FnmsubS or Op.FnmaddS, negateAddend: d->Op is Op.FmsubS or Op.FnmaddS, rm, ref flags));
                break;
            case Op.FcvtWS: x[d->Rd] = Float32.ToInt32(s1, rm, ref flags); break;
            case Op.FcvtWuS: x[d->Rd] = Float32.ToUInt32(s1, rm, ref flags); break;
            case Op.FcvtLS: x[d->Rd] = Float32.ToInt64(s1, rm, ref flags); break;
            case Op.FcvtLuS: x[d->Rd] = Float32.ToUInt64(s1, rm, ref flags); break;
            case Op.FeqS: x[d->Rd] = Float32.Equal(s1, s2, ref flags) ? 1UL : 0UL; break;
            case Op.FltS: x[d->Rd] = Float32.LessThan(s1, s2, ref flags) ? 1UL : 0UL; break;
            case Op.FleS: x[d->Rd] = Float32.LessOrEqual(s1, s2, ref flags) ? 1UL : 0UL; break;
            case Op.FclassS: x[d->Rd] = Float32.Classify(s1); return true;
            case Op.FcvtSW: f[d->Rd] = BoxSingle(Float32.FromInt32((int)x[d->Rs1], rm, ref flags)); break;
            case Op.FcvtSWu: f[d->Rd] = BoxSingle(Float32.FromUInt32((uint)x[d->Rs1], rm, ref flags)); break;
            case Op.FcvtSL: f[d->Rd] = BoxSingle(Float32.FromInt64((long)x[d->Rs1], rm, ref flags)); break;
            case Op.FcvtSLu: f[d->Rd] = BoxSingle(Float32.FromUInt64(x[d->Rs1], rm, ref flags)); break;

            case Op.FaddD: f[d->Rd] = Float64.Add(d1, d2, rm, ref flags); break;
            case Op.FsubD: f[d->Rd] = Float64.Sub(d1, d2, rm, ref flags); break;
            case Op.FmulD: f[d->Rd] = Float64.Mul(d1, d2, rm, ref flags); break;
            case Op.FdivD: f[d->Rd] = Float64.Div(d1, d2, rm, ref flags); break;
            case Op.FsqrtD: f[d->Rd] = Float64.Sqrt(d1, rm, ref flags); break;
            case Op.FminD: f[d->Rd] = Float64.Min(d1, d2, ref flags); break;
            case Op.FmaxD: f[d->Rd] = Float64.Max(d1, d2, ref flags); break;
            case Op.FmaddD or Op.FmsubD or Op.FnmsubD or Op.FnmaddD:
                f[d->Rd] = Float64.MulAdd(d1, d2, f[d->Rs3],
                    negateProduct: d->Op is Op.FnmsubD or Op.FnmaddD, negateAddend: d->Op is Op.FmsubD or Op.FnmaddD, rm, ref flags);
                break;
            case Op.FcvtWD: x[d->Rd] = Float64.ToInt32(d1, rm, ref flags); break;
            case Op.FcvtWuD: x[d->Rd] = Float64.ToUInt32(d1, rm, ref flags); break;
            case Op.FcvtLD: x[d->Rd] = Float64.ToInt64(d1, rm, ref flags); break;
            case Op.FcvtLuD: x[d->Rd] = Float64.ToUInt64(d1, rm, ref flags); break;
            case Op.FeqD: x[d->Rd] = Float64.Equal(d1, d2, ref flags) ? 1UL : 0UL; break;
            case Op.FltD: x[d->Rd] = Float64.LessThan(d1, d2, ref flags) ? 1UL : 0UL; break;
            case Op.FleD: x[d->Rd] = Float64.LessOrEqual(d1, d2, ref flags) ? 1UL : 0UL; break;
            case Op.FclassD: x[d->Rd] = Float64.Classify(d1); return true;
            case Op.FcvtDW: f[d->Rd] = Float64.FromInt32((int)x[d->Rs1], rm, ref flags); break;
            case Op.FcvtDWu: f[d->Rd] = Float64.FromUInt32((uint)x[d->Rs1], rm, ref flags); break;
            case Op.FcvtDL: f[d->Rd] = Float64.FromInt64((long)x[d->Rs1], rm, ref flags); break;
            case Op.FcvtDLu: f[d->Rd] = Float64.FromUInt64(x[d->Rs1], rm, ref flags); break;
            case Op.FcvtSD: f[d->Rd] = BoxSingle(Float32.FromFloat64(d1, rm, ref flags)); break;
            case Op.FcvtDS: f[d->Rd] = Float64.FromFloat32(s1, ref flags); break;
            default:
                return false;
        }
        _fflags |= (byte)flags;
        MarkFloatingPointDirty();
        return true;
    }
}
