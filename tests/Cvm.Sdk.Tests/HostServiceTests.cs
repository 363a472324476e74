using Cvm.Monitor;
using Cvm.Testing;

namespace Cvm.Sdk.Tests;

/// <summary>The monitor side of guest → host calls: lookups, argument checks and leased views.</summary>
public sealed class HostServiceTests
{
    private const ulong ProbeBase = 0x2000_0000, OutsiderBase = 0x2100_0000, RegionSize = 0x10_0000;

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Service_calls_check_every_guest_value_and_lease_views_only_for_the_call()
    {
        var monitor = new CvmMonitor(new MonitorOptions { Quantum = 5_000 });
        monitor.AddCvm(new CvmDefinition
        {
            Name = "probe", Image = GuestBuilder.Build("service_probe.c", ProbeBase), Runtime = "service_probe.c",
            Isolation = CvmIsolation.Region(ProbeBase, RegionSize), StackSize = 0x8000,
        });
        monitor.AddCvm(new CvmDefinition
        {
            Name = "outsider", Image = GuestBuilder.Build("service_probe.c", OutsiderBase), Runtime = "service_probe.c",
            Isolation = CvmIsolation.Region(OutsiderBase, RegionSize), StackSize = 0x8000, Args = ["outsider", "lookup-only"],
        });
        var requests = new List<HostServiceRequest>();
        monitor.AddHostService(new HostServiceDefinition
        {
            Provider = "store", Exports = ["kv__Put"], Callers = ["probe"],
            Handler = request =>
            {
                requests.Add(request);
                return 0;
            },
        });
        var result = monitor.Run(5_000_000);

        Assert.Equal($"0 {CvmError.NotFound} {CvmError.Fault} {CvmError.Fault} {CvmError.NotFound} {CvmError.NotFound} 0 \n", result["probe"].Console);
        Assert.Equal($"{CvmError.Permission} ", result["outsider"].Console);
        var request = Assert.Single(requests);
        Assert.Equal(("probe", "store", "kv__Put"), (request.Caller, request.Provider, request.Export));
        Assert.False(request.In.Writable);
        Assert.True(request.Out.Writable);
        Assert.Equal(48UL, request.In.Length); // header, two slots, the 3-byte key padded to 8
        // After the call the views are dead, whatever the handler kept.
        Assert.False(request.In.IsValid);
        Assert.Throws<InvalidOperationException>(() => request.In.Read(0, new byte[8]));
        Assert.Throws<InvalidOperationException>(() => request.Out.Write(0, new byte[8]));
    }
}
