using Cvm.Machine;

namespace Cvm.Monitor;

/// <summary>Life-cycle state of a cVM.</summary>
public enum CvmState
{
    /// <summary>Loaded, waiting for its turn to start.</summary>
    Created,

    /// <summary>At least one thread can run or is blocked.</summary>
    Running,

    /// <summary>Ended through the exit hostcall or by its main thread returning.</summary>
    Exited,

    /// <summary>Stopped by the monitor after a fault.</summary>
    Faulted,

    /// <summary>Stopped by the host (<see cref="CvmMonitor.Stop"/>).</summary>
    Stopped,
}

/// <summary>What kind of misbehaviour a fault record describes.</summary>
public enum FaultKind
{
    /// <summary>An architectural trap: CHERI exception, illegal instruction, access fault, misalignment, …</summary>
    Trap,

    /// <summary>The cVM (or the call running in it) used up its instruction budget.</summary>
    BudgetExhausted,

    /// <summary>An <c>ecall</c> outside the hostcall gate (the native ABI enters the monitor only through the gate).</summary>
    ForbiddenEcall,

    /// <summary>The return gate was used by a thread that is not inside a call to this cVM (stale or forged return).</summary>
    BadReturn,
}

/// <summary>A structured fault record: who faulted, where, and why.</summary>
/// <param name="Cvm">The cVM whose code was running.</param>
/// <param name="Thread">Thread id (unique per monitor).</param>
/// <param name="Pc">Address of the faulting instruction.</param>
/// <param name="Kind">The kind of fault.</param>
/// <param name="Cause">mcause of a trap.</param>
/// <param name="Mtval">mtval of a trap (for CHERI exceptions <c>cap_idx &lt;&lt; 5 | cause</c>).</param>
/// <param name="Description">The trap in words, e.g. "CHERI exception: length (bounds) violation on DDC".</param>
/// <param name="Symbol">The guest symbol containing <paramref name="Pc"/>, when the image has one.</param>
/// <param name="Caller">The cVM whose CP_Call was unwound by this fault (null outside a call).</param>
public sealed record CvmFault(
    string Cvm, int Thread, ulong Pc, FaultKind Kind, TrapCause? Cause, ulong Mtval, string Description, string? Symbol, string? Caller)
{
    public override string ToString() =>
        $"{Cvm}: thread {Thread}: {Description} at 0x{Pc:x}{(Symbol is null ? "" : $" <{Symbol}>")}"
        + (Cause is null ? "" : $" (mcause {(int)Cause}, mtval 0x{Mtval:x})")
        + (Caller is null ? "" : $" during a call from {Caller}");
}

/// <summary>The outcome and counters of one cVM.</summary>
/// <param name="Name">The cVM.</param>
/// <param name="State">Its final (or current) state.</param>
/// <param name="ExitCode">The exit hostcall's status or the main thread's return value; null if it did not exit.</param>
/// <param name="Fault">The fault that stopped it (the last one if it was restarted).</param>
/// <param name="Instructions">Instructions retired by code of this cVM (calls executing in it included).</param>
/// <param name="Crossings">Hostcalls and CP_Calls made by this cVM's code.</param>
/// <param name="BytesShared">Bytes of CP_File buffers this cVM was granted by probes.</param>
/// <param name="Console">Everything it wrote to its console.</param>
/// <param name="Restarts">How many times it was restarted after a fault.</param>
public sealed record CvmResult(
    string Name, CvmState State, long? ExitCode, CvmFault? Fault, ulong Instructions, long Crossings, long BytesShared, string Console, int Restarts)
{
    /// <summary>Exited with status 0.</summary>
    public bool Succeeded => State == CvmState.Exited && ExitCode == 0;
}

/// <summary>The outcome of <see cref="CvmMonitor.Run"/>.</summary>
/// <param name="Cvms">One result per cVM, in the order they were added.</param>
/// <param name="Faults">Every fault recorded, in order.</param>
/// <param name="RevokedCapabilities">Capabilities invalidated by revocation sweeps (memory and registers).</param>
/// <param name="Completed">False if the run stopped at its instruction limit with threads still runnable.</param>
public sealed record MonitorResult(IReadOnlyList<CvmResult> Cvms, IReadOnlyList<CvmFault> Faults, long RevokedCapabilities, bool Completed)
{
    /// <summary>Every cVM exited with status 0 and nothing faulted.</summary>
    public bool Succeeded => Completed && Faults.Count == 0 && Cvms.All(c => c.Succeeded);

    /// <summary>The result of the cVM named <paramref name="name"/>.</summary>
    public CvmResult this[string name] => Cvms.First(c => c.Name == name);
}
