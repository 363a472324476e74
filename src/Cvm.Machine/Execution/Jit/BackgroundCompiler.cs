using System.Collections.Concurrent;
using Cvm.Machine.Memory;

namespace Cvm.Machine.Execution.Jit;

/// <summary>
/// A region on its way from its hart to the compiler thread and back. The hart collects the region's code (which
/// needs its decoded slots), the compiler thread turns it into native code, and the hart installs it at its next
/// control transfer — unless the code's bytes changed in the meantime (<see cref="Stale"/>).
/// </summary>
internal sealed class PendingRegion(RegionCode code, RegionCache cache, bool extended, TaggedMemory memory, ulong misalignedTargetBits,
    JumpBounds pccBounds, CompiledRegionInbox inbox)
{
    public RegionCode Code { get; } = code;

    /// <summary>The cache (of one decoding context) the region belongs in.</summary>
    public RegionCache Cache { get; } = cache;

    /// <summary>Whether this recompiles an existing region with the targets it was seen to leave to.</summary>
    public bool Extended { get; } = extended;

    /// <summary>Set by the hart (only the hart reads or writes it) when a page of the code changed, or its cache was
    /// flushed, after the code was collected: the compiled region must not be installed.</summary>
    public bool Stale { get; set; }

    /// <summary>The compiled region, set by the compiler thread before it posts the job back.</summary>
    public CompiledRegion? Compiled { get; private set; }

    /// <summary>What went wrong compiling, set by the compiler thread instead of <see cref="Compiled"/>.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Time the compiler thread spent on the region, RyuJIT included (a diagnostic).</summary>
    public TimeSpan CompileTime { get; private set; }

    /// <summary>On the compiler thread: compiles the region, has RyuJIT translate it, and posts it to its hart.</summary>
    public void CompileAndPost()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var compiled = RegionCompiler.Compile(Code, memory, misalignedTargetBits, pccBounds);
            RegionCompiler.PrepareForFirstCall(compiled);
            Compiled = compiled;
        }
        catch (Exception exception)
        {
            Failure = exception;
        }
        CompileTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        inbox.Post(this);
    }
}

/// <summary>Where the compiler thread leaves a hart's compiled regions until the hart installs them.</summary>
internal sealed class CompiledRegionInbox
{
    private readonly ConcurrentQueue<PendingRegion> _compiled = new();
    private int _count;

    /// <summary>Whether compiled regions are waiting (one volatile read: the hart asks at every control transfer).</summary>
    public bool HasCompiled => Volatile.Read(ref _count) != 0;

    public void Post(PendingRegion region)
    {
        _compiled.Enqueue(region);
        Interlocked.Increment(ref _count);
    }

    public bool TryTake(out PendingRegion region)
    {
        if (!_compiled.TryDequeue(out region!))
        {
            return false;
        }
        Interlocked.Decrement(ref _count);
        return true;
    }
}

/// <summary>
/// The one thread of the process that compiles regions for tiered execution, so that a hart keeps interpreting
/// while its hot code is compiled instead of stopping for IL emission and RyuJIT (about a millisecond per region,
/// tens of milliseconds for the first, which also compiles the compiler). Results do not depend on when a region
/// arrives: compiled and interpreted code are exact to the same instruction.
/// </summary>
internal static class BackgroundCompiler
{
    private static readonly BlockingCollection<Action> Work = StartThread();
    private static int _warmedUp;

    private static BlockingCollection<Action> StartThread()
    {
        var work = new BlockingCollection<Action>();
        var thread = new Thread(() =>
        {
            foreach (var item in work.GetConsumingEnumerable())
            {
                item();
            }
        })
        {
            IsBackground = true,
            Name = "CvmSdk region compiler",
        };
        thread.Start();
        return work;
    }

    /// <summary>Queues <paramref name="region"/> for compilation; it comes back through its inbox.</summary>
    public static void Enqueue(PendingRegion region) => Work.Add(region.CompileAndPost);

    /// <summary>
    /// Once per process, prepares everything tiered execution compiles before a guest's first region can run: the
    /// interpreter loop the tiered engine starts in (<paramref name="interpreterLoop"/>, compiled by RyuJIT on first
    /// use — it is never precompiled in a ReadyToRun image), and the region compiler itself, by compiling a small
    /// synthetic region (its own code and RyuJIT's support for dynamic methods). Called when a hart is given a
    /// compiling engine, so this overlaps with loading the program; a hart that starts running before the loop is
    /// ready waits for it rather than compiling it twice.
    /// </summary>
    public static void WarmUp(RuntimeMethodHandle interpreterLoop)
    {
        if (Interlocked.Exchange(ref _warmedUp, 1) == 0)
        {
            Work.Add(() =>
            {
                System.Runtime.CompilerServices.RuntimeHelpers.PrepareMethod(interpreterLoop);
                CompileWarmUpRegion();
            });
        }
    }

    /// <summary>
    /// For tests: the compiler thread starts on nothing queued after this call until the result is disposed, so a
    /// test can change a region's code while the region is certainly still being compiled.
    /// </summary>
    internal static IDisposable HoldForTest()
    {
        var release = new ManualResetEventSlim();
        Work.Add(release.Wait);
        return new Releaser(release);
    }

    private sealed class Releaser(ManualResetEventSlim release) : IDisposable
    {
        public void Dispose() => release.Set();
    }

    private static void CompileWarmUpRegion()
    {
        try
        {
            using var memory = new TaggedMemory(4 * TaggedMemory.PageSize);
            var code = RegionCode.Collect(WarmUpEntry, FetchWarmUpInstruction, misalignedTargetBits: 1)
                ?? throw new InvalidOperationException("the warm-up region is empty");
            RegionCompiler.PrepareForFirstCall(RegionCompiler.Compile(code, memory, misalignedTargetBits: 1, new JumpBounds(true, 0, ulong.MaxValue - 1)));
        }
        catch (Exception)
        {
            // Warming up only saves time: if it fails, the first real region pays the cost and reports any error.
        }
    }

    private const ulong WarmUpEntry = 0x1000;

    /// <summary>
    /// A loop with a call and a return, loads and stores, a multiplication and a division: the instruction
    /// kinds whose translation and runtime helpers the first real regions most likely use.
    /// </summary>
    private static readonly Dictionary<ulong, DecodedInstruction> WarmUpCode = new()
    {
        [0x1000] = new() { Op = Op.Addi, Rd = 5, Rs1 = 5, Imm = 1, Length = 4 },
        [0x1004] = new() { Op = Op.Ld, Rd = 6, Rs1 = 10, Imm = 0, Length = 4 },
        [0x1008] = new() { Op = Op.Mul, Rd = 7, Rs1 = 6, Rs2 = 5, Length = 4 },
        [0x100c] = new() { Op = Op.Sw, Rs1 = 10, Rs2 = 7, Imm = 8, Length = 4 },
        [0x1010] = new() { Op = Op.Divw, Rd = 8, Rs1 = 7, Rs2 = 5, Length = 4 },
        [0x1014] = new() { Op = Op.Jal, Rd = 1, Imm = 0xc, Length = 4 },
        [0x1018] = new() { Op = Op.Bne, Rs1 = 5, Rs2 = 9, Imm = -0x18, Length = 4 },
        [0x101c] = new() { Op = Op.Jalr, Rd = Hart.SinkRegister, Rs1 = 11, Length = 4 },
        [0x1020] = new() { Op = Op.Sub, Rd = 9, Rs1 = 9, Rs2 = 8, Length = 4 },
        [0x1024] = new() { Op = Op.Jalr, Rd = Hart.SinkRegister, Rs1 = 1, Length = 4 },
    };

    private static FetchResult FetchWarmUpInstruction(ulong pc, out DecodedInstruction instruction) =>
        WarmUpCode.TryGetValue(pc, out instruction) ? FetchResult.Fetched : FetchResult.Unavailable;
}
