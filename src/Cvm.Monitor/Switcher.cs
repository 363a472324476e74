using System.Globalization;
using System.Text;
using Cvm.Assembly;
using Cvm.Assembly.Text;
using Cvm.Cheri;

namespace Cvm.Monitor;

/// <summary>
/// The switcher: the only code through which control crosses a cVM boundary. It is RISC-V text, assembled at boot
/// with Cvm.Assembly at the start of the monitor region, and it runs on the emulator like guest code. Guests enter
/// it only by <c>CInvoke</c> of a sealed gate pair from their capability table, which leaves the unsealed gate
/// descriptor capability in c31 (ct6); with that authority installed as DDC it reads monitor state with ordinary
/// loads at absolute addresses. Host-implemented services leave the emulator through the <c>ecall</c> at
/// <see cref="HostcallEcall"/>, which the monitor's trap handler claims; an <c>ecall</c> anywhere else is a fault.
/// </summary>
/// <remarks>
/// The scheduler never preempts a thread while its PC is inside the switcher (the code has no loops, so it always
/// leaves within a few dozen instructions); the sequences below are therefore atomic with respect to other threads.
/// </remarks>
internal sealed class Switcher
{
    // Gate descriptor (in the monitor data area, one per gate; c31's address on entry).
    public const int DescCallerPcc = 0x00;   // cap: the caller's PCC (return target = it with address ra)
    public const int DescCallerDdc = 0x10;   // cap: the caller's DDC, reinstalled on return
    public const int DescCalleePcc = 0x20;   // cap: the export's entry (CP_Call gates)
    public const int DescCalleeDdc = 0x30;   // cap: the callee's DDC
    public const int DescCalleeStack = 0x40; // u64: top of the callee's incoming-call stack
    public const int DescCalleeState = 0x48; // u64: address of the callee's state word (0 idle, 1 in a call, 2 stopped)
    public const int DescBufferMode = 0x50;  // u64: 0 none, 1 in (load-only), 2 out (load/store), 3 frame (in area + out area)
    public const int DescBufferSlot = 0x60;  // cap: store-only capability to the callee's CallBuffer table slot
    public const int DescCallCount = 0x70;   // u64: calls entered through this gate (the caller's crossings)
    public const int DescChargeCounter = 0x78; // u64: address of the instruction counter of the cVM that ran before this crossing
    public const int DescOutBufferSlot = 0x80; // cap: store-only capability to the callee's CallOutBuffer table slot (frame exports)
    public const int DescriptorSize = 0xA0;

    // Callee state word values.
    public const ulong StateIdle = 0, StateInCall = 1, StateStopped = 2;

    // Per-thread trusted stack: a header, then frames growing upward.
    public const int StackTop = 0, StackLimit = 8, StackBase = 16, StackLastCharge = 24, StackFirstFrame = 32;
    public const int FrameRa = 0, FrameSp = 8, FrameGp = 16, FrameTp = 24, FrameS0 = 32, FrameDescriptor = 128, FrameInstret = 136;
    public const int FrameFs0 = 144, FrameFcsr = 240;
    public const int FrameSize = 248;

    /// <summary>The callee-saved floating-point registers fs0–fs11 (f8, f9, f18–f27), in frame order.</summary>
    public static readonly int[] SavedFloatRegisters = [8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27];

    /// <summary>Offset in the global page of the word holding the current thread's trusted-stack header address.</summary>
    public const int GlobalCurrentThread = 0;

    private Switcher(LinkedImage image, ulong globalPage)
    {
        Image = image;
        GlobalPage = globalPage;
        HostcallEntry = Symbol(image, "hostcall_entry");
        CallEntry = Symbol(image, "call_entry");
        ReturnEntry = Symbol(image, "return_entry");
        HostcallEcall = Symbol(image, "hostcall_ecall");
        HostReturnEcall = Symbol(image, "host_return_ecall");
        BadReturnEcall = Symbol(image, "bad_return_ecall");
        End = image.Sections.Max(s => s.Address + (ulong)s.Size);
    }

    public LinkedImage Image { get; }
    public ulong GlobalPage { get; }
    public ulong HostcallEntry { get; }
    public ulong CallEntry { get; }
    public ulong ReturnEntry { get; }
    public ulong HostcallEcall { get; }
    public ulong HostReturnEcall { get; }
    public ulong BadReturnEcall { get; }
    public ulong End { get; }

    /// <summary>Names a switcher address as "switcher:label+0xoffset" (fault records of crossings that went wrong).</summary>
    public string Symbolize(ulong address)
    {
        var label = Image.Symbols.Where(s => s.Address <= address).MaxBy(s => s.Address);
        return label is null ? "switcher" : $"switcher:{label.Name}+0x{address - label.Address:x}";
    }

    /// <summary>Assembles the switcher for code at <paramref name="codeBase"/> and the global page at <paramref name="globalPage"/>.</summary>
    public static Switcher Assemble(ulong codeBase, ulong globalPage)
    {
        var source = Source(globalPage);
        var image = Linker.Link(TextAssembler.Assemble(source, "switcher.s"), codeBase);
        return new Switcher(image, globalPage);
    }

    private static ulong Symbol(LinkedImage image, string name) =>
        image.AddressOf(name) ?? throw new InvalidOperationException($"the switcher lacks {name}");

    /// <summary>The switcher's text. Every line says why it is there.</summary>
    public static string Source(ulong globalPage)
    {
        var s = new StringBuilder();
        void L(string line) => s.Append(line).Append('\n');
        string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
        // Zeroing a register also drops any capability it held (an integer write makes it NULL-derived).
        void Scrub(string why, params string[] registers)
        {
            L($"    # {why}");
            foreach (var register in registers)
            {
                L($"    li {register}, 0                       # cleared");
            }
        }
        void ScrubFloat(string why, IEnumerable<int> registers)
        {
            L($"    # {why}");
            foreach (var register in registers)
            {
                L($"    fmv.d.x f{register}, zero              # cleared");
            }
        }
        var temporaries = new[] { "t0", "t1", "t2", "t3", "t4", "t5", "t6" };
        var unusedArguments = new[] { "a2", "a3", "a4", "a5", "a6", "a7" };
        var saved = new[] { "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11" };
        // Buffer capabilities are local (no Global): even a callee allowed to store capabilities lacks
        // Permit_Store_Local_Capability, so it cannot keep one beyond the call.
        var loadOnly = (ulong)CapabilityPermissions.Load;
        var loadStore = loadOnly | (ulong)CapabilityPermissions.Store;

        L("    .text");
        L("    .option norvc");
        L("# ---- Hostcall gate. CInvoke of table slots 0/1: c31 = this cVM's hostcall descriptor; t5 = number; a0-a7 = arguments.");
        L("    .globl hostcall_entry");
        L("hostcall_entry:");
        L("    cspecialw ddc, ct6              # the descriptor authority becomes DDC: the caller's DDC is no longer in force here");
        L("    .globl hostcall_ecall");
        L("hostcall_ecall:");
        L("    ecall                           # the host serves t5 (it names the caller by c31's address, never by guest input) and sets a0/a1");
        L("    j return_to_caller              # the return target comes from the descriptor, not from the caller");
        L("");
        L("# ---- CP_Call gate. CInvoke of an import pair: c31 = the grant's descriptor; a0-a5 = arguments; ra = return address.");
        L("    .globl call_entry");
        L("call_entry:");
        L("    cspecialw ddc, ct6              # monitor data authority for the loads and stores below");
        L($"    ld t0, {DescCalleeState}(t6)            # address of the callee's state word");
        L("    ld t1, 0(t0)                    # 0 idle, 1 already in a call, 2 stopped");
        L("    bnez t1, call_refused           # one call at a time per callee: its incoming stack is single");
        L($"    li t2, {Hex(globalPage + GlobalCurrentThread)}        # the word naming the running thread's trusted stack (kept by the scheduler)");
        L("    ld t2, 0(t2)                    # the trusted-stack header of this thread");
        L($"    ld t3, {StackTop}(t2)                    # current top: the new frame goes here");
        L($"    ld t4, {StackLimit}(t2)                    # end of the trusted stack");
        L($"    addi a7, t3, {FrameSize}              # end of the new frame");
        L("    bgtu a7, t4, call_too_deep      # no room: refuse rather than overwrite monitor memory");
        // Checks [base, base + length) against the caller's recorded DDC and derives a local capability bounded
        // exactly to it with only the permissions in `mask`, stored through the store-only capability at `slotField`.
        // Uses t1, t4, t5, ct1 and ct5 only (t0, t2, t3, a7 and t6 are live).
        void DeriveBuffer(string baseRegister, string lengthRegister, string mask, int slotField, string what)
        {
            L($"    lc ct1, {DescCallerDdc}(t6)            # the caller's own authority: the {what} is derived from it, nothing wider");
            L("    cgetbase t4, ct1                # lowest address the caller may touch");
            L($"    bltu {baseRegister}, t4, bad_buffer         # the {what} starts below the caller's region");
            L("    cgetlen t5, ct1                 # length of the caller's region");
            L("    add t5, t4, t5                  # end of the caller's region");
            L($"    add t4, {baseRegister}, {lengthRegister}                  # end of the {what}");
            L($"    bltu t4, {baseRegister}, bad_buffer         # the end wrapped around");
            L($"    bgtu t4, t5, bad_buffer         # the {what} ends beyond the caller's region");
            L($"    crrl t4, {lengthRegister}                     # bounds must be exact: no byte more than asked");
            L($"    bne t4, {lengthRegister}, bad_buffer          # length not representable exactly");
            L($"    cram t4, {lengthRegister}                     # alignment an exact base needs for this length");
            L($"    and t4, t4, {baseRegister}                  # the base rounded down to that alignment ...");
            L($"    bne t4, {baseRegister}, bad_buffer          # ... must be the base itself");
            L($"    csetaddr ct1, ct1, {baseRegister}           # point at the {what}");
            L($"    csetboundsexact ct1, ct1, {lengthRegister}    # bounded exactly to it");
            L($"    li t4, {mask}                  # {(mask == Hex(loadOnly) ? "load only" : "load and store")}");
            L("    candperm ct1, ct1, t4           # no LoadCap/StoreCap/Execute: plain data; no Global: it cannot be kept");
            L($"    lc ct5, {slotField}(t6)            # store-only capability to the callee's table slot for it");
            L("    sc.cap ct1, (ct5)               # the callee loads the capability from its own table");
        }
        L($"    ld a6, {DescBufferMode}(t6)            # does this export take a buffer in a0/a1 (or a frame in a0-a3)?");
        L("    beqz a6, push_frame             # scalars only: nothing to derive");
        L("    li t5, 3                        # 3 = BufferDirection.Frame");
        L("    beq a6, t5, frame_buffers       # a contract frame: two areas");
        L("    beqz a1, push_frame             # an empty buffer carries no capability");
        L("    li t1, 2                        # 2 = BufferDirection.Out");
        L("    beq a6, t1, out_buffer          # Out: load and store");
        DeriveBuffer("a0", "a1", Hex(loadOnly), DescBufferSlot, "buffer");
        L("    j push_frame                    # In: done");
        L("out_buffer:");
        DeriveBuffer("a0", "a1", Hex(loadStore), DescBufferSlot, "buffer");
        L("    j push_frame                    # Out: done");
        L("frame_buffers:                      # a0/a1 = in area, a2/a3 = out area; neither may be empty (each has a header)");
        L("    beqz a1, bad_buffer             # no in area: not a frame");
        L("    beqz a3, bad_buffer             # no out area: not a frame");
        DeriveBuffer("a0", "a1", Hex(loadOnly), DescBufferSlot, "in area");
        DeriveBuffer("a2", "a3", Hex(loadStore), DescOutBufferSlot, "out area");
        L("push_frame:");
        L($"    sd ra, {FrameRa}(t3)                    # the caller's registers live on the trusted stack, out of every cVM's reach");
        L($"    sd sp, {FrameSp}(t3)                    # the caller's stack pointer: the callee gets its own stack");
        L($"    sd gp, {FrameGp}(t3)                   # the caller's global pointer");
        L($"    sd tp, {FrameTp}(t3)                   # the caller's thread pointer");
        for (var i = 0; i < saved.Length; i++)
        {
            L($"    sd {saved[i]}, {FrameS0 + 8 * i}(t3)                  # callee-saved by the ABI, so the caller expects it back");
        }
        for (var i = 0; i < SavedFloatRegisters.Length; i++)
        {
            L($"    fsd f{SavedFloatRegisters[i]}, {FrameFs0 + 8 * i}(t3)          # fs registers too: the callee may neither read nor corrupt them");
        }
        L("    frcsr t4                        # the caller's rounding mode and flags ...");
        L($"    sd t4, {FrameFcsr}(t3)                  # ... restored on return");
        L($"    sd t6, {FrameDescriptor}(t3)                 # which gate: the return path and the host's unwinder find caller and callee from it");
        L("    rdinstret t4                    # the thread's own retired count (the scheduler virtualises it) for the call budget");
        L($"    sd t4, {FrameInstret}(t3)                  # entry instret: the host measures the call budget from it");
        L($"    ld t1, {StackLastCharge}(t2)                   # the thread's instret when the running cVM was last charged ...");
        L($"    sd t4, {StackLastCharge}(t2)                   # ... from now on the callee is charged");
        L("    sub t1, t4, t1                  # instructions the caller ran since");
        L($"    ld t5, {DescChargeCounter}(t6)            # the caller's instruction counter");
        L("    ld a6, 0(t5)                    # add them to it");
        L("    add a6, a6, t1                  # (counter += instructions since the last charge)");
        L("    sd a6, 0(t5)                    # stored back");
        L($"    sd a7, {StackTop}(t2)                    # commit the push");
        L($"    ld t1, {DescCallCount}(t6)            # count the crossing for the caller's statistics");
        L("    addi t1, t1, 1                  # one more call through this gate");
        L($"    sd t1, {DescCallCount}(t6)            # stored back");
        L("    li t1, 1                        # 1 = in a call");
        L("    sd t1, 0(t0)                    # the callee is now in a call");
        L($"    ld sp, {DescCalleeStack}(t6)            # the callee runs on its own stack, never the caller's");
        L($"    lc cra, {DescCalleePcc}(t6)            # the export's entry; jumping through ra leaves no other register holding it");
        L($"    lc ct0, {DescCalleeDdc}(t6)            # the callee's DDC as the monitor minted it");
        L("    cspecialw ddc, ct0              # the callee's data authority; the monitor's is gone from DDC");
        Scrub("nothing of the caller or the monitor reaches the callee except a0-a5", [.. temporaries, "a6", "a7", "gp", "tp", .. saved]);
        ScrubFloat("no floating-point value of the caller reaches the callee", Enumerable.Range(0, 32));
        L("    fscsr zero                      # nor its rounding mode and flags");
        L("    jalr.cap cnull, cra             # enter the callee (no link: it returns through its return gate)");
        L("");
        L("call_refused:                       # t1 = 1 (busy) or 2 (stopped)");
        L($"    li a0, {CvmError.Busy}                      # CVM_EBUSY unless ...");
        L("    li t2, 2                        # ... the state is 2 (stopped)");
        L("    bne t1, t2, call_failed         # busy: report it");
        L($"    li a0, {CvmError.Stopped}                     # CVM_ESTOPPED");
        L("    j call_failed                   # nothing was pushed: return at once");
        L("call_too_deep:");
        L($"    li a0, {CvmError.Depth}                     # CVM_EDEPTH");
        L("    j call_failed                   # nothing was pushed: return at once");
        L("bad_buffer:");
        L($"    li a0, {CvmError.Fault}                      # CVM_EFAULT: the buffer is not the caller's own");
        L("call_failed:");
        L("    li a1, 0                        # no callee result");
        L("    j return_to_caller              # the caller's registers were never touched but the scratch ones");
        L("");
        L("# ---- Return gate. CInvoke of table slots 2/3 by an export: c31 = the callee's return descriptor; a0 = result.");
        L("    .globl return_entry");
        L("return_entry:");
        L("    cspecialw ddc, ct6              # monitor data authority");
        L($"    li t2, {Hex(globalPage + GlobalCurrentThread)}        # the word naming the running thread's trusted stack");
        L("    ld t2, 0(t2)                    # this thread's trusted stack");
        L($"    ld t3, {StackTop}(t2)                    # its top ...");
        L($"    ld t4, {StackBase}(t2)                   # ... and its base");
        L("    beq t3, t4, bad_return          # no call in progress on this thread: a stale or forged return");
        L($"    addi t3, t3, -{FrameSize}             # the innermost frame");
        L($"    ld t5, {FrameDescriptor}(t3)                 # the gate that call came through");
        L($"    ld t0, {DescCalleeState}(t5)            # the callee of that call ...");
        L($"    ld t1, {DescCalleeState}(t6)            # ... must be the cVM returning now");
        L("    bne t0, t1, bad_return          # another cVM's call: not this gate's to end");
        L("    sd zero, 0(t0)                  # the callee is idle again");
        L($"    sd t3, {StackTop}(t2)                    # pop");
        L("    rdinstret t4                    # the thread's instret now");
        L($"    ld t1, {StackLastCharge}(t2)                   # when the callee started being charged");
        L($"    sd t4, {StackLastCharge}(t2)                   # from now on the caller is charged again");
        L("    sub t1, t4, t1                  # instructions the callee ran since it was entered (or last charged)");
        L($"    ld a2, {DescChargeCounter}(t6)            # the callee's instruction counter");
        L("    ld a3, 0(a2)                    # add them to it");
        L("    add a3, a3, t1                  # (counter += instructions since the last charge)");
        L("    sd a3, 0(a2)                    # stored back");
        L($"    lc ct1, {DescBufferSlot}(t5)            # store-only capability to the callee's CallBuffer slot");
        L("    sc.cap cnull, (ct1)             # the buffer capability does not outlive the call");
        L($"    lc ct1, {DescOutBufferSlot}(t5)            # store-only capability to the callee's CallOutBuffer slot");
        L("    sc.cap cnull, (ct1)             # nor does a frame's out-area capability");
        L("    mv a1, a0                       # the callee's result travels in a1 ...");
        L("    li a0, 0                        # ... so a0 (status) can only be set by the monitor");
        L($"    ld ra, {FrameRa}(t3)                    # the caller's registers, from the trusted stack");
        L($"    ld sp, {FrameSp}(t3)                    # back on the caller's stack");
        L($"    ld gp, {FrameGp}(t3)                   # the caller's global pointer");
        L($"    ld tp, {FrameTp}(t3)                   # the caller's thread pointer");
        for (var i = 0; i < saved.Length; i++)
        {
            L($"    ld {saved[i]}, {FrameS0 + 8 * i}(t3)                  # as the caller left it, whatever the callee did");
        }
        for (var i = 0; i < SavedFloatRegisters.Length; i++)
        {
            L($"    fld f{SavedFloatRegisters[i]}, {FrameFs0 + 8 * i}(t3)          # as the caller left it, whatever the callee did");
        }
        L($"    ld t4, {FrameFcsr}(t3)                  # the caller's fcsr ...");
        L("    fscsr t4                        # the caller's rounding mode and flags");
        ScrubFloat("no floating-point value of the callee goes back", Enumerable.Range(0, 32).Except(SavedFloatRegisters));
        L("    mv t6, t5                       # return as the grant's caller");
        L("return_to_caller:                   # t6 = descriptor; a0/a1 = results");
        L($"    lc ct0, {DescCallerDdc}(t6)            # the caller's DDC as the monitor recorded it, not as anyone passed it");
        L($"    lc ct1, {DescCallerPcc}(t6)            # the caller's PCC");
        L("    csetaddr cra, ct1, ra           # return target: the caller's own code at its return address");
        L("    cspecialw ddc, ct0              # leave the monitor's authority");
        Scrub("nothing but a0/a1 and the caller's own saved registers goes back", [.. temporaries, .. unusedArguments]);
        L("    jalr.cap cnull, cra             # back to the caller");
        L("");
        L("# ---- Host calls return here: the host's gate records this as the caller's code (a guest's PCC never covers it).");
        L("    .globl host_return_ecall");
        L("host_return_ecall:");
        L("    ecall                           # the host takes a0 (status) and a1 (result) and ends the call's thread");
        L("");
        L("    .globl bad_return_ecall");
        L("bad_return_ecall:");
        L("bad_return:");
        L("    ecall                           # the host records a bad-return fault for the cVM whose return gate this is");
        return s.ToString();
    }
}
