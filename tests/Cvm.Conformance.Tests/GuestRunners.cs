using System.Text;
using System.Text.Json;
using Cvm.Cli;
using Cvm.Testing;

namespace Cvm.Conformance.Tests;

/// <summary>What one run of a guest program produced.</summary>
internal sealed record GuestRun(int ExitCode, byte[] Stdout, string Stderr, EmulatorReport? Report)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);
}

/// <summary>The JSON that <c>cvm exec --report FILE</c> writes.</summary>
internal sealed record EmulatorReport(int ExitCode, long Instructions, EmulatorTrap? Trap);

/// <summary>The fatal trap in a <see cref="EmulatorReport"/>.</summary>
internal sealed record EmulatorTrap(long Mcause, string Mtval, string Pc, string Cause);

/// <summary>The two runners every differential test compares: the reference and the emulator under test.</summary>
internal static class GuestRunners
{
    /// <summary>Generous: the longest program here needs well under a second under qemu.</summary>
    private static readonly TimeSpan QemuTimeout = TimeSpan.FromMinutes(2);

    /// <summary>A budget far above what any program here needs (the largest retires about 131 million instructions), so a
    /// runaway guest ends as exit status 124 rather than running on.</summary>
    public const long DefaultInstructionBudget = 1_000_000_000;

    /// <summary>
    /// The longest an in-process emulator run may take. The instruction budget normally ends runaway guests long
    /// before this; the limit turns an emulator that stops counting (a hang) into a test failure, not a stuck run.
    /// </summary>
    private static readonly TimeSpan EmulatorTimeLimit = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions ReportJson = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Runs <paramref name="elf"/> under Debian's qemu-riscv64 (user mode).</summary>
    public static GuestRun Qemu(string elf, params string[] arguments) => Qemu(elf, [], arguments);

    public static GuestRun Qemu(string elf, byte[] standardInput, params string[] arguments)
    {
        var result = ReferenceTools.Run("qemu-riscv64", [elf, .. arguments], standardInput, QemuTimeout);
        return new GuestRun(result.ExitCode, result.StandardOutput, result.StandardError, null);
    }

    /// <summary>
    /// Counts the instructions qemu-riscv64 retires: with <c>-singlestep</c> every translation block is one
    /// instruction, and <c>-d exec,nochain</c> logs one "Trace" line (with the guest pc) per block executed. An ecall
    /// is logged too, but it raises an exception and so does not retire (RISC-V privileged specification, minstret),
    /// so executions of ecall instructions (found with objdump) are subtracted. Only cheap for short programs.
    /// </summary>
    public static long QemuRetiredInstructions(string elf)
    {
        var ecalls = EcallAddresses(elf);
        var log = Path.Combine(GuestBuilder.CacheDirectory, $"qemu-trace-{Guid.NewGuid():N}.log");
        try
        {
            ReferenceTools.Run("qemu-riscv64", ["-singlestep", "-d", "exec,nochain", "-D", log, elf], timeout: QemuTimeout);
            long retired = 0;
            foreach (var line in File.ReadLines(log))
            {
                // "Trace 0: 0x7f... [0000000000000000/00000000000100b0/00207600/00000201] " — the second field is the pc.
                if (!line.StartsWith("Trace ", StringComparison.Ordinal))
                {
                    continue;
                }
                var fields = line[(line.IndexOf('[', StringComparison.Ordinal) + 1)..].Split('/');
                var pc = ulong.Parse(fields[1], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                if (!ecalls.Contains(pc))
                {
                    retired++;
                }
            }
            return retired;
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>
    /// Runs the emulator on a background thread and waits at most <see cref="EmulatorTimeLimit"/>. A run that does
    /// not finish is abandoned (a background thread does not keep the test process alive) and fails the test.
    /// </summary>
    private static int RunWithTimeLimit(Func<int> run, string elf)
    {
        var exitCode = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                exitCode = run();
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = $"cvm exec {Path.GetFileName(elf)}" };
        thread.Start();
        if (!thread.Join(EmulatorTimeLimit))
        {
            throw new TimeoutException($"cvm exec {Path.GetFileName(elf)} did not finish within {EmulatorTimeLimit.TotalMinutes} minutes");
        }
        if (failure is not null)
        {
            throw new InvalidOperationException($"cvm exec {Path.GetFileName(elf)} threw instead of reporting a result", failure);
        }
        return exitCode;
    }

    private static HashSet<ulong> EcallAddresses(string elf)
    {
        var disassembly = ReferenceTools.Run("riscv64-unknown-elf-objdump", ["-d", elf]);
        var addresses = new HashSet<ulong>();
        foreach (var line in disassembly.StandardOutputText.Split('\n'))
        {
            // "   100b8:\t00000073          \tecall"
            var parts = line.Split('\t');
            if (parts.Length >= 3 && parts[2].Trim() == "ecall")
            {
                addresses.Add(ulong.Parse(parts[0].Trim().TrimEnd(':'), System.Globalization.NumberStyles.HexNumber,
                    System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return addresses;
    }

    /// <summary>Runs <paramref name="elf"/> under <c>cvm exec --report</c>, in-process.</summary>
    public static GuestRun Emulator(string elf, params string[] arguments) =>
        Emulator(elf, DefaultInstructionBudget, [], arguments);

    public static GuestRun Emulator(string elf, long maxInstructions, params string[] arguments) =>
        Emulator(elf, maxInstructions, [], arguments);

    public static GuestRun Emulator(string elf, long maxInstructions, byte[] standardInput, params string[] arguments) =>
        Emulator(elf, [], maxInstructions, standardInput, arguments);

    /// <summary>As the other overloads, with extra <c>cvm exec</c> options (such as <c>--confine</c>) before the ELF.</summary>
    public static GuestRun Emulator(string elf, string[] execOptions, long maxInstructions, byte[] standardInput, params string[] arguments)
    {
        var reportPath = Path.Combine(GuestBuilder.CacheDirectory, $"report-{Guid.NewGuid():N}.json");
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var errorText = new StringWriter();
        var outputText = new StringWriter();
        var io = new CommandIO(new StringReader(""), outputText, errorText, new MemoryStream(standardInput), stdout, stderr);
        try
        {
            string[] commandLine =
                ["exec", "--max-instructions", maxInstructions.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 "--report", reportPath, .. execOptions, "--", elf, .. arguments];
            var exitCode = RunWithTimeLimit(() => CvmCommandLine.Run(commandLine, io), elf);
            outputText.Flush();
            errorText.Flush();
            var stdoutBytes = stdout.ToArray();
            if (outputText.ToString() is { Length: > 0 } tool)
            {
                // Text the tool itself wrote to stdout (it should write none for exec) follows the guest's bytes.
                stdoutBytes = [.. stdoutBytes, .. Encoding.UTF8.GetBytes(tool)];
            }
            var report = File.Exists(reportPath)
                ? JsonSerializer.Deserialize<EmulatorReport>(File.ReadAllText(reportPath), ReportJson)
                : null;
            return new GuestRun(exitCode, stdoutBytes, Encoding.UTF8.GetString(stderr.ToArray()) + errorText, report);
        }
        finally
        {
            File.Delete(reportPath);
        }
    }
}
