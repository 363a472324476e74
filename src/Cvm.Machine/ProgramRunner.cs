using Cvm.Machine.BareMetal;
using Cvm.Machine.Elf;
using Cvm.Machine.Linux;
using Cvm.Machine.Memory;

namespace Cvm.Machine;

/// <summary>How the outcome of a whole-program run came about.</summary>
public enum ProgramEnd
{
    /// <summary>The program exited (Linux exit/exit_group, a terminating signal, or HTIF tohost).</summary>
    Exited,

    /// <summary>A trap nothing could handle ended it.</summary>
    FatalTrap,

    /// <summary>The instruction budget ran out first.</summary>
    BudgetExhausted,
}

/// <summary>The result of <see cref="ProgramRunner.Run"/>.</summary>
public sealed record ProgramOutcome(ProgramEnd End, int ExitCode, ulong Instructions, Trap? Trap, string? TrapSymbol);

/// <summary>Options of <see cref="ProgramRunner.Run"/>.</summary>
public sealed class ProgramOptions
{
    /// <summary>The address space size: 4 GiB covers user programs and bare-metal RAM at 0x80000000.</summary>
    public ulong AddressSpaceSize { get; init; } = 1UL << 32;

    /// <summary>Stop after this many instructions (null: no limit).</summary>
    public ulong? MaxInstructions { get; init; }

    /// <summary>
    /// Run under bounded PCC and DDC (see <see cref="Confinement"/>), so a stray fetch, jump or data access is a
    /// CHERI fault.
    /// </summary>
    public bool Confine { get; init; }

    /// <summary>How the hart executes (tiered compilation by default); the outcome is the same under every engine.</summary>
    public ExecutionEngine Engine { get; init; } = ExecutionEngine.Auto;

    /// <summary>For Linux programs: argv, environment, streams, file root and trace.</summary>
    public LinuxOptions Linux { get; init; } = new();
}

/// <summary>
/// Loads a static RV64 ELF and runs it to the end: bare-metal (HTIF) when it defines <c>tohost</c>, otherwise as
/// a Linux user program.
/// </summary>
public static class ProgramRunner
{
    /// <summary>Runs <paramref name="file"/>; an unloadable program throws <see cref="ElfFormatException"/>.</summary>
    public static ProgramOutcome Run(ElfFile file, ProgramOptions options)
    {
        using var memory = new TaggedMemory(options.AddressSpaceSize);
        // The hart first: choosing a compiling engine starts warming up the region compiler on its own thread, which
        // then overlaps with loading the program.
        var hart = new Hart(memory) { Engine = options.Engine };
        var program = ElfLoader.Load(file, memory);
        Func<int?> exitCode;
        Func<Trap?> fatalTrap;
        LinuxPersonality? linux = null;
        if (file.FindSymbol("tohost") is not null)
        {
            var htif = new HtifPersonality(hart, program);
            if (options.Confine)
            {
                Confinement.ConfineBareMetalProgram(hart);
            }
            exitCode = () => htif.ExitCode;
            fatalTrap = () => htif.FatalTrap;
        }
        else
        {
            var linuxOptions = options.Confine
                ? options.Linux with { RegionEndLimit = Confinement.LinuxRegionEndLimit(program) }
                : options.Linux;
            linux = new LinuxPersonality(hart, program, linuxOptions);
            if (options.Confine)
            {
                Confinement.ConfineLinuxProgram(hart, program, linux);
            }
            exitCode = () => linux.ExitCode;
            fatalTrap = () => linux.FatalTrap;
        }
        using var openFiles = linux;

        var stop = hart.Run(options.MaxInstructions ?? ulong.MaxValue);
        if (stop == StopReason.BudgetExhausted)
        {
            return new ProgramOutcome(ProgramEnd.BudgetExhausted, 0, hart.InstructionsRetired, null, null);
        }
        if (exitCode() is { } code)
        {
            return new ProgramOutcome(ProgramEnd.Exited, code, hart.InstructionsRetired, null, null);
        }
        var trap = fatalTrap() ?? throw new InvalidOperationException("the run stopped without an exit or a trap");
        return new ProgramOutcome(ProgramEnd.FatalTrap, 0, hart.InstructionsRetired, trap, program.Symbolize(trap.Pc));
    }
}
