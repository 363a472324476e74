using Cvm.Assembly;
using Cvm.Assembly.Text;

namespace Cvm.Cli.Tests;

/// <summary>
/// <c>cvm run</c> end to end, in-process: deployment files in a scratch directory, guests written in assembly
/// against the monitor's hostcall ABI (t5 = number, gate pair from the capability table whose address arrives
/// in a2) and assembled with Cvm.Assembly, linked for the region they run in.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cvm-run-tests-" + Guid.NewGuid().ToString("N"));

    public RunCommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private const string HostcallStub = """
        hostcall:
            mv t5, a7
            lla t0, table
            ld t0, 0(t0)
            .insn i 0x0f, 2, t1, t0, 0
            .insn i 0x0f, 2, t2, t0, 16
            .insn r 0x5b, 0, 0x7e, x1, t1, t2
        """;

    /// <summary>A guest that prints <paramref name="message"/>, then runs <paramref name="body"/>, then exits with a0.</summary>
    private string Guest(string name, ulong linkAddress, string message, string body = "li a0, 0")
    {
        var escaped = message.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\"", "\\\"");
        var source = $"""
                .text
                .globl _start
            _start:
                lla t0, table
                sd a2, 0(t0)
                lla a0, message
                li a1, {System.Text.Encoding.UTF8.GetByteCount(message)}
                li a7, 1
                call hostcall
                {body}
                li a7, 2
                call hostcall
            1:  j 1b
            {HostcallStub}
                .data
            table: .dword 0
            message: .ascii "{escaped}"
            """;
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, Elf.Write(Linker.Link(TextAssembler.Assemble(source, name), linkAddress)));
        return path;
    }

    private string Deployment(string yaml, string name = "deployment.yaml")
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string Cvm(string name, ulong region, string runtime, string extra = "") => $"""
        - name: {name}
          runtime: {runtime}
          isolation:
          - base: {region:x}
            size: 100000
            begin: {region:x}
            end: {region + 0x10_0000:x}
        {extra}

        """;

    [Fact]
    public void Check_prints_the_resolved_layout_of_an_Intravisor_style_file_and_runs_nothing()
    {
        Guest("hello.elf", 0x2000_0000, "never printed\n");
        var path = Deployment("""
            ---
            capfiles:
            - name: greeting
              size: 20
              data: "hi\n"

            ---
            cVMs:
            - name: hello
              runtime: hello.elf
              isolation:
              - base: 20000000
                size: 100000
                begin: 20000000
                end: 20100000
              callback_out: monitor
            - name: helper
              runtime: helper.elf
            """);
        Guest("helper.elf", 0x3000_0000, "never printed\n");
        File.WriteAllBytes(Path.Combine(_directory, "helper.elf"), MakePositionIndependent(File.ReadAllBytes(Path.Combine(_directory, "helper.elf"))));

        var result = CliRunner.Run("run", "--check", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Equal(
        [
            $"{path}: valid: 2 cVMs, 1 shared buffer, 0 calls",
            "cVM hello",
            $"  runtime   {Path.Combine(_directory, "hello.elf")} (linked at a fixed address, image 0x2000)",
            "  region    [0x20000000, 0x20100000)  bounds [0x20000000, 0x20100000)",
            "  memory    heap at least 0x10000, 1 thread with 0x10000 of stack each",
            "  limits    10000000000 instructions per run, 100000000 per call; on fault: stop",
            "  hostcalls native, served by the monitor; capability stores refused",
            "  start     args [\"hello\"]; the next cVM starts at once",
            "cVM helper",
            $"  runtime   {Path.Combine(_directory, "helper.elf")} (position-independent, image 0x2000)",
            "  region    [0x10000000, 0x11000000)  bounds [0x10000000, 0x11000000)  placed automatically",
            "  memory    heap at least 0x10000, 1 thread with 0x10000 of stack each",
            "  limits    10000000000 instructions per run, 100000000 per call; on fault: stop",
            "  hostcalls native, served by the monitor; capability stores refused",
            "  start     args [\"helper\"]; the next cVM starts at once",
            "shared buffer greeting: 0x20 bytes (3 of initial data), provided by the monitor; access: hello read-write, helper read-write",
        ], result.OutputLines);
    }

    [Fact]
    public void An_invalid_deployment_is_reported_with_positions_and_exit_status_2()
    {
        Guest("hello.elf", 0x2000_0000, "x");
        var path = Deployment("cVMs:\n- name: hello\n  runtime: hello.elf\n  threads: 0\n  colour: red\n");

        var result = CliRunner.Run("run", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal([$"{path}:5:3: unknown key 'colour' in a cVM (allowed: name, runtime, isolation, args, wait, callback_out, personality, file_root, stack_size, heap_size, threads, max_instructions, max_call_instructions, exports, on_fault, store_capabilities, legacy_relocation)"], result.ErrorLines);
    }

    [Fact]
    public void A_missing_deployment_file_is_a_usage_error()
    {
        var path = Path.Combine(_directory, "absent.yaml");

        var result = CliRunner.Run("run", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{path}:1:1: '{path}' does not exist"], result.ErrorLines);
    }

    [Fact]
    public void Each_cVMs_console_lines_are_prefixed_with_its_name_and_success_is_status_0()
    {
        Guest("first.elf", 0x2000_0000, "one\ntwo\n");
        Guest("second.elf", 0x2100_0000, "no newline at the end");
        var path = Deployment("cVMs:\n" + Cvm("first", 0x2000_0000, "first.elf", "  wait: -1") + Cvm("second", 0x2100_0000, "second.elf"));

        var result = CliRunner.Run("run", "--stats", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["first: one", "first: two", "second: no newline at the end"], result.OutputLines);
        Assert.Equal("cVM       instructions   crossings  bytes shared  outcome", result.ErrorLines[0]);
        Assert.Matches(@"^first +\d+ +2 +0  exited with status 0$", result.ErrorLines[1]);
        Assert.Matches(@"^second +\d+ +2 +0  exited with status 0$", result.ErrorLines[2]);
        Assert.Equal(3, result.ErrorLines.Length);
    }

    [Fact]
    public void Every_engine_gives_the_same_output_and_instruction_counts()
    {
        // A loop hot enough to be compiled, then the budget-limited spin of a second cVM: the counts in --stats must
        // not depend on how the code was executed.
        Guest("counter.elf", 0x2000_0000, "counting\n", "li t0, 20000\n2:  addi t0, t0, -1\n    bnez t0, 2b\n    li a0, 0");
        Guest("spinner.elf", 0x2100_0000, "spinning\n", "3:  j 3b");
        var path = Deployment("cVMs:\n" + Cvm("counter", 0x2000_0000, "counter.elf")
            + Cvm("spinner", 0x2100_0000, "spinner.elf", "  max_instructions: 50000"));

        var results = new[] { "interp", "jit", "auto" }.Select(engine => CliRunner.Run("run", "--stats", "--engine", engine, path)).ToArray();

        foreach (var result in results)
        {
            Assert.Equal(124, result.ExitCode);
            Assert.Equal(["counter: counting", "spinner: spinning"], result.OutputLines);
            Assert.Equal(results[0].ErrorLines, result.ErrorLines);
        }
        Assert.Matches(@"^counter +400\d\d +2 +0 +exited with status 0$", Assert.Single(results[0].ErrorLines, line => line.StartsWith("counter ")));
    }

    [Fact]
    public void An_unknown_engine_is_a_usage_error()
    {
        var result = CliRunner.Run("run", "--engine", "fast", Deployment("cVMs: []\n"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--engine expects auto, interp or jit, not 'fast'", string.Join("\n", result.ErrorLines));
    }

    [Fact]
    public void Position_independent_runtimes_without_isolation_are_placed_automatically_and_run()
    {
        var runtime = Guest("pie.elf", 0x10000, "placed\n");
        File.WriteAllBytes(runtime, MakePositionIndependent(File.ReadAllBytes(runtime)));
        var path = Deployment("cVMs:\n- {name: one, runtime: pie.elf}\n- {name: two, runtime: pie.elf}\n");

        var result = CliRunner.Run("run", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["one: placed", "two: placed"], result.OutputLines);
    }

    [Fact]
    public void A_cVM_exiting_with_a_non_zero_status_makes_the_run_fail_with_status_1()
    {
        Guest("sad.elf", 0x2000_0000, "bye\n", "li a0, 3");
        var path = Deployment("cVMs:\n" + Cvm("sad", 0x2000_0000, "sad.elf"));

        var result = CliRunner.Run("run", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["sad: bye"], result.OutputLines);
        Assert.Equal(["cvm run: cVM 'sad' exited with status 3"], result.ErrorLines);
    }

    [Fact]
    public void A_faulting_cVM_is_reported_with_status_125_while_the_others_finish()
    {
        // The attacker loads from the bystander's region: outside its DDC, so a CHERI bounds fault.
        Guest("attacker.elf", 0x2000_0000, "trying\n", "li t0, 0x21000000\n    ld a0, 0(t0)");
        Guest("bystander.elf", 0x2100_0000, "still here\n");
        var path = Deployment("cVMs:\n" + Cvm("attacker", 0x2000_0000, "attacker.elf") + Cvm("bystander", 0x2100_0000, "bystander.elf"));

        var result = CliRunner.Run("run", path);

        Assert.Equal(125, result.ExitCode);
        Assert.Equal(["attacker: trying", "bystander: still here"], result.OutputLines);
        Assert.Equal(2, result.ErrorLines.Length);
        Assert.StartsWith("cvm run: fault: attacker: thread ", result.ErrorLines[0]);
        Assert.Contains("CHERI", result.ErrorLines[0]);
        Assert.Equal("cvm run: cVM 'attacker' was stopped by a fault", result.ErrorLines[1]);
    }

    [Fact]
    public void A_cVM_that_exhausts_its_budget_gives_status_124()
    {
        Guest("spinner.elf", 0x2000_0000, "spinning\n", "2:  j 2b");
        var path = Deployment("cVMs:\n" + Cvm("spinner", 0x2000_0000, "spinner.elf", "  max_instructions: 100000"));

        var result = CliRunner.Run("run", path);

        Assert.Equal(124, result.ExitCode);
        Assert.Equal(["spinner: spinning"], result.OutputLines);
        Assert.StartsWith("cvm run: fault: spinner: thread ", result.ErrorLines[0]);
    }

    [Fact]
    public void The_run_limit_stops_cVMs_that_are_still_running_with_status_124()
    {
        Guest("spinner.elf", 0x2000_0000, "spinning\n", "2:  j 2b");
        var path = Deployment("cVMs:\n" + Cvm("spinner", 0x2000_0000, "spinner.elf"));

        var result = CliRunner.Run("run", "--max-instructions", "50000", path);

        Assert.Equal(124, result.ExitCode);
        Assert.Equal(["spinner: spinning"], result.OutputLines);
        Assert.Equal(
            ["cvm run: cVM 'spinner' did not finish (its threads are blocked or still running)", "cvm run: stopped after --max-instructions 50000 with cVMs still running"],
            result.ErrorLines);
    }

    [Fact]
    public void The_monitor_makes_room_for_cVMs_where_it_would_sit_and_above_4_GiB()
    {
        // 0x1000000 is where the monitor's own region goes by default; 0x400000000 is beyond a 4 GiB address space.
        Guest("low.elf", 0x0100_0000, "low\n");
        Guest("high.elf", 0x4_0000_0000, "high\n");
        var path = Deployment("cVMs:\n" + Cvm("low", 0x0100_0000, "low.elf") + Cvm("high", 0x4_0000_0000, "high.elf"));

        var result = CliRunner.Run("run", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["low: low", "high: high"], result.OutputLines);
    }

    [Fact]
    public void A_linux_cVM_runs_an_unmodified_program_with_its_own_file_root()
    {
        // A Linux program knows nothing of cVMs: openat, read, write and exit_group are plain Linux system calls.
        const string Source = """
                .text
                .globl _start
            _start:
                li a0, -100
                lla a1, path
                li a2, 0
                li a3, 0
                li a7, 56
                ecall
                bltz a0, failed
                lla a1, buffer
                li a2, 64
                li a7, 63
                ecall
                mv a2, a0
                li a0, 1
                lla a1, buffer
                li a7, 64
                ecall
                li a0, 0
                li a7, 94
                ecall
            failed:
                li a0, 9
                li a7, 94
                ecall
                .data
            path: .asciz "/greeting.txt"
            buffer: .zero 64
            """;
        File.WriteAllBytes(Path.Combine(_directory, "cat.elf"), Elf.Write(Linker.Link(TextAssembler.Assemble(Source, "cat.s"), 0x2000_0000)));
        Directory.CreateDirectory(Path.Combine(_directory, "files"));
        File.WriteAllText(Path.Combine(_directory, "files", "greeting.txt"), "read from its own root\n");
        var path = Deployment("cVMs:\n" + Cvm("linux", 0x2000_0000, "cat.elf", "  personality: linux\n  file_root: files"));

        var result = CliRunner.Run("run", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["linux: read from its own root"], result.OutputLines);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("lots")]
    public void A_bad_run_limit_is_a_usage_error(string limit)
    {
        var result = CliRunner.Run("run", "--max-instructions", limit, "x.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--max-instructions expects a positive whole number of instructions, not '{limit}'", result.Error);
    }

    /// <summary>Marks a program that uses only PC-relative addressing as a static PIE (ET_DYN), so it loads anywhere.</summary>
    private static byte[] MakePositionIndependent(byte[] elf)
    {
        BitConverter.TryWriteBytes(elf.AsSpan(16, 2), (ushort)3);
        return elf;
    }
}
