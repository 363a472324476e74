namespace Cvm.Monitor;

/// <summary>
/// Hostcall numbers of the native guest ABI (t5 = number, a0–a7 = arguments, a0 = result, a1 = second result).
/// docs/guest-abi.md describes each; guest/cvm.h defines the same numbers for C.
/// </summary>
public static class Hostcall
{
    public const int ConsoleWrite = 1;
    public const int Exit = 2;
    public const int ThreadCreate = 3;
    public const int ThreadExit = 4;
    public const int ThreadJoin = 5;
    public const int Time = 6;
    public const int Yield = 7;
    public const int Sleep = 8;
    public const int CvmInfo = 9;
    public const int CapFileAdvertise = 20;
    public const int CapFileProbe = 21;
    public const int CapFileWait = 22;
    public const int CapFileNotify = 23;
    public const int CapFileClose = 24;
    public const int CallLookup = 30;
    public const int CallAsync = 31;
    /// <summary>A call to a host-provided service: a0 = import index (from CallLookup, at least <see cref="HostImportBase"/>), a1/a2 = in area, a3/a4 = out area.</summary>
    public const int ServiceCall = 32;

    /// <summary>CallLookup returns indexes from here for exports the host provides (below it: CP_Call gates in the table).</summary>
    public const long HostImportBase = 0x10000;
}

/// <summary>
/// Error results of hostcalls and CP_Calls: small negative numbers. A CP_Call returns its status in a0 and the
/// callee's result in a1, so the monitor's errors can never be confused with a value the callee returned.
/// </summary>
public static class CvmError
{
    /// <summary>The caller lacks the right (access list, call wiring, ownership).</summary>
    public const long Permission = -1;
    /// <summary>No such name, export or thread.</summary>
    public const long NotFound = -2;
    /// <summary>A pointer or length does not lie inside the caller's own writable/readable region, or is misaligned.</summary>
    public const long Fault = -3;
    /// <summary>An argument is out of range (empty or over-long name, zero size, …).</summary>
    public const long Invalid = -4;
    /// <summary>The callee is already running a call (one call at a time per callee).</summary>
    public const long Busy = -5;
    /// <summary>Unknown hostcall number.</summary>
    public const long NoSystemCall = -6;
    /// <summary>No free thread slot.</summary>
    public const long TryAgain = -7;
    /// <summary>The name is already advertised.</summary>
    public const long Exists = -9;
    /// <summary>The callee cVM is stopped.</summary>
    public const long Stopped = -10;
    /// <summary>The callee faulted during the call; the call was unwound and the fault recorded.</summary>
    public const long CalleeFault = -11;
    /// <summary>The callee used up the call's instruction budget; the call was unwound.</summary>
    public const long CalleeBudget = -12;
    /// <summary>The thread's trusted stack is full (too deeply nested calls).</summary>
    public const long Depth = -13;
    /// <summary>The buffer was closed (and every capability to it revoked).</summary>
    public const long Closed = -14;
    /// <summary>A thread may not join itself or a thread of another cVM.</summary>
    public const long Deadlock = -15;
    /// <summary>A contract frame violated the contract (bad header, length, offset, enum or boolean value).</summary>
    public const long Protocol = -16;
    /// <summary>The frame was built against a different version of the contract (its hash differs).</summary>
    public const long ContractMismatch = -17;
    /// <summary>The host's implementation of a service failed (threw); nothing it produced was written.</summary>
    public const long HostFailure = -18;
}

/// <summary>
/// The capability table: the last page of a cVM's mapped region ([Base + Size − 4096, Base + Size)), 16-byte
/// slots. Its address is also passed in a2 when a thread starts.
/// </summary>
public static class CapabilityTable
{
    /// <summary>Bytes per slot.</summary>
    public const int SlotSize = 16;
    /// <summary>Sealed code capability of the hostcall gate.</summary>
    public const int HostcallCode = 0;
    /// <summary>Sealed data capability of the hostcall gate.</summary>
    public const int HostcallData = 1;
    /// <summary>Sealed code capability of the return gate (how an export returns to its caller).</summary>
    public const int ReturnCode = 2;
    /// <summary>Sealed data capability of the return gate.</summary>
    public const int ReturnData = 3;
    /// <summary>During a CP_Call with a buffer: the capability to the caller's buffer (cleared on return).</summary>
    public const int CallBuffer = 4;
    /// <summary>Import i (the index CallLookup returns) has its code capability in slot FirstImport + 2i and its data capability after it.</summary>
    public const int FirstImport = 5;
    /// <summary>How many imports fit in the page.</summary>
    public const int MaxImports = (4096 / SlotSize - FirstImport) / 2;
    /// <summary>During a CP_Call to a <see cref="BufferDirection.Frame"/> export: the load/store capability to the caller's out area (the last slot; slot 4 holds the in area).</summary>
    public const int CallOutBuffer = 4096 / SlotSize - 1;
}
