using System.Diagnostics;

namespace Cvm.Benchmarks;

/// <summary>
/// <c>exec-vs-qemu [ITERATIONS] [PAIRS] [--cvm PATH] [--confine] [--engine auto|interp|jit]</c>: the short-run case as
/// a user sees it — <c>cvm exec</c> started as its own process (runtime start-up, loading, first-use compilation of the
/// emulator and all) against <c>qemu-riscv64</c> on the same ELF (programs/intmix.c), in interleaved pairs after one
/// warm-up pair. Prints, per pair and as medians with min–max, the wall-clock time ratio (cvm's time / qemu's) and
/// the CPU-time ratio (both reaped children's user plus system time), so the start-up cost is measured in the same
/// run as the reference. <c>--cvm</c> names the tool to run (by default the Release build's
/// <c>src/Cvm.Cli/bin/Release/net10.0/cvm</c> under the current directory), so a published (ReadyToRun) copy can be
/// compared with the plain build.
/// </summary>
internal static class ExecVsQemu
{
    public static int Run(string[] args)
    {
        var iterations = args.Length > 0 && int.TryParse(args[0], out var parsedIterations) ? parsedIterations : 300;
        var pairs = args.Length > 1 && int.TryParse(args[1], out var parsedPairs) ? parsedPairs : 9;
        var cvm = OptionValue(args, "--cvm") ?? Path.Combine("src", "Cvm.Cli", "bin", "Release", "net10.0", "cvm");
        var engine = OptionValue(args, "--engine") ?? "auto";
        if (pairs < 1)
        {
            Console.Error.WriteLine("exec-vs-qemu needs at least one measured pair");
            return 2;
        }
        if (!File.Exists(cvm))
        {
            Console.Error.WriteLine($"no cvm tool at '{cvm}': build src/Cvm.Cli in Release or name one with --cvm PATH");
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
