using Cvm.Machine;
using Cvm.Machine.Elf;
using Cvm.Testing;

namespace Cvm.Monitor.Tests;

/// <summary>
/// Adversarial guests, one attack each, next to a victim and a bystander. Every attack must be contained: the
/// monitor records the expected fault (or the hostcall refuses with an error the attacker checks), the victim's
/// memory is unchanged byte for byte, and the victim and the bystander finish normally.
/// </summary>
public sealed class IsolationTests
{
    /// <summary>How the monitor must react: a fault of this kind and mcause, or a clean refusal (attacker exits 0).</summary>
    public sealed record Expectation(FaultKind? Kind, TrapCause? Cause, string? DescriptionPart = null)
    {
        public static Expectation Refused => new(null, null);
        public static Expectation Trap(TrapCause cause, string? part = null) => new(FaultKind.Trap, cause, part);
    }

    public static TheoryData<string, string> Attacks => new()
    {
        { "read-outside-ddc", "cheri:length (bounds) violation on DDC" },
        { "write-outside-ddc", "cheri:length (bounds) violation on DDC" },
        { "read-monitor", "cheri:length (bounds) violation on DDC" },
        { "jump-outside-pcc", "cheri:PCC" },
        { "jump-into-switcher", "cheri:PCC" },
        { "load-victim-gate", "cheri:length (bounds) violation on DDC" },
        { "forge-capability-bytes", "cheri:tag violation" },
        { "forge-pointer-to-victim", "cheri:tag violation" },
        { "unseal-without-authority", "cheri:tag violation" },
        { "seal-without-authority", "cheri:tag violation" },
        { "widen-ddc", "cheri:tag violation on DDC" },
        { "cinvoke-mismatched-pair", "cheri:type violation" },
        { "cinvoke-unsealed", "cheri:seal violation" },
        { "stale-return", "bad-return" },
        { "call-not-granted", "refused" },
        { "call-garbage-import", "cheri:tag violation" },
        { "hostcall-pointer-into-victim", "refused" },
        { "hostcall-pointer-into-monitor", "refused" },
        { "probe-misaligned-destination", "refused" },
        { "probe-without-grant", "refused" },
        { "advertise-victim-memory", "refused" },
        { "unknown-hostcall", "refused" },
        { "infinite-loop", "budget" },
        { "stack-overflow", "store-access" },
        { "exhaust-memory", "store-access" },
        { "exhaust-threads", "refused" },
        { "use-after-revocation", "cheri:tag violation" },
        { "store-capability-without-permission", "cheri:Permit_Store_Capability violation on DDC" },
        { "write-read-only-capfile", "cheri:Permit_Store violation" },
        { "read-past-capfile", "cheri:length (bounds) violation" },
        { "illegal-instruction", "illegal" },
        { "direct-ecall", "ecall" },
        { "privileged-csr", "illegal" },
        { "exit-through-switcher-data", "cheri:seal violation" },
        { "reuse-other-cvm-gate", "cheri:tag violation" },
    };

    [ReferenceTheory(GuestBuilder.Compiler)]
    [MemberData(nameof(Attacks))]
    public void Attack_is_contained(string attack, string expected)
    {
        var victimImage = GuestBuilder.Build("victim.c", Deployment.BaseOf(0));
        var victimElf = ElfFile.Parse(victimImage);
        var secret = victimElf.FindSymbol("secret")!.Value.Value;
        var victimCode = victimElf.FindSymbol("main")!.Value.Value;
        var victimTable = Deployment.BaseOf(0) + Deployment.RegionSize - 0x1000;
        var options = new MonitorOptions { Quantum = 5_000 };
        using var monitor = new CvmMonitor(options);
        monitor.AddCapFile(new CapFileDefinition { Name = "shared", Size = 64, Access = [new CapFileGrant("attacker", true, true)] });
        monitor.AddCapFile(new CapFileDefinition { Name = "readonly", Size = 64, Access = [new CapFileGrant("attacker", true, false)] });
        monitor.AddCapFile(new CapFileDefinition { Name = "private", Size = 64, Owner = "victim", Access = [new CapFileGrant("bystander", true, true)] });
        monitor.AddCapFile(new CapFileDefinition { Name = "mine", Size = 4096, Owner = "attacker" });
        monitor.AddCvm(Deployment.Cvm("victim", "victim.c", 0) with { Exports = [new CvmExport("peek")] });
        monitor.AddCvm(Deployment.Cvm("attacker", "attacker.c", 1,
            "attacker", attack, Hex(secret), Hex(victimCode), Hex(victimTable), Hex(options.MonitorBase)) with
        {
            InstructionBudget = 2_000_000,
        });
        monitor.AddCvm(Deployment.Cvm("bystander", "bystander.c", 2));
        // A cVM allowed to store capabilities, which leaves copies of its gates in a buffer the attacker may read.
        monitor.AddCapFile(new CapFileDefinition { Name = "mailbox", Size = 32, Owner = "giver", Access = [new CapFileGrant("attacker", true, true)] });
        monitor.AddCvm(Deployment.Cvm("giver", "gate_giver.c", 3) with { AllowStoreCapability = true });

        var result = monitor.Run(100_000_000);

        Assert.True(result.Completed);
        Assert.Equal("victim intact\n", result["victim"].Console);
        Assert.True(result["victim"].Succeeded);
        Assert.True(result["bystander"].Succeeded);
        Assert.Equal("bystander done\n", result["bystander"].Console);
        Assert.True(result["giver"].Succeeded);
        var memory = new byte[4096];
        Assert.True(monitor.ReadMemory(secret, memory));
        for (var i = 0; i < memory.Length; i++)
        {
            Assert.Equal((byte)(i * 13 + 5), memory[i]);
        }
        Assert.DoesNotContain(result.Faults, f => f.Cvm != "attacker");

        var attacker = result["attacker"];
        if (expected == "refused")
        {
            Assert.Empty(result.Faults);
            Assert.True(attacker.Succeeded, attacker.Console);
            return;
        }
        var fault = Assert.Single(result.Faults);
        Assert.Equal(CvmState.Faulted, attacker.State);
        Assert.Equal(fault, attacker.Fault);
        Assert.NotNull(fault.Symbol);
        switch (expected.Split(':')[0])
        {
            case "cheri":
                Assert.Equal(FaultKind.Trap, fault.Kind);
                Assert.Equal(TrapCause.Cheri, fault.Cause);
                Assert.Contains(expected["cheri:".Length..], fault.Description);
                break;
            case "bad-return":
                Assert.Equal(FaultKind.BadReturn, fault.Kind);
                break;
            case "budget":
                Assert.Equal(FaultKind.BudgetExhausted, fault.Kind);
                Assert.Equal(2_000_000UL, attacker.Instructions);
                break;
            case "store-access":
                Assert.Equal(TrapCause.StoreAccessFault, fault.Cause);
                break;
            case "illegal":
                Assert.Equal(TrapCause.IllegalInstruction, fault.Cause);
                break;
            case "ecall":
                Assert.Equal(FaultKind.ForbiddenEcall, fault.Kind);
                break;
            default:
                Assert.Fail($"unknown expectation {expected}");
                break;
        }
    }

    private static string Hex(ulong value) => value.ToString("x");

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Random_hostcalls_get_answers_and_touch_nothing_outside_the_caller()
    {
        var victimImage = GuestBuilder.Build("victim.c", Deployment.BaseOf(0));
        var secret = ElfFile.Parse(victimImage).FindSymbol("secret")!.Value.Value;
        var options = new MonitorOptions { Quantum = 5_000 };
        using var monitor = new CvmMonitor(options);
        monitor.AddCvm(Deployment.Cvm("victim", "victim.c", 0));
        monitor.AddCvm(Deployment.Cvm("fuzz", "fuzz.c", 1, "fuzz", Hex(secret), Hex(options.MonitorBase), Hex(Deployment.BaseOf(1))));
        monitor.AddCvm(Deployment.Cvm("bystander", "bystander.c", 2));

        var result = monitor.Run(200_000_000);

        Assert.Empty(result.Faults);
        Assert.True(result.Succeeded, result["fuzz"].ToString());
        Assert.EndsWith("fuzz done\n", result["fuzz"].Console);
        var memory = new byte[4096];
        Assert.True(monitor.ReadMemory(secret, memory));
        for (var i = 0; i < memory.Length; i++)
        {
            Assert.Equal((byte)(i * 13 + 5), memory[i]);
        }
    }
}
