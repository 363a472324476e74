namespace Cvm.Monitor.Tests;

/// <summary>Small helpers for building deployments of test guests.</summary>
internal static class Deployment
{
    /// <summary>Region of the i-th test cVM: 1 MiB at 0x2000_0000 + i × 16 MiB (unmapped space in between).</summary>
    public static ulong BaseOf(int index) => 0x2000_0000UL + (ulong)index * 0x0100_0000UL;

    public const ulong RegionSize = 0x10_0000;

    /// <summary>A cVM running guests/<paramref name="source"/> in region <paramref name="index"/>.</summary>
    public static CvmDefinition Cvm(string name, string source, int index, params string[] args) => new()
    {
        Name = name,
        Image = GuestBuilder.Build(source, BaseOf(index)),
        Runtime = source,
        Isolation = CvmIsolation.Region(BaseOf(index), RegionSize),
        Args = args.Length == 0 ? [name] : args,
        StackSize = 0x8000,
    };

    /// <summary>Runs a monitor over the given cVMs with a generous instruction limit.</summary>
    public static (CvmMonitor Monitor, MonitorResult Result) Run(Action<CvmMonitor> setup, ulong limit = 50_000_000)
    {
        var monitor = new CvmMonitor(new MonitorOptions { Quantum = 5_000 });
        setup(monitor);
        return (monitor, monitor.Run(limit));
    }
}
