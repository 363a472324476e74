using System.Reflection;
using System.Runtime.CompilerServices;

namespace Cvm.Machine.Execution.Jit;

/// <summary>What compiled regions call: the M operations that are more than one IL instruction.</summary>
internal static class RegionRuntime
{
    // The M operations, with the interpreter's semantics (division by zero and overflow give the specified results).
    // Division and remainder are called, not inlined: inlined into a region, RyuJIT (.NET 10.0.12) reused the
    // zero-extended 32-bit copy it made of remuw's divisor as the full 64-bit register in a later instruction.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mulh(ulong a, ulong b) => (ulong)Math.BigMul((long)a, (long)b, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mulhsu(ulong a, ulong b) => Hart.MultiplyHighSignedUnsigned(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mulhu(ulong a, ulong b) => Math.BigMul(a, b, out _);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Div(ulong a, ulong b) => Hart.Divide((long)a, (long)b);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Divu(ulong a, ulong b) => b == 0 ? ulong.MaxValue : a / b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Rem(ulong a, ulong b) => Hart.Remainder((long)a, (long)b);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Remu(ulong a, ulong b) => b == 0 ? a : a % b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Divw(ulong a, ulong b) => (ulong)(long)(int)Hart.Divide((int)a, (int)b);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Divuw(ulong a, ulong b) => (uint)b == 0 ? ulong.MaxValue : (ulong)(long)(int)((uint)a / (uint)b);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Remw(ulong a, ulong b) => (ulong)(long)(int)Hart.Remainder((int)a, (int)b);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Remuw(ulong a, ulong b) => (ulong)(long)(int)((uint)b == 0 ? (uint)a : (uint)a % (uint)b);

    /// <summary>The method computing M operation <paramref name="op"/> (two ulong operands, ulong result).</summary>
    public static MethodInfo ArithmeticMethod(Op op) => typeof(RegionRuntime).GetMethod(op.ToString(), BindingFlags.Public | BindingFlags.Static)
        ?? throw new InvalidOperationException($"no compiled form of {op}");
}
