using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Cvm.Machine;
using Cvm.Machine.Elf;
using Cvm.Machine.Linux;

namespace Cvm.Benchmarks;

/// <summary>
/// <c>emulator-vs-qemu [ITERATIONS] [PAIRS] [--confine] [--engine auto|interp|jit]</c>: runs the same CPU-bound RV64 ELF (programs/intmix.c, compiled at run
/// time with Debian's riscv64-linux-gnu-gcc -O2 -static and cached) under the bundled emulator — in process, through
/// the same runner as <c>cvm exec</c> — and under qemu-riscv64, in interleaved pairs after one warm-up pair, and prints
/// the median speed ratio (emulator speed / qemu speed) with its min–max, and guest MIPS from the exact retired count.
/// It also prints the ratio of CPU times (the emulator thread's, qemu's as a reaped child): on a machine shared with
/// other work, a runner that loses the CPU for a while loses wall-clock time but not CPU time. With <c>--confine</c>
/// the emulator runs the program as <c>cvm exec --confine</c> does, under bounded PCC and DDC; <c>--engine</c> picks the
/// execution engine as <c>cvm exec --engine</c> does (auto by default). The emulator's time includes its JIT warm-up.
/// </summary>
internal static partial class EmulatorVsQemu
{
    public static int Run(string[] args)
    {
        const string Command = "emulator-vs-qemu";
        if (!BenchmarkArguments.TryCount(Command, args, 0, "ITERATIONS", 2000, out var iterations)
            || !BenchmarkArguments.TryCount(Command, args, 1, "PAIRS", 5, out var pairs)
            || !BenchmarkArguments.TryEngine(Command, args, out var engine, out _))
        {
            return 2;
        }
        var confine = args.Contains("--confine");
        var elf = CompileWorkload();
        var file = ElfFile.Load(elf);
        Console.WriteLine($"workload: {elf} {iterations} (intmix: list sort, matrix multiply, CRC-32, state machine)"
            + (confine ? ", emulator confined" : "") + $", engine {engine}");

        var ratios = new List<double>();
        var cpuRatios = new List<double>();
        var mips = new List<double>();
        ulong instructions = 0;
        for (var pair = 0; pair <= pairs; pair++)
        {
            var emulatorCpuBefore = CpuSeconds(ResourceUsageOfThread);
            var (emulatorSeconds, retired, emulatorOutput) = RunEmulator(file, elf, iterations, confine, engine);
            var emulatorCpu = CpuSeconds(ResourceUsageOfThread) - emulatorCpuBefore;
            var qemuCpuBefore = CpuSeconds(ResourceUsageOfChildren);
            var (qemuSeconds, qemuOutput) = RunQemu(elf, iterations);
            var qemuCpu = CpuSeconds(ResourceUsageOfChildren) - qemuCpuBefore;
            if (emulatorOutput != qemuOutput)
            {
                Console.Error.WriteLine($"outputs differ: emulator '{emulatorOutput.Trim()}', qemu '{qemuOutput.Trim()}'");
                return 1;
            }
            instructions = retired;
            var label = pair == 0 ? "warm-up" : $"pair {pair}";
            Console.WriteLine($"{label,-8} emulator {emulatorSeconds,7:F3} s ({retired / emulatorSeconds / 1e6,6:F0} MIPS)   "
                + $"qemu {qemuSeconds,7:F3} s   ratio {qemuSeconds / emulatorSeconds:F3}   CPU-time ratio {qemuCpu / emulatorCpu:F3}");
            if (pair > 0)
            {
                ratios.Add(qemuSeconds / emulatorSeconds);
                cpuRatios.Add(qemuCpu / emulatorCpu);
                mips.Add(retired / emulatorSeconds / 1e6);
            }
        }
        ratios.Sort();
        cpuRatios.Sort();
        mips.Sort();
        Console.WriteLine($"retired instructions: {instructions}");
        Console.WriteLine($"median speed vs qemu-riscv64: {ratios[ratios.Count / 2]:F3}x (min {ratios[0]:F3}, max {ratios[^1]:F3}); "
            + $"guest MIPS median {mips[mips.Count / 2]:F0}");
        Console.WriteLine($"median CPU-time ratio: {cpuRatios[cpuRatios.Count / 2]:F3}x (min {cpuRatios[0]:F3}, max {cpuRatios[^1]:F3})");
        return 0;
    }

    internal const int ResourceUsageOfThread = 1;
    internal const int ResourceUsageOfChildren = -1;

    /// <summary>struct rusage of Linux; only the two leading timevals are read.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 144)]
    private struct ResourceUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetResourceUsage(int who, out ResourceUsage usage);

    /// <summary>User plus system CPU time of the calling thread or of all reaped children, in seconds.</summary>
    internal static double CpuSeconds(int who)
    {
        if (GetResourceUsage(who, out var usage) != 0)
        {
            throw new InvalidOperationException("getrusage failed");
        }
        return usage.UserSeconds + usage.SystemSeconds + (usage.UserMicroseconds + usage.SystemMicroseconds) / 1e6;
    }

    private static (double Seconds, ulong Instructions, string Output) RunEmulator(ElfFile file, string elf, int iterations, bool confine, ExecutionEngine engine)
    {
        var output = new MemoryStream();
        var stopwatch = Stopwatch.StartNew();
        var outcome = ProgramRunner.Run(file, new ProgramOptions
        {
            Confine = confine,
            Engine = engine,
            Linux = new LinuxOptions { Arguments = [elf, iterations.ToString()], StandardOutput = output },
        });
        stopwatch.Stop();
        if (outcome.End != ProgramEnd.Exited || outcome.ExitCode != 0)
        {
            throw new InvalidOperationException($"the emulator run failed: {outcome}");
        }
        return (stopwatch.Elapsed.TotalSeconds, outcome.Instructions, Encoding.UTF8.GetString(output.ToArray()));
    }

    private static (double Seconds, string Output) RunQemu(string elf, int iterations)
    {
        var start = new ProcessStartInfo("qemu-riscv64") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(elf);
        start.ArgumentList.Add(iterations.ToString());
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start qemu-riscv64");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        stopwatch.Stop();
        return (stopwatch.Elapsed.TotalSeconds, output);
    }

    /// <summary>Compiles programs/intmix.c once per source version into the temp directory.</summary>
    internal static string CompileWorkload()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "programs", "intmix.c");
        var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(source)))[..16];
        var elf = Path.Combine(Path.GetTempPath(), $"cvm-bench-intmix-{hash}.elf");
        if (File.Exists(elf))
        {
            return elf;
        }
        var start = new ProcessStartInfo("riscv64-linux-gnu-gcc") { UseShellExecute = false };
        foreach (var argument in new[] { "-O2", "-static", source, "-o", elf })
        {
            start.ArgumentList.Add(argument);
        }
        using var compiler = Process.Start(start) ?? throw new InvalidOperationException("cannot start riscv64-linux-gnu-gcc");
        compiler.WaitForExit();
        if (compiler.ExitCode != 0)
        {
            throw new InvalidOperationException("compiling the workload failed (install gcc-riscv64-linux-gnu)");
        }
        return elf;
    }
}
