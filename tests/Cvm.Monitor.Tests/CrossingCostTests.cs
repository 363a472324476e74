using System.Text.RegularExpressions;
using Cvm.Testing;
using Xunit.Abstractions;

namespace Cvm.Monitor.Tests;

/// <summary>
/// The instruction cost of each crossing, measured by the guest itself with rdinstret (the monitor virtualises
/// instret per thread, and an ecall the host serves does not retire): the numbers docs/monitor.md reports.
/// </summary>
public sealed partial class CrossingCostTests(ITestOutputHelper output)
{
    [ReferenceFact(GuestBuilder.Compiler)]
    public void Crossings_cost_a_bounded_number_of_instructions()
    {
        var (monitor, result) = Deployment.Run(m => ScenarioTests.AddServerAndClient(m, "call_client.c"));
        using (monitor)
        {
            var costs = Cost().Matches(result["client"].Console).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value));
            foreach (var (name, cost) in costs)
            {
                output.WriteLine($"{name}: {cost} instructions");
            }
            // Hostcall: stub + switcher entry and return; call: stub, switcher both ways, export wrapper, add().
            Assert.InRange(costs["hostcall"], 10, 60);
            Assert.InRange(costs["call2"], 40, 260);
            // Passing a 4 KiB buffer adds the bounds checks and the capability derivation, not a copy.
            Assert.InRange(costs["call4k"], costs["call2"], costs["call2"] + 40);
            // Reading it all through the capability is the callee's own work, in its own domain.
            Assert.InRange(costs["call4k_read"], costs["call4k"] + 4096 / 8, costs["call4k"] + 40_000);
        }
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Instructions_are_charged_to_the_cvm_whose_code_ran_them()
    {
        var (monitor, result) = Deployment.Run(m =>
        {
            ScenarioTests.AddServerAndClient(m, "call_client.c");
            m.AddCvm(Deployment.Cvm("threads", "threads.c", 2));
        });
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.True(result.Completed);
            // Every retired instruction is charged exactly once.
            Assert.Equal(monitor.Clock, (ulong)result.Cvms.Sum(c => (long)c.Instructions));
            // The server's own main is short; the calls into it (one pass over 4 KiB among them) are charged to it.
            Assert.InRange(result["server"].Instructions, 22_000UL, 200_000UL);
        }
    }

    [GeneratedRegex(@"^(\w+)=(\d+)$", RegexOptions.Multiline)]
    private static partial Regex Cost();
}
