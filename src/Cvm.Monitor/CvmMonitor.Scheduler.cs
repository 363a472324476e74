using System.Text;
using Cvm.Cheri;
using Cvm.Machine;

namespace Cvm.Monitor;

public sealed partial class CvmMonitor
{
    private readonly bool[] _trustedStackInUse = new bool[MaxThreadsTotal];
    private int _lastScheduled = -1;
    private GuestThread? _current;
    private ulong _sliceStartRetired;

    // What the trap handler decided and the scheduler carries out once the thread's context is saved.
    private Action? _afterSlice;

    /// <summary>Runs threads round-robin until none can run or the clock reaches <paramref name="limit"/>; true if every thread ended.</summary>
    private bool Schedule(ulong limit, Func<bool>? until = null)
    {
        while (_clock < limit && until?.Invoke() != true)
        {
            StartDueCvms();
            WakeSleepers();
            var thread = NextRunnable();
            if (thread is null)
            {
                var sleeper = _threads.Where(IsSleeping).MinBy(t => t.WakeClock);
                if (sleeper is null)
                {
                    break;
                }
                // Nothing can run until the earliest sleeper's deadline: the deterministic clock jumps there.
                _clock = Math.Min(sleeper.WakeClock, limit);
                continue;
            }
            RunSlice(thread, limit);
        }
        return _nextToStart == _cvms.Count && _threads.All(t => t.State == ThreadState.Done);
    }

    private static bool IsSleeping(GuestThread t) => t.State == ThreadState.Blocked && t.JoinTarget is null && t.WaitBuffer is null;

    private void WakeSleepers()
    {
        foreach (var thread in _threads.Where(t => IsSleeping(t) && t.WakeClock <= _clock))
        {
            Wake(thread, 0, 0);
        }
    }

    private GuestThread? NextRunnable()
    {
        for (var step = 1; step <= _threads.Count; step++)
        {
            var index = (_lastScheduled + step) % _threads.Count;
            if (_threads[index].State == ThreadState.Runnable)
            {
                _lastScheduled = index;
                return _threads[index];
            }
        }
        return null;
    }

    /// <summary>Starts cVMs in order as each predecessor's <see cref="CvmDefinition.Wait"/> allows.</summary>
    private void StartDueCvms()
    {
        while (_nextToStart < _cvms.Count)
        {
            if (_nextToStart > 0)
            {
                var previous = _cvms[_nextToStart - 1];
                var wait = previous.Definition.Wait;
                var due = wait == 0 || previous.State != CvmState.Running
                    || (wait == -1 ? previous.MainThread?.State == ThreadState.Done : previous.QuantaRun >= wait);
                if (!due)
                {
                    return;
                }
            }
            // A cVM the host stopped before its turn stays stopped.
            var next = _cvms[_nextToStart++];
            if (next.State == CvmState.Created)
            {
                StartCvm(next);
            }
        }
    }

    private void StartCvm(CvmInstance cvm)
    {
        cvm.State = CvmState.Running;
        cvm.ExitCode = null;
        // argv strings and the pointer array go at the top of the main thread's stack.
        var stackTop = cvm.StackTops[0];
        var args = cvm.Definition.Args;
        var cursor = stackTop;
        var pointers = new ulong[args.Count + 1];
        for (var i = 0; i < args.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(args[i] + "\0");
            cursor -= (ulong)bytes.Length;
            Memory.TryWrite(cursor, bytes);
            pointers[i] = cursor;
        }
        cursor = (cursor - (ulong)pointers.Length * 8) & ~15UL;
        var argv = cursor;
        for (var i = 0; i < pointers.Length; i++)
        {
            WriteWord(argv + (ulong)i * 8, pointers[i]);
        }
        var main = CreateThread(cvm, cvm.Program.Entry, (ulong)args.Count, argv, stackPointer: (argv - 16) & ~15UL)!;
        cvm.MainThread = main;
    }

    /// <summary>A new thread of <paramref name="cvm"/> at <paramref name="entry"/>, or null if every stack slot is taken.</summary>
    private GuestThread? CreateThread(CvmInstance cvm, ulong entry, ulong a0, ulong a1, ulong? stackPointer = null)
    {
        var usedSlots = _threads.Where(t => t.Home == cvm && t.State != ThreadState.Done).Select(t => t.StackSlot).ToHashSet();
        var slot = Enumerable.Range(0, cvm.StackTops.Length).Where(s => !usedSlots.Contains(s)).DefaultIfEmpty(-1).First();
        var trustedIndex = Array.IndexOf(_trustedStackInUse, false);
        if (slot < 0 || trustedIndex < 0)
        {
            return null;
        }
        _trustedStackInUse[trustedIndex] = true;
        var trustedStack = _options.MonitorBase + TrustedStacksOffset + (ulong)trustedIndex * TrustedStackSize;
        WriteWord(trustedStack + Switcher.StackTop, trustedStack + Switcher.StackFirstFrame);
        WriteWord(trustedStack + Switcher.StackLimit, trustedStack + TrustedStackSize);
        WriteWord(trustedStack + Switcher.StackBase, trustedStack + Switcher.StackFirstFrame);
        WriteWord(trustedStack + Switcher.StackLastCharge, 0);

        var thread = new GuestThread(_nextThreadId++, cvm, slot, trustedStack);
        var context = thread.Context;
        context.Clear();
        context.Pcc = cvm.Pcc.SetAddress(entry);
        context.Ddc = cvm.Ddc;
        context.SetInteger(Register.Sp, stackPointer ?? cvm.StackTops[slot]);
        context.SetInteger(Register.A0, a0);
        context.SetInteger(Register.A1, a1);
        context.SetInteger(Register.A2, cvm.TableAddress);
        _threads.Add(thread);
        return thread;
    }

    private void RunSlice(GuestThread thread, ulong limit)
    {
        var hart = Hart;
        _current = thread;
        var executing = ExecutingCvm(thread);
        thread.Context.Restore(hart);
        // rdinstret in the switcher reads the thread's own count (host writes of minstret take effect as if the
        // writing instruction then retired, hence the −1 the hart applies is compensated here).
        hart.TryWriteCsr(Hart.Csr.Minstret, thread.Instret + 1);
        WriteWord(SwitcherCode.GlobalPage + Switcher.GlobalCurrentThread, thread.TrustedStack);

        var slice = Math.Min(_options.Quantum, limit - _clock);
        if (executing.Definition.InstructionBudget is { } cvmBudget)
        {
            var used = InstructionsOf(executing);
            slice = Math.Min(slice, cvmBudget > used ? cvmBudget - used : 0);
        }
        var frames = ReadFrames(thread);
        if (frames.Count > 0 && CallBudget(thread, frames) is { } callBudget)
        {
            var used = thread.Instret - ReadWord(frames[^1] + Switcher.FrameInstret);
            slice = Math.Min(slice, callBudget > used ? callBudget - used : 0);
        }

        _afterSlice = null;
        _sliceStartRetired = hart.InstructionsRetired;
        var reason = slice == 0 ? StopReason.BudgetExhausted : hart.Run(slice);
        // The switcher is never interrupted: finish it (it has no loops, so this ends within a few instructions).
        while (reason == StopReason.BudgetExhausted && _afterSlice is null && InSwitcher(hart.Pc))
        {
            reason = hart.Run(1);
        }
        var ran = hart.InstructionsRetired - _sliceStartRetired;
        thread.Instret += ran;
        _clock += ran;
        executing.QuantaRun++;
        // Whatever ran since the last crossing belongs to the cVM the thread is in now.
        var charged = ReadWord(thread.TrustedStack + Switcher.StackLastCharge);
        ExecutingCvm(thread).Instructions += thread.Instret - charged;
        WriteWord(thread.TrustedStack + Switcher.StackLastCharge, thread.Instret);
        thread.Context.Save(hart);
        _current = null;

        if (_afterSlice is { } action)
        {
            _afterSlice = null;
            action();
        }
        else if (reason == StopReason.BudgetExhausted)
        {
            EnforceBudgets(thread, ExecutingCvm(thread));
        }
    }

    private void EnforceBudgets(GuestThread thread, CvmInstance executing)
    {
        var frames = ReadFrames(thread);
        if (frames.Count > 0 && CallBudget(thread, frames) is { } callBudget
            && thread.Instret - ReadWord(frames[^1] + Switcher.FrameInstret) >= callBudget)
        {
            HandleFault(thread, executing, FaultKind.BudgetExhausted, null, $"the call used up its budget of {callBudget} instructions");
        }
        else if (executing.Definition.InstructionBudget is { } cvmBudget && InstructionsOf(executing) >= cvmBudget)
        {
            HandleFault(thread, executing, FaultKind.BudgetExhausted, null, $"the cVM used up its budget of {cvmBudget} instructions");
        }
    }

    /// <summary>The innermost call's budget: the export's, or for the host's own call the smaller of that and the method's.</summary>
    private ulong? CallBudget(GuestThread thread, List<ulong> frames)
    {
        var exportBudget = WiringOf(frames[^1]).Export.InstructionBudget;
        if (frames.Count == 1 && thread.HostCall?.Budget is { } hostBudget)
        {
            return exportBudget is { } b ? Math.Min(b, hostBudget) : hostBudget;
        }
        return exportBudget;
    }

    private bool InSwitcher(ulong pc) => pc - _options.MonitorBase < SwitcherSize;

    /// <summary>The cVM whose code a thread runs: the callee of its innermost call, else its own.</summary>
    private CvmInstance ExecutingCvm(GuestThread thread)
    {
        var frames = ReadFrames(thread);
        return frames.Count > 0 ? WiringOf(frames[^1]).Callee : thread.Home;
    }

    /// <summary>Addresses of the thread's trusted-stack frames, outermost first (monitor memory: no guest can write it).</summary>
    private List<ulong> ReadFrames(GuestThread thread)
    {
        var frames = new List<ulong>();
        var top = ReadWord(thread.TrustedStack + Switcher.StackTop);
        for (var frame = thread.TrustedStack + Switcher.StackFirstFrame; frame + Switcher.FrameSize <= top; frame += Switcher.FrameSize)
        {
            frames.Add(frame);
        }
        return frames;
    }

    private CallWiring WiringOf(ulong frame) => _callDescriptors[ReadWord(frame + Switcher.FrameDescriptor)];

    private void Block(GuestThread thread)
    {
        thread.State = ThreadState.Blocked;
    }

    /// <summary>Makes a blocked thread runnable with hostcall results a0/a1.</summary>
    private static void Wake(GuestThread thread, long a0, long a1)
    {
        thread.State = ThreadState.Runnable;
        thread.JoinTarget = null;
        thread.WaitBuffer = null;
        thread.WakeClock = 0;
        thread.Context.SetInteger(Register.A0, (ulong)a0);
        thread.Context.SetInteger(Register.A1, (ulong)a1);
    }

    /// <summary>Ends a thread: its stack slot and trusted stack are freed and joiners are woken.</summary>
    private void EndThread(GuestThread thread, long exitValue, bool killed)
    {
        thread.State = ThreadState.Done;
        thread.ExitValue = exitValue;
        thread.Killed = killed;
        thread.Context.Clear();
        _trustedStackInUse[(int)((thread.TrustedStack - _options.MonitorBase - TrustedStacksOffset) / TrustedStackSize)] = false;
        foreach (var joiner in _threads.Where(t => t.State == ThreadState.Blocked && t.JoinTarget == thread).ToArray())
        {
            Wake(joiner, killed ? CvmError.Stopped : 0, exitValue);
        }
        var home = thread.Home;
        if (home.State == CvmState.Running && _threads.All(t => t.Home != home || t.State == ThreadState.Done))
        {
            home.State = CvmState.Exited;
            home.ExitCode ??= home.MainThread?.ExitValue;
            WriteWord(home.StateWord, Switcher.StateStopped);
            Retire(home);
        }
    }

    /// <summary>Register numbers the monitor sets.</summary>
    private static class Register
    {
        public const int Ra = 1, Sp = 2, Gp = 3, Tp = 4, S0 = 8, A0 = 10, A1 = 11, A2 = 12, A3 = 13, T5 = 30, T6 = 31;

        /// <summary>s2–s11.</summary>
        public const int S2 = 18;
    }

    private sealed class MonitorTrapHandler(CvmMonitor monitor) : ITrapHandler
    {
        public TrapDisposition HandleTrap(Hart hart, in Trap trap) => monitor.OnTrap(hart, trap);
    }

    /// <summary>Every trap of every cVM comes here first; only the hostcall <c>ecall</c> is served in place.</summary>
    private TrapDisposition OnTrap(Hart hart, in Trap trap)
    {
        var thread = _current!;
        // Calls made during this slice may have moved the thread into another cVM: the trusted stack says where it is.
        var executing = ExecutingCvm(thread);
        if (trap.Cause == TrapCause.EnvironmentCallFromUser && trap.Pc == SwitcherCode.HostcallEcall
            && _hostcallDescriptors.TryGetValue(hart.GetCapabilityRegister(Register.T6).Address, out var caller))
        {
            return ServeHostcall(hart, thread, caller, trap.Pc);
        }
        if (trap.Cause == TrapCause.EnvironmentCallFromUser && trap.Pc == SwitcherCode.HostReturnEcall && thread.HostCall is { Done: false } hostCall)
        {
            var status = (long)hart.GetRegister(Register.A0);
            var result = (long)hart.GetRegister(Register.A1);
            _afterSlice = () => CompleteHostCall(thread, hostCall, status, result);
            return TrapDisposition.Stop;
        }
        var faultTrap = trap;
        var (kind, description) = trap.Cause == TrapCause.EnvironmentCallFromUser
            ? trap.Pc == SwitcherCode.BadReturnEcall
                ? (FaultKind.BadReturn, "return gate used with no call to this cVM in progress")
                : (FaultKind.ForbiddenEcall, "ecall outside the hostcall gate")
            : (FaultKind.Trap, trap.Description);
        _afterSlice = () => HandleFault(thread, executing, kind, faultTrap, description);
        return TrapDisposition.Stop;
    }
}
