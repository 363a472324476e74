using System.Text;
using Cvm.Testing;

namespace Cvm.Monitor.Tests.Relocation;

/// <summary>
/// Intravisor-style hybrid guests linked at 0 (-Ttext-segment=0), run with the hart's LegacyRelocation: every
/// pointer they hold is an offset from their region's start, and the monitor translates the ones hostcalls carry.
/// </summary>
public sealed class RelocatedCvmTests
{
    private static CvmDefinition Relocated(string name, string source, int index, params string[] args) => new()
    {
        Name = name,
        Image = GuestBuilder.Build(source, 0),
        Runtime = source,
        Isolation = CvmIsolation.Region(Deployment.BaseOf(index), Deployment.RegionSize),
        Args = args.Length == 0 ? [name] : args,
        StackSize = 0x8000,
        LegacyRelocation = true,
    };

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Hello_linked_at_0_prints_probes_a_capfile_and_reads_it_beside_an_ordinary_hello()
    {
        var (monitor, result) = Deployment.Run(m =>
        {
            m.AddCapFile(new CapFileDefinition
            {
                Name = "greeting",
                Size = 64,
                Data = Encoding.ASCII.GetBytes("Hello, cVMs!!"),
                Access = [new CapFileGrant("relocated", Read: true, Write: false), new CapFileGrant("ordinary", Read: true, Write: false)],
            });
            m.AddCvm(Relocated("relocated", "hello.c", 0));
            m.AddCvm(Deployment.Cvm("ordinary", "hello.c", 1));
        });
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.Equal("hello from relocated\nHello, cVMs!!\n", result["relocated"].Console);
            Assert.Equal("hello from ordinary\nHello, cVMs!!\n", result["ordinary"].Console);
            Assert.True(result.Succeeded, string.Join("\n", result.Cvms));
        }
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Pointers_are_translated_and_checked_and_blocking_hostcalls_and_threads_work()
    {
        var (monitor, result) = Deployment.Run(m =>
        {
            m.AddCvm(Relocated("relocated", "relocated_hostcalls.c", 0));
            // Absolute 0x21000000 is this cVM's region: a relocated guest's "0x21000000" must not reach it.
            m.AddCvm(Deployment.Cvm("neighbour", "bystander.c", 1));
        });
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.Equal(
                $"relocated relocated\nfar pointer: {CvmError.Fault}\nwrapping pointer: {CvmError.Fault}\nworker runs\njoined: 42\n",
                result["relocated"].Console);
            Assert.True(result.Succeeded, string.Join("\n", result.Cvms));
        }
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void A_relocated_guest_that_stores_beyond_its_region_is_stopped_and_its_neighbour_finishes()
    {
        var (monitor, result) = Deployment.Run(m =>
        {
            m.AddCvm(Relocated("relocated", "relocated_hostcalls.c", 0, "relocated", "crash"));
            m.AddCvm(Deployment.Cvm("neighbour", "bystander.c", 1));
        });
        using (monitor)
        {
            var fault = Assert.Single(result.Faults);
            Assert.Equal("relocated", fault.Cvm);
            Assert.Equal(FaultKind.Trap, fault.Kind);
            Assert.Equal(CvmState.Faulted, result["relocated"].State);
            Assert.DoesNotContain("went through", result["relocated"].Console);
            Assert.True(result["neighbour"].Succeeded);
        }
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void The_guest_really_is_linked_at_0()
    {
        var elf = Cvm.Machine.Elf.ElfFile.Parse(GuestBuilder.Build("relocated_hostcalls.c", 0));
        Assert.Equal(0UL, elf.Segments.Min(s => s.VirtualAddress));
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void CP_Call_grants_to_or_from_a_relocated_cvm_are_refused_with_a_reason()
    {
        using var monitor = new CvmMonitor();
        monitor.AddCvm(Relocated("relocated", "hello.c", 0));
        monitor.AddCvm(Deployment.Cvm("server", "call_server.c", 1) with { Exports = [new CvmExport("add")] });
        monitor.Grant(new CallGrant("relocated", "server", "add"));
        var error = Assert.Throws<CvmConfigurationException>(monitor.Start);
        Assert.Contains("legacy relocation takes no part in CP_Call", error.Message);
    }
}
