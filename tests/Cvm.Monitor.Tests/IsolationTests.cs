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
        { "execute-stack", "cheri:PCC" },
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

    [ReferenceFact(GuestBuilder.Compiler)]
    public void A_callee_cannot_keep_the_callers_buffer_capability_beyond_the_call()
    {
        using var monitor = new CvmMonitor();
        monitor.AddCapFile(new CapFileDefinition { Name = "stop", Size = 16, Access = [new CapFileGrant("retainer", true, false), new CapFileGrant("caller", true, true)] });
        monitor.AddCvm(Deployment.Cvm("retainer", "retainer.c", 0) with
        {
            AllowStoreCapability = true,
            Exports = [new CvmExport("keep", Buffer: BufferDirection.Out)],
        });
        monitor.AddCvm(Deployment.Cvm("caller", "retain_caller.c", 1));
        monitor.Grant(new CallGrant("caller", "retainer", "keep"));

        var result = monitor.Run(10_000_000);

        Assert.True(result["caller"].Succeeded, result["caller"].Console);
        Assert.Equal("buffer not retained\n", result["caller"].Console);
        var fault = Assert.Single(result.Faults);
        Assert.Equal("retainer", fault.Cvm);
        Assert.Equal("caller", fault.Caller);
        Assert.Contains("Permit_Store_Local_Capability violation", fault.Description);
    }
    [ReferenceFact(GuestBuilder.Compiler)]
    public void A_caller_rewriting_its_buffer_during_the_call_cannot_make_the_callee_overflow()
    {
        var calleeImage = GuestBuilder.Build("toctou_callee.c", Deployment.BaseOf(0));
        var calleeElf = ElfFile.Parse(calleeImage);
        // The callee's copy (an 8-byte length and 64 data bytes) followed by its 4 KiB canary.
        var store = calleeElf.FindSymbol("store")!.Value.Value;
        const int CopySize = 8 + 64;
        var code = calleeElf.Segments.Single(s => (s.Flags & ElfSegment.Execute) != 0);

        (string Callee, string Caller, string Bystander) RunOnce()
        {
            // A tiny quantum interleaves the caller's writer thread with the callee's reads of the buffer.
            using var monitor = new CvmMonitor(new MonitorOptions { Quantum = 7 });
            monitor.AddCapFile(new CapFileDefinition { Name = "stop", Size = 16, Access = [new CapFileGrant("callee", true, false), new CapFileGrant("caller", true, true)] });
            monitor.AddCvm(Deployment.Cvm("callee", "toctou_callee.c", 0) with { Exports = [new CvmExport("measure", Buffer: BufferDirection.In)] });
            monitor.AddCvm(Deployment.Cvm("caller", "toctou_caller.c", 1));
            monitor.AddCvm(Deployment.Cvm("bystander", "bystander.c", 2));
            monitor.Grant(new CallGrant("caller", "callee", "measure"));

            var result = monitor.Run(200_000_000);

            Assert.True(result.Completed);
            Assert.Empty(result.Faults);
            Assert.True(result["callee"].Succeeded, result["callee"].Console);
            Assert.True(result["caller"].Succeeded, result["caller"].Console);
            Assert.True(result["bystander"].Succeeded);
            Assert.Equal("bystander done\n", result["bystander"].Console);
            var canary = new byte[4096];
            Assert.True(monitor.ReadMemory(store + CopySize, canary));
            for (var i = 0; i < canary.Length; i++)
            {
                Assert.Equal((byte)(i * 31 + 7), canary[i]);
            }
            var codeBytes = new byte[code.FileSize];
            Assert.True(monitor.ReadMemory(code.VirtualAddress, codeBytes));
            Assert.Equal(calleeElf.Bytes.Slice((int)code.FileOffset, (int)code.FileSize).ToArray(), codeBytes);
            return (result["callee"].Console, result["caller"].Console, result["bystander"].Console);
        }

        var first = RunOnce();

        var callee = System.Text.RegularExpressions.Regex.Match(first.Callee,
            @"^callee accepted=(\d+) rejected=(\d+) changed-between-fetches=(\d+) total=(\d+)\n$");
        Assert.True(callee.Success, first.Callee);
        var (accepted, rejected, changed, total) = (int.Parse(callee.Groups[1].Value), int.Parse(callee.Groups[2].Value),
            int.Parse(callee.Groups[3].Value), long.Parse(callee.Groups[4].Value));
        // Every call was answered from the callee's single copy: the caller saw exactly what the callee accounted.
        Assert.Equal($"caller accepted={accepted} rejected={rejected} total={total}\n", first.Caller);
        Assert.Equal(200, accepted + rejected);
        // The attack really ran: both message shapes reached the callee, and the buffer changed between its fetches.
        Assert.InRange(accepted, 1, 199);
        Assert.InRange(changed, 1, accepted);
        Assert.Equal(first, RunOnce());
    }
}
