namespace Cvm.Machine.Execution.Jit;

/// <summary>
/// A region of guest code compiled to a <see cref="System.Reflection.Emit.DynamicMethod"/>. It runs from the
/// region's entry with the guest's integer registers at <paramref name="registers"/> (x0..x31), retires at most
/// <paramref name="remaining"/> instructions (decremented by what it retired), and returns where execution goes
/// on: the next PC, with bit 0 set when the interpreter must execute the instruction there (one the region does
/// not compile, a memory access outside the fast windows, or a block the budget does not cover).
/// </summary>
internal unsafe delegate ulong CompiledRegion(ulong* registers, ref ulong remaining);
