using Cvm.Cheri;
using Cvm.Machine;

namespace Cvm.Monitor;

public sealed partial class CvmMonitor
{
    /// <summary>
    /// Records a fault of <paramref name="executing"/> on <paramref name="thread"/> and contains it: a fault inside
    /// a CP_Call unwinds only that call (the caller gets <see cref="CvmError.CalleeFault"/> or
    /// <see cref="CvmError.CalleeBudget"/>); either way the faulting cVM then meets its <see cref="FaultPolicy"/>.
    /// </summary>
    private void HandleFault(GuestThread thread, CvmInstance executing, FaultKind kind, Trap? trap, string description)
    {
        var frames = ReadFrames(thread);
        var call = frames.Count > 0 ? WiringOf(frames[^1]) : null;
        var inCall = call is not null && call.Callee == executing;
        var pc = trap?.Pc ?? thread.Context.Pcc.Address;
        var fault = new CvmFault(executing.Name, thread.Id, pc, kind, trap?.Cause, trap?.Value ?? 0, description,
            InSwitcher(pc) ? SwitcherCode.Symbolize(pc) : executing.Program.Symbolize(pc), inCall ? call!.Caller.Name : null);
        _faults.Add(fault);
        executing.Fault = fault;
        if (inCall)
        {
            Unwind(thread, frames.Count - 1, kind == FaultKind.BudgetExhausted ? CvmError.CalleeBudget : CvmError.CalleeFault);
        }
        Terminate(executing, CvmState.Faulted, CvmError.CalleeFault);
        if (executing.Definition.OnFault == FaultPolicy.Restart)
        {
            Reload(executing);
        }
    }

    /// <summary>
    /// Ends a cVM: its threads end (calls they are making elsewhere are unwound), calls into it are unwound with
    /// <paramref name="errorForCallers"/>, its gates refuse further calls, buffers it owns close, and every
    /// capability into its region is revoked.
    /// </summary>
    private void Terminate(CvmInstance cvm, CvmState state, long errorForCallers)
    {
        cvm.State = state;
        WriteWord(cvm.StateWord, Switcher.StateStopped);
        foreach (var thread in _threads.Where(t => t.State != ThreadState.Done).ToArray())
        {
            var frames = ReadFrames(thread);
            if (thread.Home == cvm)
            {
                if (frames.Count > 0)
                {
                    Unwind(thread, 0, errorForCallers);
                }
                EndThread(thread, thread.ExitValue, killed: true);
                continue;
            }
            var outermost = frames.FindIndex(f => WiringOf(f).Callee == cvm);
            if (outermost >= 0)
            {
                Unwind(thread, outermost, errorForCallers);
            }
        }
        Retire(cvm);
    }

    /// <summary>A cVM that ended, however it ended: buffers it owns close and capabilities into its region are revoked.</summary>
    private void Retire(CvmInstance cvm)
    {
        foreach (var buffer in _buffers.Where(b => b.Owner == cvm && b.Available && !b.Closed))
        {
            CloseBuffer(buffer);
        }
        var iso = cvm.Definition.Isolation;
        Revoke(iso.Begin, iso.End);
    }

    /// <summary>
    /// Pops the thread's trusted stack down to frame <paramref name="index"/> and resumes the caller of that call
    /// with a0 = <paramref name="status"/>, as the switcher's return path would, every other register cleared.
    /// </summary>
    private void Unwind(GuestThread thread, int index, long status)
    {
        var frames = ReadFrames(thread);
        for (var k = frames.Count - 1; k >= index; k--)
        {
            var callee = WiringOf(frames[k]).Callee;
            if (ReadWord(callee.StateWord) == Switcher.StateInCall)
            {
                WriteWord(callee.StateWord, Switcher.StateIdle);
            }
            WriteCapability(CallBufferSlot(callee), Capability.Null);
            WriteCapability(TableSlot(callee, CapabilityTable.CallOutBuffer), Capability.Null);
        }
        var frame = frames[index];
        var caller = WiringOf(frame).Caller;
        var context = thread.Context;
        context.Clear();
        var ra = ReadWord(frame + Switcher.FrameRa);
        context.SetInteger(Register.Ra, ra);
        context.SetInteger(Register.Sp, ReadWord(frame + Switcher.FrameSp));
        context.SetInteger(Register.Gp, ReadWord(frame + Switcher.FrameGp));
        context.SetInteger(Register.Tp, ReadWord(frame + Switcher.FrameTp));
        for (var i = 0; i < 12; i++)
        {
            var register = i < 2 ? Register.S0 + i : Register.S2 + i - 2;
            context.SetInteger(register, ReadWord(frame + Switcher.FrameS0 + (ulong)(8 * i)));
        }
        for (var i = 0; i < Switcher.SavedFloatRegisters.Length; i++)
        {
            context.FloatRegisters[Switcher.SavedFloatRegisters[i]] = ReadWord(frame + Switcher.FrameFs0 + (ulong)(8 * i));
        }
        context.Fcsr = ReadWord(frame + Switcher.FrameFcsr);
        context.SetInteger(Register.A0, (ulong)status);
        context.Ddc = caller.Ddc;
        // As the switcher's jalr.cap does, bit 0 of the return address is ignored.
        context.Pcc = caller.Pcc.SetAddress(ra & ~1UL);
        WriteWord(thread.TrustedStack + Switcher.StackTop, frame);
        if (thread.State == ThreadState.Blocked)
        {
            Wake(thread, status, 0);
        }
    }

    /// <summary>Reloads a stopped cVM from its image into a fresh region and starts its main thread.</summary>
    private void Reload(CvmInstance cvm)
    {
        var iso = cvm.Definition.Isolation;
        Memory.Unmap(iso.Base, iso.Size);
        LoadImage(cvm);
        WriteDescriptorsAndTable(cvm);
        foreach (var buffer in _buffers.Where(b => b.Owner == cvm))
        {
            buffer.Available = false;
            buffer.Closed = false;
        }
        cvm.Restarts++;
        StartCvm(cvm);
    }

    /// <summary>
    /// Invalidates every capability whose bounds overlap [<paramref name="low"/>, <paramref name="high"/>): in
    /// tagged memory outside the monitor's own state and in every thread's saved registers. Returns the count.
    /// </summary>
    private long Revoke(ulong low, ulong high)
    {
        long count = 0;
        var monitorStateLow = _options.MonitorBase;
        var monitorStateHigh = _options.MonitorBase + SharedBuffersOffset;
        foreach (var address in Memory.TaggedGranuleAddresses())
        {
            if (address >= monitorStateLow && address < monitorStateHigh)
            {
                continue;
            }
            var capability = ReadCapability(address);
            if (Overlaps(capability, low, high))
            {
                WriteCapability(address, capability.ClearTag());
                count++;
            }
        }
        foreach (var thread in _threads.Where(t => t.State != ThreadState.Done))
        {
            var registers = thread.Context.Registers;
            for (var i = 1; i < registers.Length; i++)
            {
                if (Overlaps(registers[i], low, high))
                {
                    registers[i] = registers[i].ClearTag();
                    count++;
                }
            }
        }
        _revoked += count;
        return count;
    }

    private static bool Overlaps(Capability capability, ulong low, ulong high)
    {
        if (!capability.Tag)
        {
            return false;
        }
        var bounds = capability.GetBounds();
        return bounds.Base < high && bounds.Top > low;
    }
}
