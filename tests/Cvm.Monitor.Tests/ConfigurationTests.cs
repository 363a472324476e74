using Cvm.Testing;

namespace Cvm.Monitor.Tests;

/// <summary>Deployments the monitor must refuse with a message naming what is wrong.</summary>
public sealed class ConfigurationTests
{
    private static CvmDefinition Hello(int index) => Deployment.Cvm($"c{index}", "hello.c", index);

    private static string Refusal(Action<CvmMonitor> setup)
    {
        using var monitor = new CvmMonitor();
        var exception = Assert.Throws<CvmConfigurationException>(() =>
        {
            setup(monitor);
            monitor.Start();
        });
        return exception.Message;
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Overlapping_regions_are_refused()
    {
        var message = Refusal(m =>
        {
            m.AddCvm(Hello(0));
            m.AddCvm(Hello(0) with { Name = "twin" });
        });
        Assert.Contains("overlap", message);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Adjacent_regions_without_a_guard_page_are_refused()
    {
        var message = Refusal(m =>
        {
            m.AddCvm(Hello(0));
            m.AddCvm(Hello(0) with { Name = "next", Isolation = CvmIsolation.Region(Deployment.BaseOf(0) + Deployment.RegionSize, Deployment.RegionSize) });
        });
        Assert.Contains("guard page", message);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Bounds_that_are_not_exactly_representable_are_refused()
    {
        var message = Refusal(m => m.AddCvm(Hello(0) with { Isolation = new CvmIsolation(Deployment.BaseOf(0), Deployment.RegionSize, Deployment.BaseOf(0) - 0x1000, Deployment.BaseOf(0) + 0x123_4000) }));
        Assert.Contains("not exactly representable", message);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void An_image_linked_for_another_region_is_refused()
    {
        var message = Refusal(m => m.AddCvm(Hello(0) with { Isolation = CvmIsolation.Region(Deployment.BaseOf(3), Deployment.RegionSize) }));
        Assert.Contains("cVM 'c0'", message);
        Assert.Contains("does not lie in the region", message);
    }

    [Fact]
    public void A_malformed_image_is_refused_with_the_cvm_named()
    {
        var message = Refusal(m => m.AddCvm(new CvmDefinition
        {
            Name = "broken",
            Image = [0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3],
            Runtime = "broken.elf",
            Isolation = CvmIsolation.Region(Deployment.BaseOf(0), Deployment.RegionSize),
        }));
        Assert.StartsWith("cVM 'broken': broken.elf:", message);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Grants_of_unknown_exports_and_access_lists_of_unknown_cvms_are_refused()
    {
        Assert.Contains("no export 'missing'", Refusal(m =>
        {
            m.AddCvm(Hello(0));
            m.AddCvm(Hello(1));
            m.Grant(new CallGrant("c0", "c1", "missing"));
        }));
        Assert.Contains("unknown cVM 'ghost'", Refusal(m =>
        {
            m.AddCapFile(new CapFileDefinition { Name = "f", Size = 16, Access = [new CapFileGrant("ghost", true, false)] });
            m.AddCvm(Hello(0));
        }));
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void An_export_without_its_entry_symbol_is_refused()
    {
        var message = Refusal(m => m.AddCvm(Hello(0) with { Exports = [new CvmExport("nothing")] }));
        Assert.Contains("__cvm_export_nothing", message);
    }

    [Fact]
    public void Definitions_are_checked_when_added()
    {
        using var monitor = new CvmMonitor();
        var definition = new CvmDefinition { Name = "x", Image = [], Isolation = new CvmIsolation(0x2000_0100, 0x1000, 0x2000_0100, 0x2000_1100) };
        Assert.Throws<CvmConfigurationException>(() => monitor.AddCvm(definition));
        Assert.Throws<CvmConfigurationException>(() => monitor.AddCapFile(new CapFileDefinition { Name = "", Size = 16 }));
        Assert.Throws<CvmConfigurationException>(() => monitor.AddCapFile(new CapFileDefinition { Name = "big", Size = 4, Data = new byte[5] }));
    }
}
