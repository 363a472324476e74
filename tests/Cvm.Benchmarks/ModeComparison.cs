using System.Diagnostics;
using System.Text;
using Cvm.Assembly;
using Cvm.Assembly.Text;
using Cvm.Cheri;
using Cvm.Machine;
using Cvm.Machine.Elf;
using Cvm.Machine.Linux;
using Cvm.Machine.Memory;

namespace Cvm.Benchmarks;

/// <summary>
/// Ratios between two ways of running the same work, measured in one process in interleaved pairs (alternating
/// which runs first) after one warm-up pair, with the median and min–max of (time of the variant / time of the
/// baseline):
/// <list type="bullet">
/// <item><c>confine-vs-root [ITERATIONS] [PAIRS]</c>: programs/intmix.c under <c>cvm exec --confine</c>'s bounded
/// PCC and DDC against the same program under root PCC and DDC.</item>
/// <item><c>capmode-vs-intmode [ITERATIONS] [PAIRS]</c>: a memory-heavy loop (sum and update a 4 KiB array of
/// doublewords) in capability mode, through a capability bounded to the array, against the same loop in integer
/// mode under DDC. The two programs differ only in how the array pointer is made and advanced.</item>
/// <item><c>cinvoke-round-trips [CALLS] [PAIRS]</c>: CInvoke into a compartment with its own bounded PCC and back,
/// against the same calls made with JALR.CAP to an unbounded PCC (no domain switch).</item>
/// </list>
/// </summary>
internal static class ModeComparison
{
    public static int Run(string mode, string[] args)
    {
        if (!BenchmarkArguments.TryCount(mode, args, 0, "N", mode == "confine-vs-root" ? 1000 : 20000, out var iterations)
            || !BenchmarkArguments.TryCount(mode, args, 1, "PAIRS", 5, out var pairs))
        {
            return 2;
        }
        Func<bool, (double Seconds, ulong Retired)> run = mode switch
        {
            "confine-vs-root" => ConfinedIntmix(iterations),
            "capmode-vs-intmode" => MemoryLoop(iterations),
            "cinvoke-round-trips" => RoundTrips(iterations),
            _ => throw new ArgumentException($"unknown mode '{mode}'"),
        };
        var ratios = new List<double>();
        var cpuRatios = new List<double>();
        for (var pair = 0; pair <= pairs; pair++)
        {
            // Alternate which of the two runs first, so neither always inherits the other's warm caches.
            var variantFirst = pair % 2 == 1;
            var variant = variantFirst ? Timed(run, true) : default;
            var baseline = Timed(run, false);
            if (!variantFirst)
            {
                variant = Timed(run, true);
            }
            var label = pair == 0 ? "warm-up" : $"pair {pair}";
            Console.WriteLine($"{label,-8} baseline {baseline.Seconds,7:F3} s ({baseline.Retired / baseline.Seconds / 1e6,5:F0} MIPS)   "
                + $"variant {variant.Seconds,7:F3} s ({variant.Retired / variant.Seconds / 1e6,5:F0} MIPS)   "
                + $"ratio {variant.Seconds / baseline.Seconds:F3}   CPU-time ratio {variant.CpuSeconds / baseline.CpuSeconds:F3}");
            if (pair > 0)
            {
                ratios.Add(variant.Seconds / baseline.Seconds);
                cpuRatios.Add(variant.CpuSeconds / baseline.CpuSeconds);
            }
        }
        ratios.Sort();
        cpuRatios.Sort();
        Console.WriteLine($"{mode}: median time ratio {ratios[ratios.Count / 2]:F3} (min {ratios[0]:F3}, max {ratios[^1]:F3}); "
            + $"median CPU-time ratio {cpuRatios[cpuRatios.Count / 2]:F3} (min {cpuRatios[0]:F3}, max {cpuRatios[^1]:F3})");
        return 0;
    }

    /// <summary>
    /// One run with the CPU time of this thread around it: on a machine shared with other work, a run that loses
    /// the CPU for a while loses wall-clock time but not CPU time.
    /// </summary>
    private static (double Seconds, ulong Retired, double CpuSeconds) Timed(Func<bool, (double, ulong)> run, bool variant)
    {
        var cpuBefore = EmulatorVsQemu.CpuSeconds(EmulatorVsQemu.ResourceUsageOfThread);
        var (seconds, retired) = run(variant);
        return (seconds, retired, EmulatorVsQemu.CpuSeconds(EmulatorVsQemu.ResourceUsageOfThread) - cpuBefore);
    }

    private static Func<bool, (double, ulong)> ConfinedIntmix(int iterations)
    {
        var elf = EmulatorVsQemu.CompileWorkload();
        var file = ElfFile.Load(elf);
        return confine =>
        {
            var output = new MemoryStream();
            var stopwatch = Stopwatch.StartNew();
            var outcome = ProgramRunner.Run(file, new ProgramOptions
            {
                Confine = confine,
                Linux = new LinuxOptions { Arguments = [elf, iterations.ToString()], StandardOutput = output },
            });
            stopwatch.Stop();
            if (outcome.End != ProgramEnd.Exited || outcome.ExitCode != 0)
            {
                throw new InvalidOperationException($"the emulator run failed: {outcome}");
            }
            return (stopwatch.Elapsed.TotalSeconds, outcome.Instructions);
        };
    }

    private const ulong CodeBase = LinkedImage.DefaultBaseAddress;
    private const ulong DataBase = 0x100000;
    private const int ArrayBytes = 4096;

    /// <summary>
    /// The loop over the array: s1 outer iterations of 256 doublewords each (load, add to the sum, store back
    /// incremented). {0} makes t0 point at the array start from a0 / c2; {1} advances it by 16 bytes.
    /// </summary>
    private const string MemoryLoopTemplate = """
        _start:
        outer:
            {0}
            li t1, 256
        inner:
            ld t2, 0(t0)
            add a1, a1, t2
            addi t2, t2, 1
            sd t2, 0(t0)
            ld t3, 8(t0)
            xor a2, a2, t3
            {1}
            addi t1, t1, -1
            bnez t1, inner
            addi s1, s1, -1
            bnez s1, outer
            ebreak
        """;

    private static Func<bool, (double, ulong)> MemoryLoop(int iterations)
    {
        var integerMode = Assemble(string.Format(MemoryLoopTemplate, "mv t0, a0", "addi t0, t0, 16"));
        var capabilityMode = Assemble(".option capmode\n" + string.Format(MemoryLoopTemplate, "cmove ct0, ca0", "cincoffset ct0, ct0, 16"));
        return useCapabilityMode =>
        {
            using var memory = new TaggedMemory(16 << 20);
            memory.Map(CodeBase, 0x10000);
            memory.Map(DataBase, ArrayBytes);
            var image = useCapabilityMode ? capabilityMode : integerMode;
            foreach (var section in image.Sections)
            {
                memory.TryWrite(section.Address, section.Data);
            }
            var hart = new Hart(memory) { TrapHandler = new StopAtBreakpoint() };
            var array = Capability.Root.SetAddress(DataBase).SetBoundsExact(ArrayBytes);
            hart.Pcc = Capability.Root.SetFlag(useCapabilityMode).SetAddress(image.Entry);
            if (useCapabilityMode)
            {
                hart.SetCapabilityRegister(10, array);
            }
            else
            {
                hart.SetDataCapability(array);
                hart.SetRegister(10, DataBase);
            }
            hart.SetRegister(9, (ulong)iterations);
            return Measure(hart);
        };
    }

    /// <summary>
    /// s1 calls of a one-instruction function, each building a sentry to return through: with CInvoke into a
    /// sealed code/data pair (its own PCC, bounded to the function), or with JALR.CAP to an unsealed, unbounded
    /// copy of the caller's PCC. The two loops execute the same instructions but for the call itself.
    /// </summary>
    private const string RoundTripProgram = """
        _start:
            cspecialr c5, pcc
            la s2, function
            csetaddr c5, c5, s2
            beqz a0, jump
            li s3, 8
            csetbounds c5, c5, s3
            cspecialr c6, ddc
            li s2, 0x100000
            csetaddr c6, c6, s2
            li s3, 16
            csetbounds c6, c6, s3
            li s3, 0x1fd
            candperm c6, c6, s3
            cspecialr c7, ddc
            li s2, 42
            csetaddr c7, c7, s2
            cseal c5, c5, c7
            cseal c6, c6, c7
        invoke:
            cspecialr c1, pcc
            la s2, invoked
            csetaddr c1, c1, s2
            csealentry c1, c1
            cinvoke c5, c6
        invoked:
            addi s1, s1, -1
            bnez s1, invoke
            ebreak
        jump:
            cspecialr c1, pcc
            la s2, jumped
            csetaddr c1, c1, s2
            csealentry c1, c1
            jalr.cap c0, c5
        jumped:
            addi s1, s1, -1
            bnez s1, jump
            ebreak
        function:
            addi a1, a1, 1
            jalr.cap c0, c1
        """;

    private static Func<bool, (double, ulong)> RoundTrips(int calls)
    {
        var image = Assemble(RoundTripProgram);
        return invoke =>
        {
            using var memory = new TaggedMemory(16 << 20);
            memory.Map(CodeBase, 0x10000);
            memory.Map(DataBase, 0x1000);
            foreach (var section in image.Sections)
            {
                memory.TryWrite(section.Address, section.Data);
            }
            var hart = new Hart(memory) { TrapHandler = new StopAtBreakpoint(), Pc = image.Entry };
            hart.SetRegister(10, invoke ? 1UL : 0UL);
            hart.SetRegister(9, (ulong)calls);
            return Measure(hart);
        };
    }

    private static LinkedImage Assemble(string source) => Linker.Link(TextAssembler.Assemble(source, "benchmark.s"));

    private static (double, ulong) Measure(Hart hart)
    {
        var stopwatch = Stopwatch.StartNew();
        var stop = hart.Run(ulong.MaxValue);
        stopwatch.Stop();
        if (stop != StopReason.Stopped || hart.LastTrap is not { Cause: TrapCause.Breakpoint })
        {
            throw new InvalidOperationException($"the benchmark program did not reach its ebreak: {hart.LastTrap?.Description}");
        }
        return (stopwatch.Elapsed.TotalSeconds, hart.InstructionsRetired);
    }

    private sealed class StopAtBreakpoint : ITrapHandler
    {
        public TrapDisposition HandleTrap(Hart hart, in Trap trap) => TrapDisposition.Stop;
    }
}
