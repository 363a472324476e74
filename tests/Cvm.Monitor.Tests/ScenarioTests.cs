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
        m.AddCapFile(new CapFileDefinition { Name = "done", Size = 16, Access = [new CapFileGrant("client", true, true)] });
        m.AddCvm(Deployment.Cvm("client", client, 1, client == "fault_client.c" ? ["client", callBudget is null ? policy.ToString().ToLowerInvariant() : "budget"] : []));
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
            // The server made two hostcalls (its wait and its exit); the client's count includes its five completed calls.
            Assert.Equal(2, result["server"].Crossings);
            Assert.InRange(result["client"].Crossings, 5 + 10, 100);
        }
    }

    [ReferenceTheory(GuestBuilder.Compiler)]
    [InlineData(FaultPolicy.Stop)]
    [InlineData(FaultPolicy.Restart)]
    public void A_faulting_callee_is_unwound_and_its_caller_gets_a_distinct_error(FaultPolicy policy)
    {
        var (monitor, result) = Deployment.Run(m =>
        {
            AddServerAndClient(m, "fault_client.c", policy);
            m.AddCvm(Deployment.Cvm("bystander", "bystander.c", 2));
        }, limit: 20_000_000);
        using (monitor)
        {
            Assert.True(result["client"].Succeeded, result["client"] + "\n" + string.Join("\n", result.Faults));
            Assert.Equal("caller survived\n", result["client"].Console);
            Assert.True(result["bystander"].Succeeded);
            var fault = Assert.Single(result.Faults);
            Assert.Equal("server", fault.Cvm);
            Assert.Equal("client", fault.Caller);
            Assert.Equal(Cvm.Machine.TrapCause.Cheri, fault.Cause);
            Assert.Contains("Permit_Store violation", fault.Description);
            Assert.StartsWith("cvm_cap_write", fault.Symbol);
            if (policy == FaultPolicy.Restart)
            {
                Assert.Equal(1, result["server"].Restarts);
                Assert.True(result["server"].Succeeded, result["server"].Console);
            }
            else
            {
                Assert.Equal(CvmState.Faulted, result["server"].State);
            }
        }
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void A_callee_that_exhausts_its_call_budget_is_unwound()
    {
        var (monitor, result) = Deployment.Run(m => AddServerAndClient(m, "fault_client.c", callBudget: 10_000) , limit: 20_000_000);
        using (monitor)
        {
            Assert.True(result["client"].Succeeded, result["client"].Console);
            var fault = Assert.Single(result.Faults);
            Assert.Equal(FaultKind.BudgetExhausted, fault.Kind);
            Assert.Equal("server", fault.Cvm);
            Assert.Equal("client", fault.Caller);
            Assert.StartsWith("spin", fault.Symbol);
        }
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void No_capability_crosses_a_call_in_either_direction()
    {
        var (monitor, result) = Deployment.Run(m =>
        {
            m.AddCapFile(new CapFileDefinition { Name = "stop", Size = 16, Access = [new CapFileGrant("callee", true, false), new CapFileGrant("caller", true, true)] });
            m.AddCvm(Deployment.Cvm("callee", "leak_callee.c", 0) with { Exports = [new CvmExport("leak")] });
            m.AddCvm(Deployment.Cvm("caller", "leak_caller.c", 1));
            m.Grant(new CallGrant("caller", "callee", "leak"));
        });
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.Equal("no capability crossed\n", result["caller"].Console);
            Assert.True(result.Succeeded);
        }
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Threads_are_created_joined_and_put_to_sleep()
    {
        var (monitor, result) = Deployment.Run(m => m.AddCvm(Deployment.Cvm("threads", "threads.c", 0) with { MaxThreads = 4 }));
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.Equal("threads joined\n", result["threads"].Console);
            Assert.Equal(CvmState.Exited, result["threads"].State);
            Assert.Equal(5, result["threads"].ExitCode);
        }
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Runs_are_deterministic()
    {
        static string Trace()
        {
            var (monitor, result) = Deployment.Run(m =>
            {
                AddServerAndClient(m, "call_client.c");
                m.AddCvm(Deployment.Cvm("threads", "threads.c", 2));
            });
            using (monitor)
            {
                return string.Join("|", result.Cvms.Select(c => $"{c.Name}:{c.Instructions}:{c.Crossings}:{c.Console}")) + monitor.Clock;
            }
        }
        Assert.Equal(Trace(), Trace());
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Stopping_a_cvm_from_the_host_revokes_capabilities_into_it()
    {
        using var monitor = new CvmMonitor(new MonitorOptions { Quantum = 2_000 });
        monitor.AddCapFile(new CapFileDefinition { Name = "channel", Size = 256, Owner = "owner", Access = [new CapFileGrant("peer", true, true)] });
        monitor.AddCvm(Deployment.Cvm("owner", "share_owner.c", 0));
        monitor.AddCvm(Deployment.Cvm("peer", "share_peer.c", 1));
        // Run until the peer holds its capability to the owner's buffer, then stop the owner.
        monitor.Start();
        var peerSlot = monitor.SymbolAddress("peer", "channel")!.Value;
        ulong ran = 0;
        while (!HasCapabilityAt(monitor, peerSlot) && ran < 1_000_000)
        {
            monitor.Run(500);
            ran += 500;
        }
        Assert.True(HasCapabilityAt(monitor, peerSlot));
        monitor.Stop("owner");
        Assert.False(HasCapabilityAt(monitor, peerSlot));
        Assert.True(monitor.RevokedCapabilities >= 1);
        var result = monitor.Run(1_000_000);
        Assert.Equal(CvmState.Stopped, result["owner"].State);
        // The peer either saw the buffer closed (and its check failed) or faulted on its revoked capability.
        Assert.False(result["peer"].Succeeded);
        if (result["peer"].State == CvmState.Faulted)
        {
            Assert.Contains("tag violation", result["peer"].Fault!.Description);
        }
        Assert.DoesNotContain(result.Faults, f => f.Cvm != "peer");
    }

    private static bool HasCapabilityAt(CvmMonitor monitor, ulong address) => monitor.HasTag(address);

    [ReferenceTheory(GuestBuilder.Compiler)]
    [InlineData(-1)]
    [InlineData(0)]
    public void Wait_minus_one_starts_the_next_cvm_only_after_the_previous_main_thread_ends(int wait)
    {
        // The owner advertises and then waits forever for an answer nobody sends: its main thread never ends.
        var (monitor, result) = Deployment.Run(m =>
        {
            m.AddCapFile(new CapFileDefinition { Name = "channel", Size = 256, Owner = "first" });
            m.AddCvm(Deployment.Cvm("first", "share_owner.c", 0) with { Wait = wait });
            m.AddCvm(Deployment.Cvm("second", "bystander.c", 1));
        });
        using (monitor)
        {
            Assert.False(result.Completed);
            Assert.Equal(CvmState.Running, result["first"].State);
            Assert.Equal(wait == -1 ? CvmState.Created : CvmState.Exited, result["second"].State);
        }
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Restart_reloads_a_finished_cvm_from_its_image()
    {
        using var monitor = new CvmMonitor();
        monitor.AddCapFile(new CapFileDefinition { Name = "greeting", Size = 16, Data = "Hello, cVMs!!"u8.ToArray(), Access = [new CapFileGrant("hello", true, false)] });
        monitor.AddCvm(Deployment.Cvm("hello", "hello.c", 0));
        Assert.True(monitor.Run().Succeeded);
        monitor.Restart("hello");
        var result = monitor.Run();
        Assert.True(result.Succeeded);
        Assert.Equal(1, result["hello"].Restarts);
        Assert.Equal(string.Concat(Enumerable.Repeat("hello from hello\nHello, cVMs!!\n", 2)), result["hello"].Console);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void An_asynchronous_call_runs_on_a_worker_and_completes_through_a_capfile()
    {
        var (monitor, result) = Deployment.Run(m => AddServerAndClient(m, "async_client.c"));
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.Equal("main goes on\nasync result arrived\n", result["client"].Console);
            Assert.True(result.Succeeded);
        }
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void A_stream_delivers_messages_with_one_copy_by_the_receiver()
    {
        var (monitor, result) = Deployment.Run(m =>
        {
            m.AddCapFile(new CapFileDefinition { Name = "stream", Size = 16, Access = [new CapFileGrant("receiver", true, true)] });
            m.AddCvm(Deployment.Cvm("receiver", "stream_receiver.c", 0) with { Exports = [new CvmExport("push", Buffer: BufferDirection.In)] });
            m.AddCvm(Deployment.Cvm("sender", "stream_sender.c", 1));
            m.Grant(new CallGrant("sender", "receiver", "push"));
        });
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.Equal("received: one\nreceived: two\nreceived: three\n", result["receiver"].Console);
            Assert.True(result.Succeeded);
        }
    }
}
