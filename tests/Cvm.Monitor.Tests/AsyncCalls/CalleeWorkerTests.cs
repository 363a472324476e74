using Cvm.Testing;

namespace Cvm.Monitor.Tests.AsyncCalls;

/// <summary>Asynchronous CP_Call on a worker owned by the callee: charged to it, contained in it, completed by the monitor.</summary>
public sealed class CalleeWorkerTests
{
    [ReferenceFact(GuestBuilder.Compiler)]
    public void An_asynchronous_call_over_its_budget_completes_with_the_budget_error_and_stops_only_the_callee()
    {
        var (monitor, result) = Deployment.Run(m => ScenarioTests.AddServerAndClient(m, "async_budget_client.c", callBudget: 20_000));
        using (monitor)
        {
            var fault = Assert.Single(result.Faults);
            Assert.Equal("server", fault.Cvm);
            Assert.Equal(FaultKind.BudgetExhausted, fault.Kind);
            Assert.Equal(CvmState.Faulted, result["server"].State);
            Assert.Equal("async call over budget reported\n", result["client"].Console);
            // The client checked that the worker, killed with the server it belongs to, joins as CVM_ESTOPPED: a
            // worker of the client's own would have ended normally.
            Assert.True(result["client"].Succeeded, result["client"].ToString());
        }
    }
}
