using System.Diagnostics;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Cvm.Monitor;
using Cvm.Sdk;

namespace Cvm.Benchmarks;

/// <summary>
/// Contract calls host → guest (`--filter *ContractBenchmarks*`) and the guest → guest round trip in emulated
/// instructions (`contract-guest-to-guest`). The proxy is hand-written exactly as docs/contracts-abi.md specifies.
/// </summary>
[MemoryDiagnoser]
public class ContractBenchmarks
{
    private const ulong ServerBase = 0x2000_0000, ClientBase = 0x2100_0000, RegionSize = 0x10_0000;

    private static readonly CvmMethodDescriptor[] Methods =
    [
        new(1, "Empty", [], new("return", CvmTypeKind.Void, CvmDirection.In, CvmTypeKind.Void, 0), null, false),
        new(2, "Take", [new("data", CvmTypeKind.ReadOnlySpan, CvmDirection.In, CvmTypeKind.U8, 1)],
            new("return", CvmTypeKind.I32, CvmDirection.In, CvmTypeKind.Void, 4), null, false),
    ];

    internal static readonly CvmContract Contract = new("bench", "IBench", CvmContract.ComputeHash(CvmContract.BuildCanonicalText("bench", Methods)), Methods);

    private readonly byte[] _data = new byte[4096];
    private CvmHost _host = null!;
    private CvmServiceClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _host = CreateHost(withClient: false);
        _client = ClientFor(_host);
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [Benchmark]
    public CvmCallResult EmptyRoundTrip() => _client.Invoke(_client.BeginCall(1));

    [Benchmark]
    public int ReadOnlySpan4KiBRoundTrip()
    {
        var frame = _client.BeginCall(2);
        frame.ReadOnlySpan<byte>(0, _data);
        return _client.Invoke(frame).Return<int>();
    }

    /// <summary>Runs the client guest, which prints the instructions one empty guest → guest round trip retires.</summary>
    public static int GuestToGuest()
    {
        using var host = CreateHost(withClient: true);
        var result = host.Run(50_000_000);
        Console.Write(result["client"].Console);
        return result["client"].ExitCode == 0 ? 0 : 1;
    }

    private static CvmServiceClient ClientFor(CvmHost host)
    {
        // The benchmark calls through the client directly: the proxy only hands it out. Nothing provides IBench from
        // the host, so the skeleton is never called.
        CvmServiceRegistry.Register(new CvmServiceRegistration<IBench>(Contract, client => new BenchProxy(client), (_, _) => { }));
        return ((BenchProxy)host.GetService<IBench>("server")).Client;
    }

    private static CvmHost CreateHost(bool withClient)
    {
        var monitor = new CvmMonitor(new MonitorOptions { Quantum = 100_000 });
        monitor.AddCapFile(new CapFileDefinition { Name = "park", Size = 16, Access = [new CapFileGrant("server", Read: true, Write: false)] });
        monitor.AddCvm(new CvmDefinition
        {
            Name = "server", Image = Compile(ServerBase), Runtime = "contract_bench.c",
            Isolation = CvmIsolation.Region(ServerBase, RegionSize), Exports = Contract.Exports(), StackSize = 0x8000, Args = ["server"],
        });
        if (withClient)
        {
            monitor.AddCvm(new CvmDefinition
            {
                Name = "client", Image = Compile(ClientBase), Runtime = "contract_bench.c",
                Isolation = CvmIsolation.Region(ClientBase, RegionSize), StackSize = 0x8000, Args = ["client", "measure"],
            });
            monitor.Grant(new CallGrant("client", "server", "bench__Empty"));
        }
        return new CvmHost(monitor);
    }

    /// <summary>Compiles programs/contract_bench.c for a region base (cached by source, header and base).</summary>
    private static byte[] Compile(ulong baseAddress)
    {
        var programs = Path.Combine(AppContext.BaseDirectory, "programs");
        var runtime = Path.Combine(AppContext.BaseDirectory, "guest");
        var source = Path.Combine(programs, "contract_bench.c");
        var inputs = new[] { source, Path.Combine(programs, "frame.h"), Path.Combine(runtime, "cvm.h"), Path.Combine(runtime, "cvm_start.S") };
        var hash = Convert.ToHexString(SHA256.HashData(inputs.SelectMany(File.ReadAllBytes).ToArray()))[..16];
        var elf = Path.Combine(Path.GetTempPath(), $"cvm-bench-contract-{hash}-{baseAddress:x}-{Contract.Hash:x}.elf");
        if (!File.Exists(elf))
        {
            var start = new ProcessStartInfo("riscv64-unknown-elf-gcc") { UseShellExecute = false };
            foreach (var argument in new[]
            {
                "-march=rv64gc", "-mabi=lp64d", "-O2", "-ffreestanding", "-fno-builtin", "-nostdlib", "-nostartfiles", "-static",
                $"-Wl,-Ttext-segment=0x{baseAddress:x}", "-Wl,-z,max-page-size=4096", $"-I{runtime}", $"-I{programs}",
                $"-DBENCH_HASH=0x{Contract.Hash:x}ULL", Path.Combine(runtime, "cvm_start.S"), source, "-lgcc", "-o", elf,
            })
            {
                start.ArgumentList.Add(argument);
            }
            using var compiler = Process.Start(start) ?? throw new InvalidOperationException("cannot start riscv64-unknown-elf-gcc");
            compiler.WaitForExit();
            if (compiler.ExitCode != 0)
            {
                throw new InvalidOperationException("compiling contract_bench.c failed (install gcc-riscv64-unknown-elf)");
            }
        }
        return File.ReadAllBytes(elf);
    }

    public interface IBench;

    private sealed class BenchProxy(CvmServiceClient client) : IBench
    {
        public CvmServiceClient Client { get; } = client;
    }
}
