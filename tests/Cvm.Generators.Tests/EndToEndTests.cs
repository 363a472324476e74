using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Cvm.Generators.Tests.EndToEnd;
using Cvm.Monitor;
using Cvm.Sdk;
using Cvm.Testing;

namespace Cvm.Generators.Tests;

/// <summary>
/// The generator's output end to end, as a consumer gets it: this project runs the generator on EndToEndContracts.cs,
/// the guest files come from the compiled assembly's CvmGuestFile attributes, guests are built with Debian's
/// riscv64-unknown-elf-gcc against them, and the monitor runs host → guest, guest → host and guest → guest calls
/// through the generated proxy, skeleton, caller stubs and dispatch.
/// </summary>
public sealed class EndToEndTests
{
    private const string Compiler = "riscv64-unknown-elf-gcc";
    private const ulong CalcBase = 0x2000_0000, ClientBase = 0x2100_0000, RegionSize = 0x10_0000;

    private sealed class Greeter : IGreeter
    {
        public string Hello(string name) => $"hello, {name} λ";

        public int Zeros(ReadOnlySpan<byte> data, out int ones)
        {
            ones = data.Count((byte)1);
            return data.Count((byte)0);
        }
    }

    private static CvmHost CreateHost(bool withClient = false)
    {
        var monitor = new CvmMonitor(new MonitorOptions { Quantum = 5_000 });
        monitor.AddCapFile(new CapFileDefinition { Name = "park", Size = 16, Access = [new CapFileGrant("calc", Read: true, Write: false)] });
        monitor.AddCvm(new CvmDefinition
        {
            Name = "calc",
            Image = GuestBuild.Build(CalcBase, "calc.c", "calc_server.c", "greeter_client.c"),
            Runtime = "calc.c",
            Isolation = CvmIsolation.Region(CalcBase, RegionSize),
            Exports = CalcCvmContract.Contract.Exports(),
            StackSize = 0x8000,
        });
        if (withClient)
        {
            monitor.AddCvm(new CvmDefinition
            {
                Name = "client",
                Image = GuestBuild.Build(ClientBase, "peer.c", "calc_client.c"),
                Runtime = "peer.c",
                Isolation = CvmIsolation.Region(ClientBase, RegionSize),
                StackSize = 0x8000,
            });
            foreach (var export in CalcCvmContract.Contract.Exports())
            {
                monitor.Grant(new CallGrant("client", "calc", export.Name));
            }
        }
        var host = new CvmHost(monitor);
        host.Provide<IGreeter>("host", new Greeter(), "calc");
        return host;
    }

    [ReferenceFact(Compiler)]
    public void Host_calls_a_guest_through_the_generated_proxy_and_dispatch()
    {
        using var host = CreateHost();
        var calc = host.GetService<ICalc>("calc");

        Assert.Equal(-(-3 + 65535 - 100_000 + (1L << 40)), calc.Add(-3, 65535, -100_000, 1L << 40, negate: true));
        long counter = 41;
        Assert.Equal(1.5f * -2.25 * -1, calc.Scale(1.5f, -2.25, Shade.Dark, out var sign, ref counter));
        Assert.Equal((1, 42L), (sign, counter));
        var moved = calc.Move(new Vec { X = 1, Y = -2, W = 0.5 }, new Vec { X = 10, Y = 20, W = 4 });
        Assert.Equal((11, 18, 2.0), (moved.X, moved.Y, moved.W));
        var doubled = new long[3];
        Assert.Equal(6, calc.Sum([1, 2, 3], doubled));
        Assert.Equal([2L, 4L, 6L], doubled);
        Assert.Equal("hi wörld", calc.Greet("wörld"));
        Assert.Equal([3, 2, 1], calc.Reverse([1, 2, 3]));
        Assert.Equal(Shade.Dark, calc.Flip(Shade.Light));
        Assert.Empty(host.Monitor.Faults);
    }

    [ReferenceFact(Compiler)]
    public void A_4_KiB_span_crosses_both_ways()
    {
        using var host = CreateHost();
        var calc = host.GetService<ICalc>("calc");
        var values = Enumerable.Range(-512, 1024).ToArray();
        var doubled = new long[512];
        Assert.Equal(values.Sum(), calc.Sum(values, doubled));
        Assert.Equal(values.Take(512).Select(v => 2L * v), doubled);
    }

    [ReferenceFact(Compiler)]
    public async Task An_asynchronous_call_completes_during_Run()
    {
        using var host = CreateHost();
        var twice = host.GetService<ICalc>("calc").TwiceAsync(21);
        Assert.False(twice.IsCompleted);
        host.Run(2_000_000);
        // The runtime completes the call inside Run; the proxy reads the result in a continuation the runtime
        // schedules asynchronously, so the test awaits it rather than sampling IsCompleted.
        Assert.Equal(42, await twice.AsTask().WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Empty(host.Monitor.Faults);
    }

    [ReferenceFact(Compiler)]
    public void A_value_outside_the_enum_from_the_guest_is_rejected()
    {
        using var host = CreateHost();
        var calc = host.GetService<ICalc>("calc");
        Assert.Throws<CvmProtocolException>(() => calc.Flip(Shade.Dark));
    }

    [ReferenceFact(Compiler)]
    public void A_faulting_callee_and_a_budget_overrun_surface_as_typed_exceptions()
    {
        using (var host = CreateHost())
        {
            var e = Assert.Throws<CvmCalleeFaultException>(host.GetService<ICalc>("calc").Crash);
            Assert.Equal(("calc", "Crash"), (e.Cvm, e.Method));
        }
        using (var host = CreateHost())
        {
            var e = Assert.Throws<CvmBudgetExceededException>(host.GetService<ICalc>("calc").Spin);
            Assert.Equal(50_000UL, e.Budget);
        }
    }

    [ReferenceFact(Compiler)]
    public void A_guest_calls_the_host_through_the_generated_stubs_and_skeleton()
    {
        using var host = CreateHost();
        host.Run(5_000_000);
        Assert.Equal("hello, guest λ\n4 3\n", host.Monitor.GetResult("calc").Console);
        Assert.Empty(host.Monitor.Faults);
        Assert.Empty(host.ServiceErrors);
    }

    [ReferenceFact(Compiler)]
    public void A_guest_calls_another_guest_through_the_generated_stubs()
    {
        using var host = CreateHost(withClient: true);
        var result = host.Run(10_000_000);
        Assert.True(0 == result["client"].ExitCode, result["client"].Console + string.Join("\n", result.Faults.Select(f => f.ToString())));
        Assert.Equal($"-8 hi peer 18 14 {1099 * 1100 / 2} {CvmError.CalleeFault}\n", result["client"].Console);
    }

    /// <summary>Builds guests from guests/*.c and the generated files of this assembly, cached by content.</summary>
    private static class GuestBuild
    {
        private static readonly string GuestRuntime = typeof(EndToEndTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GuestRuntimeDirectory").Value!;

        private static readonly string Directory = Prepare();

        /// <summary>Writes the generated guest files where a consumer's build would, next to the hand-written guests.</summary>
        private static string Prepare()
        {
            var directory = System.IO.Directory.CreateTempSubdirectory("cvm-gen-e2e-").FullName;
            foreach (var file in typeof(EndToEndTests).Assembly.GetCustomAttributes<CvmGuestFileAttribute>())
            {
                File.WriteAllText(Path.Combine(directory, file.Path), file.Content);
            }
            foreach (var file in System.IO.Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "guests")))
            {
                File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
            }
            return directory;
        }

        public static byte[] Build(ulong baseAddress, string main, params string[] generated)
        {
            var sources = generated.Prepend(main).Select(f => Path.Combine(Directory, f)).Prepend(Path.Combine(GuestRuntime, "cvm_start.S")).ToArray();
            var elf = Path.Combine(Directory, $"{Path.GetFileNameWithoutExtension(main)}-{Key(sources):x16}.elf");
            if (!File.Exists(elf))
            {
                var result = ReferenceTools.Run(Compiler,
                [
                    "-march=rv64gc", "-mabi=lp64d", "-O2", "-Wall", "-Wextra", "-Werror", "-ffreestanding", "-nostdlib", "-nostartfiles",
                    "-static", $"-Wl,-Ttext-segment=0x{baseAddress:x}", "-Wl,-z,max-page-size=4096", "-I", Directory, "-I", GuestRuntime,
                    .. sources, "-lgcc", "-o", elf,
                ], timeout: TimeSpan.FromMinutes(2));
                Assert.True(result.ExitCode == 0, result.StandardError);
            }
            return File.ReadAllBytes(elf);
        }

        private static ulong Key(IEnumerable<string> files) =>
            BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\0", files.Select(File.ReadAllText)))));
    }
}
