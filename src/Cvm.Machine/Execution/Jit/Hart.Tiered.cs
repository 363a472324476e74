using Cvm.Machine.Execution;
using Cvm.Machine.Execution.Jit;
using Cvm.Machine.Memory;

namespace Cvm.Machine;

/// <summary>The tiered engine: interpreted blocks and compiled regions, handing over at control transfers.</summary>
public sealed unsafe partial class Hart
{
    /// <summary>
    /// The entry count at which <see cref="ExecutionEngine.Auto"/> compiles a region. Measured on the CPU-bound
    /// benchmark (in-process, thread CPU time): 1024 beat 64, 256, 512 and 2048 on long and short runs alike. Lower
    /// values compile small inner loops as regions of their own before the code around them has run, so the hot
    /// code ends up split across more, smaller regions, each costing a RyuJIT compilation.
    /// </summary>
    internal const ushort AutoCompileThreshold = 1024;

    /// <summary>
    /// A region that has left to other PCs this often starts recording where it goes ... (4096 measured ≈3% faster
    /// than 1024 on the CPU-bound benchmark: recompiling later gave it fewer, better-allocated extended regions;
    /// never recompiling was ≈15% slower).
    /// </summary>
    private const int TransfersBeforeObserving = 4096;

    /// <summary>... and after this many more transfers is compiled again with those targets included.</summary>
    private const int TransfersObserved = 256;

    /// <summary>At most this many of a hart's regions are being compiled in the background at once; more hot
    /// entries wait (they stay hot and are compiled once there is room).</summary>
    private const int MaxRegionsInFlight = 4;

    private ExecutionEngine _engine = ExecutionEngine.Interpreter;
    private readonly CompiledRegionInbox _compiledRegions = new();
    private int _regionsInFlight;

    /// <summary>Instructions retired inside compiled regions (a diagnostic: how much of a run the compiler covered).</summary>
    internal ulong InstructionsInCompiledCode { get; private set; }

    /// <summary>Time spent collecting regions on the hart's thread, and compiling them (IL emission and RyuJIT) on
    /// whichever thread did (a diagnostic).</summary>
    internal TimeSpan CompileTime { get; private set; }

    /// <summary>
    /// Whether <see cref="ExecutionEngine.Auto"/> compiles hot regions on the background compiler thread (the
    /// default) while the hart goes on interpreting, or stops to compile them. Tests turn it off to make when a
    /// region starts running compiled deterministic; results never depend on it.
    /// </summary>
    internal bool CompileInBackground { get; set; } = true;

    /// <summary>Times compiled regions were entered (a diagnostic: instructions per entry show how well regions hold the hot code).</summary>
    internal ulong RegionEntries { get; private set; }

    /// <summary>The compiled regions, when the engine compiles (for diagnostics and tests).</summary>
    internal RegionCache? Regions => _code.Regions;

    /// <summary>
    /// The entry count at which <see cref="ExecutionEngine.Auto"/> compiles, taken when the engine is set:
    /// <see cref="AutoCompileThreshold"/> unless a test lowers it so that its short loops turn hot.
    /// </summary>
    internal ushort TieredCompileThreshold { get; set; } = AutoCompileThreshold;

    /// <summary>
    /// How this hart executes: the interpreter (the default for a bare <see cref="Hart"/>), tiered compilation, or
    /// compilation of every region at first entry. Results, traps and instruction counts are the same under all.
    /// Where the runtime cannot compile code at run time, the compiling engines run the interpreter.
    /// </summary>
    public ExecutionEngine Engine
    {
        get => _engine;
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "not an execution engine");
            }
            _engine = value;
            // Without a JIT (ahead-of-time compiled hosts) there is nothing to compile to: the interpreter runs.
            // Each decoding context (PCC bounds, mode, relocation) gets its own regions, as it has its own slots.
            _code.CompileThreshold = value == ExecutionEngine.Interpreter || !System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled
                ? null
                : value == ExecutionEngine.Jit ? (ushort)0 : TieredCompileThreshold;
            if (_code.CompileThreshold is not null)
            {
                Func<LoopExit> tieredLoop = Interpret<IntegerRegistersOnly, StopAtTransfers>;
                BackgroundCompiler.WarmUp(tieredLoop.Method.MethodHandle);
            }
        }
    }

    /// <summary>
    /// <see cref="Run"/> under a compiling engine. At each PC reached by a control transfer: run its compiled region
    /// if there is one (compiling it first if it has just turned hot); otherwise interpret up to the next taken
    /// transfer. A region leaves with the next PC and, when bit 0 is set, hands that instruction to the interpreter.
    /// Compiled code only runs while no register holds a capability (it does no capability tracking).
    /// </summary>
    private StopReason RunTiered()
    {
        while (true)
        {
            // Re-read every time: the interpreted part may have switched PCC, and with it the decoding context.
            var regions = _code.Regions!;
            if (_compiledRegions.HasCompiled)
            {
                InstallCompiledRegions();
            }
            if (_remainingBudget == 0)
            {
                return StopReason.BudgetExhausted;
            }
            if (_capabilityRegisters == 0 && (regions.Find(_pc) ?? CompileIfHot(regions, _pc)) is { } region)
            {
                var remaining = _remainingBudget;
                RegionEntries++;
                var next = region.Code(_registerFile, ref remaining);
                var retired = _remainingBudget - remaining;
                _retired += retired;
                InstructionsInCompiledCode += retired;
                _remainingBudget = remaining;
                _pc = next & ~1UL;
                if ((next & 1) == 0)
                {
                    if (region.Observed)
                    {
                        ObserveTransfer(regions, region, _pc);
                    }
                    continue;
                }
            }
            var exit = _capabilityRegisters == 0
                ? Interpret<IntegerRegistersOnly, StopAtTransfers>()
                : Interpret<CapabilityRegistersPresent, StopAtTransfers>();
            if (exit is LoopExit.BudgetExhausted or LoopExit.Stopped)
            {
                return exit == LoopExit.BudgetExhausted ? StopReason.BudgetExhausted : StopReason.Stopped;
            }
        }
    }

    /// <summary>
    /// Records that <paramref name="region"/> left to <paramref name="target"/>; after enough transfers, compiles
    /// the region again with the targets seen as roots, so that a hot jump table or indirect call stays inside.
    /// </summary>
    private void ObserveTransfer(RegionCache regions, Region region, ulong target)
    {
        var transfers = ++region.Transfers;
        if (transfers <= TransfersBeforeObserving)
        {
            return;
        }
        (region.ExitTargets ??= new HashSet<ulong>()).Add(target);
        if (transfers < TransfersBeforeObserving + TransfersObserved || !regions.WithinCompileAllowance(_retired) || !HasRoomInFlight(regions))
        {
            return;
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var code = RegionCode.Collect(region.Entry, FetchForRegion, _misalignedTargetBits, entry => regions.Find(entry) is not null,
            region.ExitTargets);
        if (code is not null && regions.MayCompile(code.Pages))
        {
            Compile(regions, code, extended: true);
        }
        region.Observed = false;
        CompileTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    private Region? CompileIfHot(RegionCache regions, ulong pc)
    {
        if (!HasRoomInFlight(regions) || !regions.CountEntry(pc) || !regions.WithinCompileAllowance(_retired))
        {
            return null;
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var code = RegionCode.Collect(pc, FetchForRegion, _misalignedTargetBits, entry => regions.Find(entry) is not null);
        if (code is null || !regions.MayCompile(code.Pages))
        {
            regions.RefuseEntry(pc);
            return null;
        }
        var region = Compile(regions, code, extended: false);
        CompileTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        return region;
    }

    /// <summary>Whether another region may be compiled now: always when compiling on the hart's thread; in the
    /// background, while fewer than <see cref="MaxRegionsInFlight"/> are.</summary>
    private bool HasRoomInFlight(RegionCache regions) => !CompilesInBackground(regions) || _regionsInFlight < MaxRegionsInFlight;

    /// <summary>The compile-at-once engine (threshold 0) compiles on the hart's thread, so that a region runs compiled
    /// from its first entry; tiered compilation does so in the background unless told otherwise.</summary>
    private bool CompilesInBackground(RegionCache regions) => regions.Threshold != 0 && CompileInBackground;

    /// <summary>
    /// Compiles <paramref name="code"/> into <paramref name="regions"/>: at once, returning the region, or in the
    /// background, returning null (the region is installed at a control transfer once it has arrived).
    /// </summary>
    private Region? Compile(RegionCache regions, RegionCode code, bool extended)
    {
        var pccBounds = JumpBounds.From(_pccFetchBounds, MinimumInstructionBytes);
        code.RegistersWhenHot = new ReadOnlySpan<ulong>(_registerFile, 32).ToArray();
        if (!CompilesInBackground(regions))
        {
            return regions.Add(code, RegionCompiler.Compile(code, Memory, _misalignedTargetBits, pccBounds), extended);
        }
        var pending = new PendingRegion(code, regions, extended, Memory, _misalignedTargetBits, pccBounds, _compiledRegions);
        regions.TrackPending(pending);
        _regionsInFlight++;
        BackgroundCompiler.Enqueue(pending);
        return null;
    }

    /// <summary>Installs the regions the background compiler has finished (those whose code did not change meanwhile).</summary>
    private void InstallCompiledRegions()
    {
        while (_compiledRegions.TryTake(out var pending))
        {
            _regionsInFlight--;
            CompileTime += pending.CompileTime;
            if (pending.Failure is { } failure)
            {
                // As when compiling on the hart's thread: a region the compiler cannot translate is a defect, not a
                // guest's doing, and is reported rather than hidden.
                throw new InvalidOperationException($"compiling the region at 0x{pending.Code.Entry:x} failed", failure);
            }
            pending.Cache.Install(pending);
        }
    }

    /// <summary>
    /// Waits for every region being compiled in the background and installs it (for tests, which need to know when
    /// compiled code starts running).
    /// </summary>
    internal void WaitForBackgroundCompilation()
    {
        var wait = new SpinWait();
        while (_regionsInFlight > 0)
        {
            if (_compiledRegions.HasCompiled)
            {
                InstallCompiledRegions();
            }
            else
            {
                wait.SpinOnce();
            }
        }
    }

    /// <summary>
    /// The decoded instruction at <paramref name="pc"/>, decoded into its slot as the interpreter would (which
    /// checks the fetch against PCC and marks the page as holding code, so stores to it invalidate the region).
    /// Under <see cref="ExecutionEngine.Auto"/> only code that has already run is taken.
    /// </summary>
    private FetchResult FetchForRegion(ulong pc, out DecodedInstruction instruction)
    {
        instruction = default;
        var slots = _code.SlotsFor(pc);
        if (slots == null)
        {
            return FetchResult.Unavailable;
        }
        var slot = slots + ((pc & PageOffsetMask) >> 1);
        if (slot->Op == Op.NotDecoded)
        {
            // Tiered: slots are decoded when the interpreter first runs them, so an undecoded one has never run.
            if (_engine == ExecutionEngine.Auto)
            {
                return FetchResult.NotYetExecuted;
            }
            if (!_code.TryDecode(pc, _compressedEnabled, out var decoded, out _))
            {
                return FetchResult.Unavailable;
            }
            *slot = AuthoriseFetch(pc, decoded);
        }
        instruction = *slot;
        return FetchResult.Fetched;
    }
}
