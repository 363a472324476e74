using Cvm.Cheri;
using Cvm.Machine;

namespace Cvm.Monitor;

/// <summary>
/// Intravisor-style hybrid guests linked at 0 (<see cref="CvmDefinition.LegacyRelocation"/>): the hart relocates
/// their integer data accesses by DDC.address (= the region's Begin) and their links and jump targets by PCC.base
/// (also Begin), so every pointer such a guest holds is an offset into its region.
/// </summary>
/// <remarks>
/// The switcher addresses monitor state with integer loads through the gate descriptor installed as DDC; under
/// relocation those would be offset by the descriptor's address a second time. A relocated guest's hostcall
/// therefore uses only the switcher's first two instructions (install the descriptor as DDC, then the hostcall
/// <c>ecall</c>, neither of which is relocated), and the monitor performs the switcher's return path itself.
/// CP_Call migrates a thread between cVMs without leaving the emulator, so it cannot switch relocation on and off:
/// grants from or to a relocated cVM are refused.
/// </remarks>
public sealed partial class CvmMonitor
{
    /// <summary>The hostcall arguments (a0 = 0, …) that are pointers into the caller's memory, per hostcall.</summary>
    private static readonly Dictionary<long, int[]> HostcallPointerArguments = new()
    {
        [Hostcall.ConsoleWrite] = [0],
        [Hostcall.ThreadCreate] = [0],
        [Hostcall.CvmInfo] = [0],
        [Hostcall.CapFileAdvertise] = [0, 2],
        [Hostcall.CapFileProbe] = [0, 2],
        [Hostcall.CapFileWait] = [0],
        [Hostcall.CapFileNotify] = [0],
        [Hostcall.CapFileClose] = [0],
        [Hostcall.CallLookup] = [0],
        [Hostcall.CallAsync] = [5],
    };

    private static void CheckRelocatedDefinition(CvmDefinition cvm)
    {
        if (!cvm.LegacyRelocation)
        {
            return;
        }
        if (cvm.Linux is not null)
        {
            throw new CvmConfigurationException($"cVM '{cvm.Name}': legacy relocation is for native hybrid guests; a Linux program is linked for its region instead");
        }
        if (cvm.Exports.Count > 0)
        {
            throw new CvmConfigurationException($"cVM '{cvm.Name}': a cVM with legacy relocation cannot export functions (CP_Call cannot switch relocation)");
        }
    }

    private static void CheckRelocatedGrant(CvmInstance caller, CvmInstance callee)
    {
        if (caller.Definition.LegacyRelocation || callee.Definition.LegacyRelocation)
        {
            throw new CvmConfigurationException(
                $"call grant {caller.Name} -> {callee.Name}: a cVM with legacy relocation takes no part in CP_Call (the switcher cannot switch relocation)");
        }
    }

    /// <summary>
    /// PCC for a relocated cVM: its base must be Begin, where the image linked at 0 lies, because links and jump
    /// targets are offsets from PCC.base. It spans the region, as Intravisor's does.
    /// </summary>
    private static Capability RelocatedCodeCapability(CvmInstance cvm)
    {
        var iso = cvm.Definition.Isolation;
        return Bounded(iso.Begin, iso.End - iso.Begin,
            CapabilityPermissions.Global | CapabilityPermissions.Execute | CapabilityPermissions.Load);
    }

    /// <summary>An absolute address of <paramref name="cvm"/> as its code sees it: an offset from Begin when relocated.</summary>
    private static ulong GuestView(CvmInstance cvm, ulong address) =>
        cvm.Definition.LegacyRelocation ? address - cvm.Definition.Isolation.Begin : address;

    /// <summary>
    /// Intravisor's comp_to_mon, checked: a relocated guest's pointer (an offset) becomes offset + Begin, and an
    /// offset beyond the cVM's bounds becomes an address no bounds check accepts, so the hostcall reports a fault.
    /// </summary>
    private static ulong AbsoluteAddress(CvmInstance cvm, ulong offset)
    {
        var iso = cvm.Definition.Isolation;
        return offset < iso.End - iso.Begin ? iso.Begin + offset : ulong.MaxValue;
    }

    /// <summary>
    /// A hostcall from a relocated cVM: pointer arguments are translated to absolute addresses, the call is served
    /// as any other, and then the monitor returns to the caller as the switcher's return path would (caller's DDC,
    /// caller's PCC at ra, every temporary and unused argument register cleared, results in a0/a1).
    /// </summary>
    private TrapDisposition ServeRelocatedHostcall(Hart hart, GuestThread thread, CvmInstance caller, ulong pc)
    {
        if (HostcallPointerArguments.TryGetValue((long)hart.GetRegister(Register.T5), out var pointers))
        {
            foreach (var argument in pointers)
            {
                hart.SetRegister(Register.A0 + argument, AbsoluteAddress(caller, hart.GetRegister(Register.A0 + argument)));
            }
        }
        var returnAddress = hart.GetRegister(Register.Ra) & ~1UL;
        var disposition = ServeHostcall(hart, thread, caller, pc);
        // The switcher's return_to_caller, which cannot run relocated: the return target is ra from PCC's base.
        hart.SetDataCapability(caller.Ddc);
        foreach (var register in RelocatedReturnScrub)
        {
            hart.SetRegister(register, 0);
        }
        hart.Pcc = caller.Pcc.SetAddress(caller.Pcc.Base + returnAddress);
        // A hostcall that blocks or ends the thread stops the slice; the thread resumes at the return target.
        return disposition == TrapDisposition.Complete ? TrapDisposition.Resume : disposition;
    }

    /// <summary>t0–t6 and a2–a7: what the switcher's return path clears.</summary>
    private static readonly int[] RelocatedReturnScrub = [5, 6, 7, 28, 29, 30, 31, 12, 13, 14, 15, 16, 17];
}
