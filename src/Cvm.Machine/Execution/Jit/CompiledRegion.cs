namespace Cvm.Machine.Execution.Jit;

/// <summary>
/// A region of guest code compiled to a <see cref="System.Reflection.Emit.DynamicMethod"/>. It runs from the
/// region's entry with the guest's integer registers at <paramref name="registers"/> (x0..x31), retires at most
/// <paramref name="remaining"/> instructions (decremented by what it retired), and returns where execution goes
/// on: the next PC, with bit 0 set when the interpreter must execute the instruction there (one the region does
/// not compile, a memory access outside the fast windows, or a block the budget does not cover).
/// </summary>
internal unsafe delegate ulong CompiledRegion(ulong* registers, ref ulong remaining);

/// <summary>
/// A compiled region in the cache, with what the tiered engine learns about where it leaves to: a region that
/// keeps leaving (typically through a jump table or calls through pointers) is compiled again once, with the
/// targets seen as additional roots that its JALRs reach without leaving.
/// </summary>
internal sealed class Region(ulong entry, CompiledRegion code)
{
    /// <summary>The PC the region is entered at.</summary>
    public ulong Entry { get; } = entry;

    /// <summary>The compiled code.</summary>
    public CompiledRegion Code { get; } = code;

    /// <summary>Whether the engine still records where the region leaves to: only until it has been recompiled once
    /// (or found to have nothing more to compile).</summary>
    public bool Observed { get; set; } = true;

    /// <summary>Times the region left to another PC (not to the interpreter).</summary>
    public int Transfers { get; set; }

    /// <summary>The PCs it left to while being observed.</summary>
    public HashSet<ulong>? ExitTargets { get; set; }
}
