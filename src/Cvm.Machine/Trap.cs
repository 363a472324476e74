namespace Cvm.Machine;

/// <summary>Synchronous exception causes (the mcause values) this hart raises.</summary>
public enum TrapCause : byte
{
    InstructionAddressMisaligned = 0,
    InstructionAccessFault = 1,
    IllegalInstruction = 2,
    Breakpoint = 3,
    LoadAddressMisaligned = 4,
    LoadAccessFault = 5,
    StoreAddressMisaligned = 6,
    StoreAccessFault = 7,
    EnvironmentCallFromUser = 8,
    EnvironmentCallFromMachine = 11,
    /// <summary>A CHERI exception; mtval holds <c>cap_idx &lt;&lt; 5 | cause</c>.</summary>
    Cheri = 28,
}

/// <summary>A precise trap: what went wrong, the mtval value, and the PC of the instruction that raised it.</summary>
public readonly record struct Trap(TrapCause Cause, ulong Value, ulong Pc)
{
    /// <summary>
    /// The cause as a person would name it, e.g. "load access fault"; a CHERI exception also names its cause and
    /// capability, e.g. "CHERI exception: tag violation on c10".
    /// </summary>
    public string Description => Cause == TrapCause.Cheri ? $"{Describe(Cause)}: {CheriFault.Describe(Value)}" : Describe(Cause);

    /// <summary>The CHERI cause of a CHERI exception (mtval bits 4..0), or null for other traps.</summary>
    public CheriCause? CheriCause => Cause == TrapCause.Cheri ? CheriFault.CauseOf(Value) : null;

    /// <summary>Names a cause as the privileged specification does.</summary>
    public static string Describe(TrapCause cause) => cause switch
    {
        TrapCause.InstructionAddressMisaligned => "instruction address misaligned",
        TrapCause.InstructionAccessFault => "instruction access fault",
        TrapCause.IllegalInstruction => "illegal instruction",
        TrapCause.Breakpoint => "breakpoint",
        TrapCause.LoadAddressMisaligned => "load address misaligned",
        TrapCause.LoadAccessFault => "load access fault",
        TrapCause.StoreAddressMisaligned => "store/AMO address misaligned",
        TrapCause.StoreAccessFault => "store/AMO access fault",
        TrapCause.EnvironmentCallFromUser => "environment call from U-mode",
        TrapCause.EnvironmentCallFromMachine => "environment call from M-mode",
        TrapCause.Cheri => "CHERI exception",
        _ => $"exception {(int)cause}",
    };
}

/// <summary>What a host trap handler decided about a trap.</summary>
public enum TrapDisposition
{
    /// <summary>Not claimed: deliver it architecturally (mepc, mcause, mtval, mstatus; jump to mtvec).</summary>
    Deliver,

    /// <summary>
    /// Claimed and emulated to completion: execution continues after the instruction. Having trapped, it does not
    /// count as retired (the privileged specification's minstret rule, which qemu-riscv64 follows too).
    /// </summary>
    Complete,

    /// <summary>Claimed: execution continues at <see cref="Hart.Pc"/> as the handler left it; nothing retires.</summary>
    Resume,

    /// <summary>Claimed: stop the run now (the handler records why).</summary>
    Stop,
}

/// <summary>
/// Host code that sees every trap before the guest does (the monitor, the Linux personality, bare-metal HTIF).
/// Called on the emulator's thread with the hart stopped at the trapping instruction (<see cref="Hart.Pc"/> =
/// <see cref="Trap.Pc"/>); the handler may read and write registers and memory.
/// </summary>
public interface ITrapHandler
{
    TrapDisposition HandleTrap(Hart hart, in Trap trap);

    /// <summary>
    /// Called after a guest store to a range registered with <see cref="Memory.TaggedMemory.WatchWrites"/> has
    /// retired (<see cref="Hart.Pc"/> is the next instruction). Returns true to stop the run.
    /// </summary>
    bool HandleWatchedWrite(Hart hart) => false;
}

/// <summary>Why <see cref="Hart.Run"/> returned.</summary>
public enum StopReason
{
    /// <summary>The instruction budget was used up exactly; <see cref="Hart.Run"/> can be called again to continue.</summary>
    BudgetExhausted,

    /// <summary>The trap handler stopped the run.</summary>
    Stopped,
}
