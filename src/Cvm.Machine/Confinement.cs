using Cvm.Cheri;
using Cvm.Machine.BareMetal;
using Cvm.Machine.Elf;
using Cvm.Machine.Linux;
using Cvm.Machine.Memory;

namespace Cvm.Machine;

/// <summary>
/// Runs an unmodified program in integer (hybrid) mode under bounded PCC and DDC, so that a fetch, jump or data
/// access outside the program's own memory is a CHERI fault instead of a silent success.
/// </summary>
/// <remarks>
/// <para>Linux programs: PCC covers the executable PT_LOAD segments and loses Permit_Store; DDC covers the user
/// region from the lowest loaded page to the top of the stack (every loaded segment, including the read-only data
/// that static binaries keep in the executable segment, the break, the mmap area and the stack) and loses
/// Permit_Execute. Nothing below the program, the NULL page included, is inside DDC.</para>
/// <para>Compressed bounds cannot describe every region. PCC's bounds are requested with CSetBounds semantics,
/// which round outwards, so they always contain the code (and may reach a little past it). DDC's region is
/// chosen so that its bounds are exact: its base is the lowest loaded page, and the region's end is lowered (see
/// <see cref="ExactRegionEnd"/>) until the CRAM/CRRL rules make [base, end) representable. A rounded-down base
/// would otherwise pull the NULL page back in.</para>
/// <para>Bare-metal programs run in M-mode and own the machine: PCC and DDC are bounded to the RAM region the
/// program is loaded into. M-mode code keeps Access_System_Registers, and MTCC and MEPCC stay root, so a trap
/// handler or an <c>mret</c> leaves the confinement; for such programs it catches stray accesses, it is no
/// sandbox.</para>
/// </remarks>
public static class Confinement
{
    /// <summary>
    /// The highest page-aligned end no greater than <paramref name="preferredEnd"/> for which bounds
    /// [<paramref name="low"/>, end) are exactly representable, or null if even a page is too much.
    /// </summary>
    public static ulong? ExactRegionEnd(ulong low, ulong preferredEnd)
    {
        // Longer regions need coarser base alignment, so the first length (shrinking by 1/16 a step) whose alignment
        // the base meets is within a step of the longest one.
        for (var length = preferredEnd > low ? preferredEnd - low : 0; length >= TaggedMemory.PageSize; length -= Math.Max(length / 16, 1))
        {
            var mask = Capability.RepresentableAlignmentMask(length);
            if ((low & ~mask) == 0)
            {
                // length & mask is aligned as its own (equal or finer) alignment needs, so it is representable;
                // rounding it down to pages keeps that, as a finer mask is satisfied by any page multiple.
                var exactLength = (length & mask) & ~((ulong)TaggedMemory.PageSize - 1);
                return low + exactLength;
            }
        }
        return null;
    }

    /// <summary>A capability derived from root with bounds containing [low, high) and the given permissions removed.</summary>
    public static Capability Bounded(ulong low, ulong high, CapabilityPermissions removed) =>
        Capability.Root.SetAddress(low).SetBounds(high - low).AndPermissions(~removed);

    /// <summary>The <see cref="LinuxOptions.RegionEndLimit"/> that lets DDC bound a Linux program's region exactly.</summary>
    internal static ulong LinuxRegionEndLimit(LoadedProgram program) =>
        ExactRegionEnd(program.LowestAddress, LinuxPersonality.PreferredRegionEnd)
        ?? throw new ElfFormatException($"the program's lowest address 0x{program.LowestAddress:x} cannot be the base of a confined region");

    /// <summary>Installs the confining PCC and DDC for a Linux program whose personality has been set up.</summary>
    internal static void ConfineLinuxProgram(Hart hart, LoadedProgram program, LinuxPersonality linux)
    {
        ulong codeLow = ulong.MaxValue, codeHigh = 0;
        foreach (var segment in program.File.Segments)
        {
            if ((segment.Flags & ElfSegment.Execute) != 0)
            {
                codeLow = Math.Min(codeLow, segment.VirtualAddress + program.LoadBias);
                codeHigh = Math.Max(codeHigh, segment.VirtualAddress + program.LoadBias + segment.MemorySize);
            }
        }
        if (codeLow >= codeHigh)
        {
            throw new ElfFormatException("the program has no executable segment to confine its code to");
        }
        hart.SetDataCapability(Bounded(program.LowestAddress, linux.RegionEnd, CapabilityPermissions.Execute));
        hart.Pcc = Bounded(codeLow, codeHigh, CapabilityPermissions.Store).SetAddress(hart.Pc);
    }

    /// <summary>Installs PCC and DDC bounded to the RAM a bare-metal program is loaded into.</summary>
    internal static void ConfineBareMetalProgram(Hart hart)
    {
        var ramEnd = HtifPersonality.RamBase + Math.Min(HtifPersonality.RamSize, hart.Memory.Size - HtifPersonality.RamBase);
        hart.SetDataCapability(Bounded(HtifPersonality.RamBase, ramEnd, CapabilityPermissions.Execute));
        hart.Pcc = Bounded(HtifPersonality.RamBase, ramEnd, CapabilityPermissions.Store).SetAddress(hart.Pc);
    }
}
