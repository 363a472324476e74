using System.Text;
using Cvm.Monitor;
using Cvm.Testing;

namespace Cvm.Sdk.Tests;

/// <summary>Contract calls through the monitor with guests built by Debian's riscv64-unknown-elf-gcc.</summary>
public sealed class EndToEndTests
{
    private const ulong KvBase = 0x2000_0000, ClientBase = 0x2100_0000, RegionSize = 0x10_0000;

    private sealed class Echo : IEcho
    {
        public int Reverse(ReadOnlySpan<byte> input, Span<byte> output)
        {
            var n = Math.Min(input.Length, output.Length);
            for (var i = 0; i < n; i++)
            {
                output[i] = input[input.Length - 1 - i];
            }
            return n;
        }

        public string Greet(string name) => $"hello, {name}";
    }

    private static string[] Hashes(ulong? kvHash = null) =>
        [$"KV_HASH=0x{kvHash ?? Contracts.KeyValue.Hash:x}ULL", $"ECHO_HASH=0x{Contracts.Echo.Hash:x}ULL"];

    private static CvmHost CreateHost(bool withClient = false, ulong? kvHash = null)
    {
        var monitor = new CvmMonitor(new MonitorOptions { Quantum = 5_000 });
        monitor.AddCapFile(new CapFileDefinition { Name = "park", Size = 16, Access = [new CapFileGrant("kv", Read: true, Write: false)] });
        monitor.AddCvm(new CvmDefinition
        {
            Name = "kv",
            Image = GuestBuilder.Build("kv_service.c", KvBase, Hashes(kvHash)),
            Runtime = "kv_service.c",
            Isolation = CvmIsolation.Region(KvBase, RegionSize),
            Exports = Contracts.KeyValue.Exports(),
            StackSize = 0x8000,
        });
        if (withClient)
        {
            monitor.AddCvm(new CvmDefinition
            {
                Name = "client",
                Image = GuestBuilder.Build("kv_client.c", ClientBase, Hashes()),
                Runtime = "kv_client.c",
                Isolation = CvmIsolation.Region(ClientBase, RegionSize),
                StackSize = 0x8000,
            });
            foreach (var export in Contracts.KeyValue.Exports())
            {
                monitor.Grant(new CallGrant("client", "kv", export.Name));
            }
        }
        var host = new CvmHost(monitor);
        host.Provide<IEcho>("host", new Echo(), "kv");
        return host;
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public async Task Host_calls_a_guest_with_every_marshalled_type()
    {
        using var host = CreateHost();
        var kv = host.GetService<IKeyValue>("kv");
        Assert.Equal(1, kv.Put("alpha"u8, "one"u8));
        Assert.Equal(2, kv.Put("beta"u8, "two!"u8));
        var value = new byte[8];
        Assert.Equal(4, kv.Get("beta"u8, value));
        Assert.Equal("two!\0\0\0\0"u8.ToArray(), value);
        Assert.Equal(-1, kv.Get("gamma"u8, value));

        Assert.Equal(1.5f * -2.25, kv.Mix(-3, 65535, -100_000, 1UL << 40, 1.5f, -2.25, true, Color.Blue, out var sum));
        Assert.Equal(-3 + 65535 - 100_000 + (1L << 40) + 1 + 3, sum);
        Assert.Equal("kv-guest λ", kv.Name());
        var scaled = kv.Scale(new Point { X = 7, Y = -4, Z = long.MaxValue });
        Assert.Equal((14, -12, -long.MaxValue), (scaled.X, scaled.Y, scaled.Z));

        var count = kv.CountAsync();
        Assert.False(count.IsCompleted);
        host.Run(2_000_000);
        // The call completed during Run; its continuation (the proxy's unmarshalling) runs on the thread pool.
        Assert.Equal(2, await count);
        Assert.Empty(host.Monitor.Faults);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void A_faulting_callee_surfaces_as_a_typed_exception_with_the_cheri_cause()
    {
        using var host = CreateHost();
        var kv = host.GetService<IKeyValue>("kv");
        var e = Assert.Throws<CvmCalleeFaultException>(kv.Crash);
        Assert.Equal("kv", e.Cvm);
        Assert.Equal("Crash", e.Method);
        Assert.Contains("CHERI", e.Cause);
        Assert.Contains("length", e.Cause);
        Assert.NotNull(e.Symbol);
        Assert.Contains("0x", e.Message);
        // The callee was stopped by its fault policy: further calls fail with CVM_ESTOPPED.
        var stopped = Assert.Throws<CvmCallFailedException>(() => kv.Put("k"u8, "v"u8));
        Assert.Equal(CvmError.Stopped, stopped.Status);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void A_budget_overrun_surfaces_as_its_own_exception()
    {
        using var host = CreateHost();
        var kv = host.GetService<IKeyValue>("kv");
        var e = Assert.Throws<CvmBudgetExceededException>(kv.Spin);
        Assert.Equal(100_000UL, e.Budget);
        Assert.Equal(FaultKind.BudgetExhausted, Assert.Single(host.Monitor.Faults).Kind);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Out_of_range_lengths_and_undeclared_enum_values_from_a_guest_are_rejected()
    {
        using var host = CreateHost();
        var kv = host.GetService<IKeyValue>("kv");
        Assert.Contains("exceed the 64-byte return buffer", Assert.Throws<CvmProtocolException>(() => kv.Lie()).Message);
        Assert.Contains("not a valid Color", Assert.Throws<CvmProtocolException>(() => kv.BadEnum()).Message);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void A_guest_calls_a_service_the_host_implements()
    {
        using var host = CreateHost();
        host.Run(5_000_000);
        var console = host.Monitor.GetResult("kv").Console;
        Assert.Equal($"olleh 5\nhello, cvm\n{CvmError.ContractMismatch}\n", console);
        Assert.Empty(host.ServiceErrors);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void A_guest_calls_another_guest_through_the_same_frames()
    {
        using var host = CreateHost(withClient: true);
        var result = host.Run(5_000_000);
        var client = result["client"];
        Assert.Equal(0, client.ExitCode);
        Assert.Equal($"client got green\nlie {CvmError.Protocol}\ncrash {CvmError.CalleeFault}\n", client.Console);
        Assert.Equal("kv", Assert.Single(result.Faults).Cvm);
    }

    private sealed class Store : IKeyValue
    {
        private readonly Dictionary<string, byte[]> _entries = [];

        public int Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            _entries[Encoding.UTF8.GetString(key)] = value.ToArray();
            return _entries.Count;
        }

        public int Get(ReadOnlySpan<byte> key, Span<byte> value)
        {
            if (!_entries.TryGetValue(Encoding.UTF8.GetString(key), out var stored))
            {
                return -1;
            }
            stored.AsSpan(0, Math.Min(stored.Length, value.Length)).CopyTo(value);
            return stored.Length;
        }

        public double Mix(sbyte a, ushort b, int c, ulong d, float e, double f, bool g, Color h, out long sum)
        {
            sum = a + b + c + (long)d + (g ? 1 : 0) + (long)h;
            return e * f;
        }

        public string Name() => "store";

        public Point Scale(Point point) => point;

        public void Crash() => throw new InvalidOperationException("the host implementation fails");

        public void Spin() { }

        public byte[] Lie() => [];

        public Color BadEnum() => Color.Red;

        public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult((long)_entries.Count);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void A_guest_calls_a_csharp_implementation_through_the_skeleton_with_leased_views()
    {
        var monitor = new CvmMonitor(new MonitorOptions { Quantum = 5_000 });
        monitor.AddCvm(new CvmDefinition
        {
            Name = "client",
            Image = GuestBuilder.Build("kv_client.c", ClientBase, [.. Hashes(), "KV_PROVIDER=\"store\""]),
            Runtime = "kv_client.c",
            Isolation = CvmIsolation.Region(ClientBase, RegionSize),
            StackSize = 0x8000,
        });
        using var host = new CvmHost(monitor);
        host.Provide<IKeyValue>("store", new Store(), "client");
        var result = host.Run(5_000_000);
        var client = result["client"];
        Assert.Equal(0, client.ExitCode);
        // The lying frame is refused before the implementation runs; the implementation's exception becomes CVM_EHOST.
        Assert.Equal($"client got green\nlie {CvmError.Protocol}\ncrash {CvmError.HostFailure}\n", client.Console);
        Assert.IsType<InvalidOperationException>(Assert.Single(host.ServiceErrors));
        Assert.Empty(result.Faults);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void A_guest_built_against_another_contract_version_is_refused_at_link_time()
    {
        using var host = CreateHost(kvHash: Contracts.KeyValue.Hash ^ 0x10);
        host.GetService<IKeyValue>("kv");
        var e = Assert.Throws<CvmConfigurationException>(host.Start);
        Assert.Contains("'kv'", e.Message);
        Assert.Contains($"expected hash 0x{Contracts.KeyValue.Hash:x16}", e.Message);
        Assert.Contains($"found 0x{Contracts.KeyValue.Hash ^ 0x10:x16}", e.Message);
    }
}
