using Cvm.Machine.Elf;
using Cvm.Testing;

namespace Cvm.Monitor.Tests.Linux;

/// <summary>
/// Unmodified static Linux programs (glibc and picolibc, built with Debian's toolchains) inside cVMs: each cVM's
/// system calls are served by its own personality, with its own file root, and may touch only its own bounds.
/// </summary>
public sealed class LinuxCvmTests : IDisposable
{
    // Room for a picolibc program's 8 MiB static heap; regions are 16 MiB apart.
    private const ulong RegionSize = 0xC0_0000;
    private readonly List<string> _roots = [];

    public void Dispose()
    {
        foreach (var root in _roots)
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A fresh directory holding <paramref name="files"/> (name, text), to serve as a cVM's "/".</summary>
    private string Root(params (string Name, string Text)[] files)
    {
        var root = Path.Combine(Path.GetTempPath(), "cvm-linux-root-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        _roots.Add(root);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(root, name), text);
        }
        return root;
    }

    private static CvmDefinition LinuxCvm(string name, string program, int index, string? root = null, LinuxLibrary library = LinuxLibrary.Glibc, params string[] args) => new()
    {
        Name = name,
        Image = LinuxPrograms.Build(program, library, Deployment.BaseOf(index)),
        Runtime = program,
        Isolation = CvmIsolation.Region(Deployment.BaseOf(index), RegionSize),
        Args = args.Length == 0 ? [name] : args,
        Linux = new LinuxCvmOptions { FileRoot = root, RandomSeed = 7 },
    };

    [ReferenceFact(LinuxPrograms.GlibcCompiler)]
    public void A_glibc_program_prints_through_the_console_and_exits_with_its_status()
    {
        var (monitor, result) = Deployment.Run(m => m.AddCvm(LinuxCvm("greeter", "cat.c", 0)));
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.Equal("hello from greeter\n", result["greeter"].Console);
            Assert.True(result.Succeeded, result["greeter"].ToString());
            Assert.True(result["greeter"].Crossings > 0, "system calls are counted as crossings");
        }
    }

    [ReferenceFact(LinuxPrograms.PicolibcCompiler)]
    public void A_picolibc_program_runs_too()
    {
        var (monitor, result) = Deployment.Run(m => m.AddCvm(LinuxCvm("pico", "pico_hello.c", 0, library: LinuxLibrary.Picolibc, args: ["pico", "x"])));
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.Equal("picolibc says hello from pico (2)\n", result["pico"].Console);
            Assert.True(result.Succeeded, result["pico"].ToString());
        }
    }

    [ReferenceFact(LinuxPrograms.GlibcCompiler)]
    public void A_program_reads_files_under_its_root_and_nothing_above_it()
    {
        var root = Root(("data.txt", "inside the root\n"));
        var outside = $"/../{Path.GetFileName(Root(("secret.txt", "outside\n")))}/secret.txt";
        var (monitor, result) = Deployment.Run(m =>
        {
            m.AddCvm(LinuxCvm("reader", "cat.c", 0, root, args: ["reader", "/data.txt"]));
            m.AddCvm(LinuxCvm("escaper", "cat.c", 1, root, args: ["escaper", outside]));
        });
        using (monitor)
        {
            Assert.Equal("hello from reader\ninside the root\n", result["reader"].Console);
            Assert.True(result["reader"].Succeeded);
            Assert.Equal($"hello from escaper\ncannot open {outside}\n", result["escaper"].Console);
            Assert.Equal(2, result["escaper"].ExitCode);
            Assert.Empty(result.Faults);
        }
    }

    [ReferenceFact(LinuxPrograms.GlibcCompiler)]
    public void Two_linux_cvms_side_by_side_each_see_their_own_root()
    {
        var first = Root(("data.txt", "first root\n"));
        var second = Root(("data.txt", "second root\n"));
        var (monitor, result) = Deployment.Run(m =>
        {
            m.AddCvm(LinuxCvm("one", "cat.c", 0, first, args: ["one", "/data.txt"]));
            m.AddCvm(LinuxCvm("two", "cat.c", 1, second, args: ["two", "/data.txt"]));
        });
        using (monitor)
        {
            Assert.True(result.Succeeded, string.Join("\n", result.Cvms));
            Assert.Equal("hello from one\nfirst root\n", result["one"].Console);
            Assert.Equal("hello from two\nsecond root\n", result["two"].Console);
        }
    }

    [ReferenceFact(LinuxPrograms.GlibcCompiler, GuestBuilder.Compiler)]
    public void A_native_cvm_and_a_linux_cvm_run_together()
    {
        var root = Root(("data.txt", "linux data\n"));
        var (monitor, result) = Deployment.Run(m =>
        {
            m.AddCapFile(new CapFileDefinition
            {
                Name = "greeting",
                Size = 64,
                Data = "Hello, cVMs!!"u8.ToArray(),
                Access = [new CapFileGrant("hello", Read: true, Write: false)],
            });
            m.AddCvm(Deployment.Cvm("hello", "hello.c", 0));
            m.AddCvm(LinuxCvm("linux", "cat.c", 1, root, args: ["linux", "/data.txt"]));
        });
        using (monitor)
        {
            Assert.True(result.Succeeded, string.Join("\n", result.Cvms));
            Assert.Equal("hello from hello\nHello, cVMs!!\n", result["hello"].Console);
            Assert.Equal("hello from linux\nlinux data\n", result["linux"].Console);
        }
    }

    [ReferenceFact(LinuxPrograms.GlibcCompiler)]
    public void The_native_hostcall_gate_works_for_a_linux_program_too()
    {
        // The capability table is the region's last page (guest-abi.md).
        var table = Deployment.BaseOf(0) + RegionSize - 0x1000;
        var (monitor, result) = Deployment.Run(m => m.AddCvm(LinuxCvm("both", "gate.c", 0, args: ["both", $"{table:x}"])));
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.Equal("linux says hi\ngate says hi\nthe gate returned 13\n", result["both"].Console);
            Assert.True(result.Succeeded, result["both"].ToString());
        }
    }

    [ReferenceFact(LinuxPrograms.GlibcCompiler)]
    public void System_calls_with_pointers_into_another_cvm_or_the_monitor_get_EFAULT_and_touch_nothing()
    {
        var root = Root(("data.txt", "0123456789abcdefFEDCBA9876543210"));
        var monitorOptions = new MonitorOptions { Quantum = 5_000 };
        var victim = LinuxCvm("victim", "cat.c", 0, root, args: ["victim", "/data.txt"]);
        var victimElf = ElfFile.Parse(victim.Image);
        // The victim's main: code, which nothing legitimate writes, so any change is the attacker's.
        var victimAddress = victimElf.FindSymbol("main")!.Value.Value;
        var victimCode = victimElf.Segments.First(s => victimAddress - s.VirtualAddress < s.FileSize);
        var victimBytes = victimElf.Bytes.Slice((int)(victimCode.FileOffset + victimAddress - victimCode.VirtualAddress), 64).ToArray();
        var monitorAddress = monitorOptions.MonitorBase + 0x100; // the switcher's code
        using var monitor = new CvmMonitor(monitorOptions);
        monitor.AddCvm(victim);
        monitor.AddCvm(LinuxCvm("attacker", "efault.c", 1, root, args: ["attacker", $"{victimAddress:x}", $"{monitorAddress:x}", "/data.txt"]));
        monitor.Start();
        var monitorBefore = new byte[64];
        Assert.True(monitor.ReadMemory(monitorAddress, monitorBefore));

        var result = monitor.Run(50_000_000);

        Assert.Equal(
            "read into the other cVM: EFAULT\nread into the monitor: EFAULT\nwrite from the other cVM: EFAULT\n"
            + "getrandom into the other cVM: EFAULT\nclock_gettime into the monitor: EFAULT\nopen a path in the other cVM: EFAULT\n"
            + "mmap fixed over the other cVM: EINVAL\nown read: 16\n",
            result["attacker"].Console);
        Assert.True(result.Succeeded, string.Join("\n", result.Cvms));
        var victimAfter = new byte[64];
        var monitorAfter = new byte[64];
        Assert.True(monitor.ReadMemory(victimAddress, victimAfter));
        Assert.True(monitor.ReadMemory(monitorAddress, monitorAfter));
        Assert.Equal(victimBytes, victimAfter);
        Assert.Equal(monitorBefore, monitorAfter);
        Assert.Equal("hello from victim\n0123456789abcdefFEDCBA9876543210", result["victim"].Console);
    }

    [ReferenceFact(LinuxPrograms.GlibcCompiler)]
    public void A_faulting_linux_program_is_contained()
    {
        var root = Root(("data.txt", "unharmed\n"));
        var (monitor, result) = Deployment.Run(m =>
        {
            m.AddCvm(LinuxCvm("crasher", "crash.c", 0));
            m.AddCvm(LinuxCvm("bystander", "cat.c", 1, root, args: ["bystander", "/data.txt"]));
        });
        using (monitor)
        {
            var fault = Assert.Single(result.Faults);
            Assert.Equal("crasher", fault.Cvm);
            Assert.Equal(FaultKind.Trap, fault.Kind);
            Assert.Equal(CvmState.Faulted, result["crasher"].State);
            Assert.Equal("about to crash\n", result["crasher"].Console);
            Assert.True(result["bystander"].Succeeded);
            Assert.Equal("hello from bystander\nunharmed\n", result["bystander"].Console);
        }
    }

    [ReferenceFact(LinuxPrograms.GlibcCompiler)]
    public void A_restarted_linux_cvm_starts_again_with_a_fresh_personality()
    {
        using var monitor = new CvmMonitor(new MonitorOptions { Quantum = 5_000 });
        monitor.AddCvm(LinuxCvm("crasher", "crash.c", 0) with { OnFault = FaultPolicy.Restart });

        var result = monitor.Run(100_000);

        Assert.False(result.Completed);
        Assert.True(result["crasher"].Restarts >= 2, result["crasher"].ToString());
        Assert.Equal(result["crasher"].Restarts, result.Faults.Count);
        Assert.StartsWith("about to crash\nabout to crash\n", result["crasher"].Console);
    }
}
