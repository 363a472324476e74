using System.Text;
using Cvm.Testing;

namespace Cvm.Monitor.Tests;

public sealed class ScenarioTests
{
    [ReferenceFact(GuestBuilder.Compiler)]
    public void Hello_prints_probes_a_capfile_and_reads_it_through_the_capability()
    {
        var (monitor, result) = Deployment.Run(m =>
        {
            m.AddCapFile(new CapFileDefinition
            {
                Name = "greeting",
                Size = 64,
                Data = Encoding.ASCII.GetBytes("Hello, cVMs!!"),
                Access = [new CapFileGrant("hello", Read: true, Write: false)],
            });
            m.AddCvm(Deployment.Cvm("hello", "hello.c", 0));
        });
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.Equal("hello from hello\nHello, cVMs!!\n", result["hello"].Console);
            Assert.True(result.Succeeded, result["hello"].ToString());
            Assert.Equal(64, result["hello"].BytesShared);
        }
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Two_cvms_share_a_buffer_with_wait_and_notify()
    {
        var (monitor, result) = Deployment.Run(m =>
        {
            m.AddCapFile(new CapFileDefinition
            {
                Name = "channel",
                Size = 256,
                Owner = "owner",
                Access = [new CapFileGrant("peer", Read: true, Write: true)],
            });
            m.AddCvm(Deployment.Cvm("owner", "share_owner.c", 0));
            m.AddCvm(Deployment.Cvm("peer", "share_peer.c", 1));
        });
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.Equal("owner saw pong\n", result["owner"].Console);
            Assert.Equal("peer answered\n", result["peer"].Console);
            Assert.True(result.Succeeded);
        }
    }

    internal static void AddServerAndClient(CvmMonitor m, string client, FaultPolicy policy = FaultPolicy.Stop, ulong? callBudget = null)
    {
        m.AddCapFile(new CapFileDefinition
        {
            Name = "stop",
            Size = 16,
            Access = [new CapFileGrant("server", true, false), new CapFileGrant("client", true, true)],
        });
        m.AddCvm(Deployment.Cvm("server", "call_server.c", 0) with
        {
            OnFault = policy,
            Exports =
            [
                new CvmExport("add"), new CvmExport("sum", Buffer: BufferDirection.In), new CvmExport("take", Buffer: BufferDirection.In), new CvmExport("fill", Buffer: BufferDirection.Out),
                new CvmExport("scribble", Buffer: BufferDirection.In), new CvmExport("crash"),
                new CvmExport("spin", InstructionBudget: callBudget), new CvmExport("lie"), new CvmExport("started"),
            ],
        });
        m.AddCvm(Deployment.Cvm("client", client, 1));
        foreach (var export in new[] { "add", "sum", "take", "fill", "scribble", "spin", "lie", "started" })
        {
            m.Grant(new CallGrant("client", "server", export));
        }
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void A_cross_cvm_call_passes_scalars_and_buffers_by_direction()
    {
        var (monitor, result) = Deployment.Run(m => AddServerAndClient(m, "call_client.c"));
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.True(result.Succeeded, result["client"].Console + result["server"].Console);
            Assert.Contains("client done", result["client"].Console);
        }
    }
}
