using Cvm.Machine;

namespace Cvm.Monitor;

/// <summary>
/// Where a cVM lives in the shared address space, in the shape of an Intravisor deployment's <c>isolation</c>
/// entry: the image is placed at <see cref="Base"/>, <c>[Base, Base + Size)</c> is mapped for the image, heap,
/// stacks and capability table, and <c>[Begin, End)</c> are the bounds of the cVM's PCC and DDC.
/// </summary>
/// <param name="Base">Load address of the image (a page multiple).</param>
/// <param name="Size">Bytes mapped for the cVM from <paramref name="Base"/> (a page multiple).</param>
/// <param name="Begin">Lowest address the cVM's capabilities reach (at most <paramref name="Base"/>).</param>
/// <param name="End">End of the cVM's capability bounds (at least <c>Base + Size</c>).</param>
public sealed record CvmIsolation(ulong Base, ulong Size, ulong Begin, ulong End)
{
    /// <summary>The common case: bounds equal to the mapped region.</summary>
    public static CvmIsolation Region(ulong @base, ulong size) => new(@base, size, @base, @base + size);
}

/// <summary>What happens to a cVM after one of its threads faults.</summary>
public enum FaultPolicy
{
    /// <summary>The cVM is stopped; its capabilities and gates are revoked; calls into it fail with <c>CVM_ESTOPPED</c>.</summary>
    Stop,

    /// <summary>The cVM is reloaded from its image and started again (its old gates and buffers are revoked first).</summary>
    Restart,
}

/// <summary>How a CP_Call export receives its optional buffer argument (a0 = pointer, a1 = length in the caller).</summary>
public enum BufferDirection
{
    /// <summary>All arguments are scalars (a0–a5 pass through unchanged).</summary>
    None,

    /// <summary>The callee receives in c10 a load-only capability bounded exactly to the caller's buffer.</summary>
    In,

    /// <summary>The callee receives in c10 a load/store capability bounded exactly to the caller's buffer.</summary>
    Out,

    /// <summary>
    /// A contract frame: a0/a1 = the caller's in area (load-only capability in table slot 4), a2/a3 = its out
    /// area (load/store capability in slot <see cref="CapabilityTable.CallOutBuffer"/>); docs/contracts-abi.md.
    /// </summary>
    Frame,
}

/// <summary>A function a cVM offers to other cVMs through CP_Call.</summary>
/// <param name="Name">The export's name, as callers look it up.</param>
/// <param name="Symbol">The ELF symbol of the entry (a guest-runtime <c>CVM_EXPORT</c> wrapper, <c>__cvm_export_NAME</c>, by default).</param>
/// <param name="Buffer">Whether a0/a1 carry a buffer that the switcher turns into a bounded capability.</param>
/// <param name="InstructionBudget">Instructions one call may retire in the callee before it is unwound (null: unlimited).</param>
public sealed record CvmExport(string Name, string? Symbol = null, BufferDirection Buffer = BufferDirection.None, ulong? InstructionBudget = null)
{
    /// <summary>The symbol the entry is read from.</summary>
    public string EntrySymbol => Symbol ?? $"__cvm_export_{Name}";
}

/// <summary>One cVM of a deployment (Intravisor's <c>cVMs:</c> entry plus exports, budgets and policy).</summary>
public sealed record CvmDefinition
{
    /// <summary>Unique name; console output and fault records carry it.</summary>
    public required string Name { get; init; }

    /// <summary>The static RV64 ELF image (ET_EXEC linked inside the region, or ET_DYN relocated to <see cref="CvmIsolation.Base"/>).</summary>
    public required byte[] Image { get; init; }

    /// <summary>Where the image came from (Intravisor's <c>runtime</c>); used in messages only.</summary>
    public string Runtime { get; init; } = "image";

    /// <summary>Region and capability bounds.</summary>
    public required CvmIsolation Isolation { get; init; }

    /// <summary>Arguments passed to the main thread (argv; argv[0] is the first).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>
    /// Intravisor's <c>wait</c>: -1 = the next cVM of the deployment starts only after this one's main thread
    /// ended; 0 = the next starts at once; N &gt; 0 = the next starts after this cVM has run N scheduler quanta
    /// (the deterministic counterpart of "sleep N seconds").
    /// </summary>
    public int Wait { get; init; }

    /// <summary>Functions this cVM offers through CP_Call.</summary>
    public IReadOnlyList<CvmExport> Exports { get; init; } = [];

    /// <summary>Instructions the whole cVM may retire (all its threads, including calls executing in it); null: unlimited.</summary>
    public ulong? InstructionBudget { get; init; }

    /// <summary>Most threads the cVM may have at once (its main thread included); each gets a stack slot.</summary>
    public int MaxThreads { get; init; } = 4;

    /// <summary>Bytes of each thread stack (a page multiple); an unmapped guard page lies below each.</summary>
    public ulong StackSize { get; init; } = 64 * 1024;

    /// <summary>
    /// Grant Permit_Store_Capability on the DDC (off by default: a hybrid cVM cannot store capabilities). Never
    /// Permit_Store_Local_Capability, so the local capabilities CP_Call hands a callee cannot be kept.
    /// </summary>
    public bool AllowStoreCapability { get; init; }

    /// <summary>What happens to this cVM when one of its threads (or a call running in it) faults.</summary>
    public FaultPolicy OnFault { get; init; } = FaultPolicy.Stop;
}

/// <summary>Which cVM may read and/or write a CP_File buffer.</summary>
public sealed record CapFileGrant(string Cvm, bool Read, bool Write);

/// <summary>A named shared buffer declared up front (Intravisor's <c>capfiles:</c> entry plus an access list).</summary>
public sealed record CapFileDefinition
{
    /// <summary>The key cVMs probe (1 to <see cref="CvmMonitor.MaxNameLength"/> bytes).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The cVM that provides the buffer at run time from its own memory (CapFileAdvertise); null: the monitor
    /// allocates it outside every cVM at start. The owner may always read, write and close it.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>Buffer size in bytes (for an owned buffer: the largest size the owner may advertise).</summary>
    public required ulong Size { get; init; }

    /// <summary>Initial contents (at most <see cref="Size"/> bytes; the rest reads zero).</summary>
    public byte[]? Data { get; init; }

    /// <summary>Who may probe it, and with which permissions. A cVM not listed cannot probe it.</summary>
    public IReadOnlyList<CapFileGrant> Access { get; init; } = [];
}

/// <summary>CP_Call wiring: <paramref name="Caller"/> may call <paramref name="Export"/> of <paramref name="Callee"/>.</summary>
public sealed record CallGrant(string Caller, string Callee, string Export);

/// <summary>Monitor-wide settings.</summary>
public sealed record MonitorOptions
{
    /// <summary>Size of the emulated address space (lazily committed).</summary>
    public ulong AddressSpaceSize { get; init; } = 1UL << 32;

    /// <summary>Where the monitor region (switcher code, gate descriptors, trusted stacks, declared CP_File buffers) starts.</summary>
    public ulong MonitorBase { get; init; } = 0x0100_0000;

    /// <summary>Size of the monitor region.</summary>
    public ulong MonitorSize { get; init; } = 0x0100_0000;

    /// <summary>Instructions a thread runs before the round-robin scheduler moves to the next.</summary>
    public ulong Quantum { get; init; } = 20_000;

    /// <summary>Receives each cVM's console output as it is written (the monitor also keeps it per cVM).</summary>
    public Action<string, string>? ConsoleWriter { get; init; }

    /// <summary>
    /// How the emulator executes guest code: tiered compilation (the default), the interpreter only, or compilation
    /// at first entry. Results, faults and instruction counts are the same under every engine.
    /// </summary>
    public ExecutionEngine Engine { get; init; } = ExecutionEngine.Auto;
}
