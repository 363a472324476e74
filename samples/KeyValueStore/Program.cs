using Cvm.Monitor;
using Cvm.Sdk;

namespace KeyValueStore;

/// <summary>
/// A key-value store in one cVM, used by the C# host, by an honest client cVM and by an intruder cVM that tries to
/// read the store's memory directly.
/// </summary>
public static class Program
{
    /// <summary>Each cVM gets its own 1 MiB region, with unmapped space between regions; each guest image is linked at its region's base.</summary>
    private const ulong StoreBase = 0x2000_0000, ClientBase = 0x2020_0000, IntruderBase = 0x2040_0000, RegionSize = 0x10_0000;

    /// <summary>Prints the interaction to the console; <c>--stats</c> adds per-cVM counters. Anything else is refused.</summary>
    public static int Main(string[] args)
    {
        if (args.Any(argument => argument != "--stats"))
        {
            Console.Error.WriteLine($"KeyValueStore: unknown argument '{args.First(argument => argument != "--stats")}'; the only option is --stats");
            return 2;
        }
        Run(Console.Out, stats: args.Length > 0);
        return 0;
    }

    /// <summary>Runs the sample, writing the guests' console output and the host's results to <paramref name="output"/>.</summary>
    public static void Run(TextWriter output, bool stats = false)
    {
        var console = new LineConsole(output);
        var monitor = new CvmMonitor(new MonitorOptions { ConsoleWriter = console.Write });
        // Bulk values: the client writes them into this buffer and the store reads them through its own capability.
        monitor.AddCapFile(new CapFileDefinition
        {
            Name = "bulk", Size = 256,
            Access = [new CapFileGrant("client", Read: true, Write: true), new CapFileGrant("store", Read: true, Write: false)],
        });
        // The store waits on "stop" to stay alive serving calls; nothing notifies it, the host disposes the monitor.
        monitor.AddCapFile(new CapFileDefinition { Name = "stop", Size = 8, Access = [new CapFileGrant("store", Read: true, Write: false)] });
        var exports = CvmServiceRegistry.Get<IKeyValueStore>().Contract.Exports();
        monitor.AddCvm(Guest("store", StoreBase) with { Exports = exports });
        monitor.AddCvm(Guest("client", ClientBase));
        monitor.AddCvm(Guest("intruder", IntruderBase));
        // Only the honest client may call the store; the intruder is granted nothing.
        foreach (var export in exports)
        {
            monitor.Grant(new CallGrant("client", "store", export.Name));
        }
        using var host = new CvmHost(monitor);
        var store = host.GetService<IKeyValueStore>("store");

        output.WriteLine($"[host] put motd: {store.Put("motd", "cVMs share one address space")}");
        output.WriteLine($"[host] get motd: {store.Get("motd")}");
        // Runs the client and the intruder to their end (the store stays blocked in its wait, serving calls).
        var result = host.Run();
        output.WriteLine($"[host] get greeting: {store.Get("greeting")}");
        output.WriteLine($"[host] keys stored: {store.Count()}");
        foreach (var fault in result.Faults)
        {
            output.WriteLine($"[host] contained: cVM '{fault.Cvm}' stopped by {fault.Description}");
        }
        output.WriteLine($"[host] client: {Describe(result["client"])}; intruder: {Describe(result["intruder"])}");
        if (stats)
        {
            foreach (var cvm in result.Cvms)
            {
                output.WriteLine($"[stats] {cvm.Name}: {cvm.Instructions} instructions, {cvm.Crossings} crossings, {cvm.BytesShared} bytes shared");
            }
        }
    }

    /// <summary>A cVM running a committed guest image (built from guest/NAME.c by samples/build-guests.sh).</summary>
    private static CvmDefinition Guest(string name, ulong regionBase) => new()
    {
        Name = name,
        Image = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guest", $"{name}.elf")),
        Runtime = $"guest/{name}.c",
        Isolation = CvmIsolation.Region(regionBase, RegionSize),
    };

    private static string Describe(CvmResult cvm) => cvm.Fault is null ? $"{cvm.State}, exit code {cvm.ExitCode}" : $"{cvm.State}";

    /// <summary>Prefixes each complete line a cVM writes with its name: guests write a line in several pieces.</summary>
    private sealed class LineConsole(TextWriter output)
    {
        private readonly Dictionary<string, string> _pending = [];

        public void Write(string cvm, string text)
        {
            var lines = (_pending.GetValueOrDefault(cvm, "") + text).Split('\n');
            foreach (var line in lines[..^1])
            {
                output.WriteLine($"[{cvm}] {line}");
            }
            _pending[cvm] = lines[^1];
        }
    }
}
