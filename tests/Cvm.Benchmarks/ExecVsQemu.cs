using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Cvm.Benchmarks;

/// <summary>
/// <c>exec-vs-qemu [ITERATIONS] [PAIRS] [--cvm PATH] [--confine] [--engine auto|interp|jit]</c>: the short-run case as
/// a user sees it — <c>cvm exec</c> started as its own process (runtime start-up, loading, first-use compilation of the
/// emulator and all) against <c>qemu-riscv64</c> on the same ELF (programs/intmix.c), in interleaved pairs after one
/// warm-up pair. Prints, per pair and as medians with min–max, the wall-clock time ratio (cvm's time / qemu's) and
/// the CPU-time ratio (both reaped children's user plus system time), so the start-up cost is measured in the same
/// run as the reference. <c>--cvm</c> names the tool to run (by default the published one,
/// <c>src/Cvm.Cli/bin/Release/net10.0/RID/publish/cvm</c> under the current directory, else the Release build's
/// <c>src/Cvm.Cli/bin/Release/net10.0/cvm</c>), so that variants can be compared.
/// </summary>
internal static class ExecVsQemu
{
    public static int Run(string[] args)
    {
        const string Command = "exec-vs-qemu";
        if (!BenchmarkArguments.TryCount(Command, args, 0, "ITERATIONS", 300, out var iterations)
            || !BenchmarkArguments.TryCount(Command, args, 1, "PAIRS", 9, out var pairs)
            || !BenchmarkArguments.TryEngine(Command, args, out _, out var engine))
        {
            return 2;
        }
        var cvm = OptionValue(args, "--cvm") ?? DefaultTool();
        if (!File.Exists(cvm))
        {
            Console.Error.WriteLine($"no cvm tool at '{cvm}': publish src/Cvm.Cli (dotnet publish src/Cvm.Cli), build it in Release or name one with --cvm PATH");
            return 2;
        }
        var elf = EmulatorVsQemu.CompileWorkload();
        var cvmArguments = new List<string> { "exec", "--engine", engine };
        if (args.Contains("--confine"))
        {
            cvmArguments.Add("--confine");
        }
        cvmArguments.AddRange(["--", elf, iterations.ToString()]);
        Console.WriteLine($"workload: {elf} {iterations}, as separate processes: {cvm} {string.Join(' ', cvmArguments)} against qemu-riscv64");

        var timeRatios = new List<double>();
        var cpuRatios = new List<double>();
        for (var pair = 0; pair <= pairs; pair++)
        {
            var (cvmSeconds, cvmCpu, cvmOutput) = RunChild(cvm, cvmArguments);
            var (qemuSeconds, qemuCpu, qemuOutput) = RunChild("qemu-riscv64", [elf, iterations.ToString()]);
            if (cvmOutput != qemuOutput)
            {
                Console.Error.WriteLine($"outputs differ: cvm '{cvmOutput.Trim()}', qemu '{qemuOutput.Trim()}'");
                return 1;
            }
            var label = pair == 0 ? "warm-up" : $"pair {pair}";
            Console.WriteLine($"{label,-8} cvm {cvmSeconds,6:F3} s (CPU {cvmCpu,6:F3} s)   qemu {qemuSeconds,6:F3} s (CPU {qemuCpu,6:F3} s)   "
                + $"time ratio {cvmSeconds / qemuSeconds:F2}   CPU-time ratio {cvmCpu / qemuCpu:F2}");
            if (pair > 0)
            {
                timeRatios.Add(cvmSeconds / qemuSeconds);
                cpuRatios.Add(cvmCpu / qemuCpu);
            }
        }
        timeRatios.Sort();
        cpuRatios.Sort();
        Console.WriteLine($"median time of cvm exec / qemu-riscv64: {timeRatios[timeRatios.Count / 2]:F2}x (min {timeRatios[0]:F2}, max {timeRatios[^1]:F2})");
        Console.WriteLine($"median CPU time of cvm exec / qemu-riscv64: {cpuRatios[cpuRatios.Count / 2]:F2}x (min {cpuRatios[0]:F2}, max {cpuRatios[^1]:F2})");
        return 0;
    }

    /// <summary>
    /// The tool as users install it: <c>dotnet publish src/Cvm.Cli</c>'s output for this machine (precompiled, with
    /// its runtime), or, when there is none, the Release build, which starts by compiling the emulator from IL.
    /// </summary>
    private static string DefaultTool()
    {
        var release = Path.Combine("src", "Cvm.Cli", "bin", "Release", "net10.0");
        var published = Path.Combine(release, RuntimeInformation.RuntimeIdentifier, "publish", "cvm");
        if (File.Exists(published))
        {
            return published;
        }
        var built = Path.Combine(release, "cvm");
        Console.WriteLine($"note: no published tool at {published}, so this measures the plain build {built}, "
            + "which compiles itself at every start (dotnet publish src/Cvm.Cli installs the precompiled one)");
        return built;
    }

    private static string? OptionValue(string[] args, string option)
    {
        var index = Array.IndexOf(args, option);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>Runs a program to its end: wall-clock seconds, CPU seconds (from the reaped-children totals) and its output.</summary>
    private static (double Seconds, double CpuSeconds, string Output) RunChild(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var cpuBefore = EmulatorVsQemu.CpuSeconds(EmulatorVsQemu.ResourceUsageOfChildren);
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        stopwatch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with status {process.ExitCode}");
        }
        return (stopwatch.Elapsed.TotalSeconds, EmulatorVsQemu.CpuSeconds(EmulatorVsQemu.ResourceUsageOfChildren) - cpuBefore, output);
    }
}
