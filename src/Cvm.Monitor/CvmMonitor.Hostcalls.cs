using System.Text;
using Cvm.Cheri;
using Cvm.Machine;

namespace Cvm.Monitor;

public sealed partial class CvmMonitor
{
    private const int CvmInfoSize = 9 * 8;
    private const ulong MaxConsoleWrite = 1 << 20;
    private const ulong AsyncRecordSize = 32;

    /// <summary>
    /// Serves the hostcall of <paramref name="caller"/> (named by the gate it entered through, never by guest
    /// input). Every pointer is checked against the caller's own bounds; bad input yields a negative
    /// <see cref="CvmError"/> in a0. Calls that block or end threads stop the slice and finish afterwards.
    /// </summary>
    private TrapDisposition ServeHostcall(Hart hart, GuestThread thread, CvmInstance caller, ulong pc)
    {
        caller.Crossings++;
        ulong Arg(int i) => hart.GetRegister(Register.A0 + i);
        var inCall = ReadFrames(thread).Count > 0;
        long result, second = 0;
        switch ((long)hart.GetRegister(Register.T5))
        {
            case Hostcall.ConsoleWrite:
                result = ConsoleWrite(caller, Arg(0), Arg(1));
                break;
            case Hostcall.Exit when !inCall:
                var status = (long)Arg(0);
                return Finish(() =>
                {
                    caller.ExitCode = status;
                    Terminate(caller, CvmState.Exited, CvmError.Stopped);
                });
            case Hostcall.ThreadExit when !inCall:
                var value = (long)Arg(0);
                return Finish(() => EndThread(thread, value, killed: false));
            case Hostcall.Exit or Hostcall.ThreadExit:
                // Inside a CP_Call the thread belongs to its caller: the callee cannot end it.
                result = CvmError.Permission;
                break;
            case Hostcall.ThreadCreate:
                result = !caller.Contains(Arg(0), 4) || (Arg(0) & 1) != 0 ? CvmError.Fault
                    : CreateThread(caller, Arg(0), Arg(1), Arg(2)) is { } created ? created.Id : CvmError.TryAgain;
                break;
            case Hostcall.ThreadJoin:
                var target = _threads.FirstOrDefault(t => t.Id == (long)Arg(0) && t.Home == caller);
                if (target is null || inCall)
                {
                    result = CvmError.NotFound;
                }
                else if (target == thread)
                {
                    result = CvmError.Deadlock;
                }
                else if (target.State == ThreadState.Done)
                {
                    (result, second) = (target.Killed ? CvmError.Stopped : 0, target.ExitValue);
                }
                else
                {
                    return Suspend(hart, pc, () => { thread.JoinTarget = target; Block(thread); });
                }
                break;
            case Hostcall.Time:
                result = (long)(_clock + (hart.InstructionsRetired - _sliceStartRetired));
                break;
            case Hostcall.Yield:
                hart.SetRegister(Register.A0, 0);
                hart.SetRegister(Register.A1, 0);
                return Suspend(hart, pc, () => { });
            case Hostcall.Sleep:
                var now = _clock + (hart.InstructionsRetired - _sliceStartRetired);
                var wake = Arg(0) > ulong.MaxValue - now ? ulong.MaxValue : now + Arg(0);
                hart.SetRegister(Register.A0, 0);
                hart.SetRegister(Register.A1, 0);
                return Suspend(hart, pc, () => { thread.WakeClock = Math.Max(wake, 1); Block(thread); });
            case Hostcall.CvmInfo:
                result = CvmInfo(caller, thread, Arg(0), Arg(1));
                break;
            case Hostcall.CapFileAdvertise:
                result = Advertise(caller, Arg(0), Arg(1), Arg(2), Arg(3));
                break;
            case Hostcall.CapFileProbe:
                result = Probe(caller, Arg(0), Arg(1), Arg(2));
                break;
            case Hostcall.CapFileWait:
                var waitBuffer = FindAccessibleBuffer(caller, Arg(0), Arg(1), out result);
                if (waitBuffer is null)
                {
                    break;
                }
                var seen = (long)Arg(2);
                if (waitBuffer.Notifications > seen)
                {
                    result = waitBuffer.Notifications;
                    break;
                }
                return Suspend(hart, pc, () => { thread.WaitBuffer = waitBuffer; Block(thread); });
            case Hostcall.CapFileNotify:
                var notified = FindAccessibleBuffer(caller, Arg(0), Arg(1), out result);
                if (notified is not null)
                {
                    result = ++notified.Notifications;
                    foreach (var waiter in _threads.Where(t => t.State == ThreadState.Blocked && t.WaitBuffer == notified).ToArray())
                    {
                        Wake(waiter, notified.Notifications, 0);
                    }
                }
                break;
            case Hostcall.CapFileClose:
                var closing = FindAccessibleBuffer(caller, Arg(0), Arg(1), out result);
                if (closing is null)
                {
                    break;
                }
                if (closing.Owner != caller && (closing.Owner is not null || closing.GrantFor(caller.Name) is not { Write: true }))
                {
                    result = CvmError.Permission;
                    break;
                }
                // Revocation sweeps the registers too, so it runs once this thread's registers are saved.
                return Finish(() => thread.Context.SetInteger(Register.A0, (ulong)CloseBuffer(closing)));
            case Hostcall.CallLookup:
                result = CallLookup(caller, Arg(0), Arg(1));
                break;
            case Hostcall.ServiceCall:
                result = ServiceCall(caller, Arg(0), Arg(1), Arg(2), Arg(3), Arg(4));
                break;
            case Hostcall.CallAsync:
                result = CallAsync(caller, Arg(0), [Arg(1), Arg(2), Arg(3), Arg(4)], Arg(5));
                break;
            default:
                result = CvmError.NoSystemCall;
                break;
        }
        hart.SetRegister(Register.A0, (ulong)result);
        hart.SetRegister(Register.A1, (ulong)second);
        return TrapDisposition.Complete;

        // Ends the slice after the ecall; the action runs once the thread's context is saved.
        TrapDisposition Finish(Action action)
        {
            hart.SetRegister(Register.A1, 0);
            return Suspend(hart, pc, action);
        }
    }

    private TrapDisposition Suspend(Hart hart, ulong pc, Action action)
    {
        hart.Pc = pc + 4;
        _afterSlice = action;
        return TrapDisposition.Stop;
    }

    private long ConsoleWrite(CvmInstance caller, ulong pointer, ulong length)
    {
        if (length > MaxConsoleWrite)
        {
            return CvmError.Invalid;
        }
        var bytes = new byte[length];
        if (!ReadGuest(caller, pointer, bytes))
        {
            return CvmError.Fault;
        }
        var text = Encoding.UTF8.GetString(bytes);
        caller.Console.Append(text);
        _options.ConsoleWriter?.Invoke(caller.Name, text);
        return (long)length;
    }

    private long CvmInfo(CvmInstance caller, GuestThread thread, ulong pointer, ulong size)
    {
        if (size < CvmInfoSize)
        {
            return CvmError.Invalid;
        }
        var iso = caller.Definition.Isolation;
        ulong[] fields = [(ulong)caller.Index, (ulong)thread.Id, iso.Base, iso.Size, iso.Begin, iso.End, caller.HeapStart, caller.HeapEnd, caller.TableAddress];
        var bytes = new byte[CvmInfoSize];
        for (var i = 0; i < fields.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), fields[i]);
        }
        return WriteGuest(caller, pointer, bytes) ? CvmInfoSize : CvmError.Fault;
    }

    private long Advertise(CvmInstance caller, ulong namePointer, ulong nameLength, ulong address, ulong size)
    {
        if (ReadName(caller, namePointer, nameLength, out var name) is { } error)
        {
            return error;
        }
        var buffer = _buffers.FirstOrDefault(b => b.Name == name);
        if (buffer is null)
        {
            return CvmError.NotFound;
        }
        if (buffer.Owner != caller)
        {
            return CvmError.Permission;
        }
        if (buffer.Available && !buffer.Closed)
        {
            return CvmError.Exists;
        }
        if (size == 0 || size > buffer.Definition.Size)
        {
            return CvmError.Invalid;
        }
        if (!caller.Contains(address, size) || !Memory.IsMapped(address, size))
        {
            return CvmError.Fault;
        }
        if (!Capability.Root.SetAddress(address).SetBounds(size, out var exact).Tag || !exact)
        {
            // A capability to it would have to cover bytes beyond the buffer.
            return CvmError.Invalid;
        }
        buffer.Address = address;
        buffer.Length = size;
        buffer.Available = true;
        buffer.Closed = false;
        buffer.Notifications = 0;
        return 0;
    }

    private long Probe(CvmInstance caller, ulong namePointer, ulong nameLength, ulong destination)
    {
        var buffer = FindAccessibleBuffer(caller, namePointer, nameLength, out var error);
        if (buffer is null)
        {
            return error;
        }
        if (!buffer.Available)
        {
            return CvmError.TryAgain;
        }
        if ((destination & 15) != 0 || !caller.Contains(destination, 16) || !Memory.IsMapped(destination, 16))
        {
            return CvmError.Fault;
        }
        var grant = buffer.Owner == caller ? new CapFileGrant(caller.Name, true, true) : buffer.GrantFor(caller.Name)!;
        var permissions = CapabilityPermissions.Global
            | (grant.Read ? CapabilityPermissions.Load : 0)
            | (grant.Write ? CapabilityPermissions.Store : 0);
        var capability = Capability.Root.SetAddress(buffer.Address).SetBoundsExact(buffer.Length).AndPermissions(permissions);
        WriteCapability(destination, capability);
        caller.BytesShared += (long)buffer.Length;
        return (long)buffer.Length;
    }

    /// <summary>The buffer named by the guest, if the caller is its owner or on its access list; else an error.</summary>
    private SharedBuffer? FindAccessibleBuffer(CvmInstance caller, ulong namePointer, ulong nameLength, out long error)
    {
        if (ReadName(caller, namePointer, nameLength, out var name) is { } nameError)
        {
            error = nameError;
            return null;
        }
        var buffer = _buffers.FirstOrDefault(b => b.Name == name);
        error = buffer is null ? CvmError.NotFound
            : buffer.Owner != caller && buffer.GrantFor(caller.Name) is not ({ Read: true } or { Write: true }) ? CvmError.Permission
            : buffer.Closed ? CvmError.Closed
            : 0;
        return error == 0 ? buffer : null;
    }

    /// <summary>Closes a buffer: every capability to it is revoked and its waiters are told. Returns the revoked count.</summary>
    private long CloseBuffer(SharedBuffer buffer)
    {
        buffer.Closed = true;
        foreach (var waiter in _threads.Where(t => t.State == ThreadState.Blocked && t.WaitBuffer == buffer).ToArray())
        {
            Wake(waiter, CvmError.Closed, 0);
        }
        return buffer.Available ? Revoke(buffer.Address, buffer.Address + buffer.Length) : 0;
    }

    private long CallLookup(CvmInstance caller, ulong namePointer, ulong nameLength)
    {
        if (ReadName(caller, namePointer, nameLength, out var name) is { } error)
        {
            return error;
        }
        if (caller.Imports.FirstOrDefault(w => $"{w.Callee.Name}.{w.Export.Name}" == name) is { } wiring)
        {
            return wiring.ImportIndex;
        }
        var hostIndex = caller.HostImports.FindIndex(i => $"{i.Service.Provider}.{i.Export}" == name);
        if (hostIndex >= 0)
        {
            return Hostcall.HostImportBase + hostIndex;
        }
        if (_hostServices.Any(h => h.Exports.Any(e => $"{h.Provider}.{e}" == name)))
        {
            return CvmError.Permission;
        }
        return _cvms.Any(c => c.Definition.Exports.Any(e => $"{c.Name}.{e.Name}" == name)) ? CvmError.Permission : CvmError.NotFound;
    }

    /// <summary>
    /// Starts an asynchronous CP_Call: a new worker thread of the caller enters the import's gate exactly as if it
    /// had just executed the CInvoke (PCC at the switcher's call entry, c31 the unsealed gate descriptor), so the
    /// call runs in the callee through the ordinary switcher path. Its return lands in the guest runtime's
    /// <c>__cvm_async_done</c> with the record address in s0 (s0 survives the call on the trusted stack), which
    /// stores status and result into the record and notifies the record's CP_File.
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
        if (caller.Program.SymbolAddress("__cvm_async_done") is not { } completion || !caller.Contains(completion, 4) || (completion & 1) != 0)
        {
            return CvmError.NoSystemCall;
        }
        var wiring = caller.Imports[(int)importIndex];
        var worker = CreateThread(caller, SwitcherCode.CallEntry, arguments[0], arguments[1]);
        if (worker is null)
        {
            return CvmError.TryAgain;
        }
        var context = worker.Context;
        context.Pcc = _switcherCode.SetAddress(SwitcherCode.CallEntry);
        context.SetInteger(Register.A2, arguments[2]);
        context.SetInteger(Register.A3, arguments[3]);
        context.SetInteger(Register.Ra, completion);
        context.SetInteger(Register.S0, record);
        context.Registers[Register.T6] = _monitorData.SetAddress(wiring.Descriptor);
        return worker.Id;
    }

    private long? ReadName(CvmInstance caller, ulong pointer, ulong length, out string name)
    {
        name = "";
        if (length == 0 || length > MaxNameLength)
        {
            return CvmError.Invalid;
        }
        var bytes = new byte[length];
        if (!ReadGuest(caller, pointer, bytes))
        {
            return CvmError.Fault;
        }
        name = Encoding.UTF8.GetString(bytes);
        return null;
    }

    /// <summary>Reads guest memory only inside the caller's own bounds.</summary>
    private bool ReadGuest(CvmInstance caller, ulong pointer, Span<byte> destination) =>
        caller.Contains(pointer, (ulong)destination.Length) && Memory.TryRead(pointer, destination);

    /// <summary>Writes guest memory only inside the caller's own bounds.</summary>
    private bool WriteGuest(CvmInstance caller, ulong pointer, ReadOnlySpan<byte> source) =>
        caller.Contains(pointer, (ulong)source.Length) && Memory.TryWrite(pointer, source);
}
