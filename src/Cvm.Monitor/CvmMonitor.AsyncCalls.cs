using Cvm.Machine;

namespace Cvm.Monitor;

/// <summary>An asynchronous CP_Call a callee-owned worker serves: whom to tell, where, and whether it has been told.</summary>
internal sealed class AsyncCall(CvmInstance caller, CallWiring wiring, ulong record)
{
    public CvmInstance Caller { get; } = caller;
    public CallWiring Wiring { get; } = wiring;

    /// <summary>The caller's <c>struct cvm_async</c> (checked against the caller's bounds when the call started).</summary>
    public ulong Record { get; } = record;

    /// <summary>The caller's restart count at the call: a record of an earlier incarnation is never written.</summary>
    public int CallerIncarnation { get; } = caller.Restarts;

    public bool Completed { get; set; }
}

/// <summary>
/// Asynchronous CP_Call on a callee-owned worker: the call runs on a new thread of the callee, in the callee's
/// domain from its first instruction (PCC at the export's entry, the callee's DDC and one of its own stack slots,
/// a0–a3 the arguments, every other register zero), and is charged to the callee. The export returns through its
/// return gate like any call; as no call frame is on the worker's trusted stack, the switcher's return path ends at
/// the bad-return <c>ecall</c>, where the monitor recognises the worker and completes the call: it writes status
/// and result into the caller's record and notifies the record's CP_File (the caller's access list applies), so
/// no caller code ever runs on the callee's thread and no callee code on the caller's.
/// </summary>
public sealed partial class CvmMonitor
{
    private const ulong AsyncRecordSize = 32;

    /// <summary>
    /// Starts import <paramref name="importIndex"/> of <paramref name="caller"/> with a0–a3 on a worker of the
    /// callee; returns the worker's thread id (the caller may join it) or a negative <see cref="CvmError"/>.
    /// </summary>
    private long CallAsync(CvmInstance caller, ulong importIndex, ulong[] arguments, ulong record)
    {
        if (importIndex >= (ulong)caller.Imports.Count)
        {
            return CvmError.NotFound;
        }
        if ((record & 7) != 0 || !caller.Contains(record, AsyncRecordSize) || !Memory.IsMapped(record, AsyncRecordSize))
        {
            return CvmError.Fault;
        }
        var wiring = caller.Imports[(int)importIndex];
        if (wiring.Export.Buffer != BufferDirection.None)
        {
            // A buffer capability is lent for the duration of a call the caller waits in; an asynchronous caller
            // goes on, so it would lend its memory for an unbounded time.
            return CvmError.Invalid;
        }
        var callee = wiring.Callee;
        if (callee.State != CvmState.Running)
        {
            return CvmError.Stopped;
        }
        var worker = CreateThread(callee, callee.ExportEntries[wiring.Export.Name], arguments[0], arguments[1]);
        if (worker is null)
        {
            return CvmError.TryAgain;
        }
        worker.Context.SetInteger(Register.A2, arguments[2]);
        worker.Context.SetInteger(Register.A3, arguments[3]);
        worker.Async = new AsyncCall(caller, wiring, record);
        return worker.Id;
    }

    /// <summary>Instructions an asynchronous worker may still run under its export's per-call budget (unlimited otherwise).</summary>
    private static ulong AsyncBudgetLeft(GuestThread thread) =>
        thread.Async?.Wiring.Export.InstructionBudget is { } budget ? (budget > thread.Instret ? budget - thread.Instret : 0) : ulong.MaxValue;

    /// <summary>Whether a bad-return <c>ecall</c> is an asynchronous worker returning from its call through its own cVM's return gate.</summary>
    private bool IsAsyncReturn(Hart hart, GuestThread thread) =>
        thread.Async is { Completed: false }
        && ReadFrames(thread).Count == 0
        && _returnDescriptors.TryGetValue(hart.GetCapabilityRegister(Register.T6).Address, out var returning)
        && returning == thread.Home;

    private void EndAsyncWorker(GuestThread worker, long result)
    {
        CompleteAsyncCall(worker, 0, result);
        EndThread(worker, result, killed: false);
    }

    /// <summary>
    /// Tells the caller of <paramref name="worker"/>'s call (once) how it ended: status (0, or the error a
    /// synchronous caller would get) and result into its record, then a notification of the record's CP_File.
    /// Nothing is written into a caller that has ended or restarted since.
    /// </summary>
    private void CompleteAsyncCall(GuestThread worker, long status, long result)
    {
        if (worker.Async is not { Completed: false } call)
        {
            return;
        }
        call.Completed = true;
        var caller = call.Caller;
        if (caller.State != CvmState.Running || caller.Restarts != call.CallerIncarnation)
        {
            return;
        }
        Span<byte> record = stackalloc byte[(int)AsyncRecordSize];
        if (!ReadGuest(caller, call.Record, record))
        {
            return;
        }
        BitConverter.TryWriteBytes(record, status);
        BitConverter.TryWriteBytes(record[8..], result);
        WriteGuest(caller, call.Record, record[..16]);
        var buffer = FindAccessibleBuffer(caller, BitConverter.ToUInt64(record[16..]), BitConverter.ToUInt64(record[24..]), out _);
        if (buffer is null)
        {
            return;
        }
        buffer.Notifications++;
        foreach (var waiter in _threads.Where(t => t.State == ThreadState.Blocked && t.WaitBuffer == buffer).ToArray())
        {
            Wake(waiter, buffer.Notifications, 0);
        }
    }
}
