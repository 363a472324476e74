using Cvm.Machine.Elf;
using Cvm.Machine.Memory;

namespace Cvm.Machine.BareMetal;

/// <summary>
/// Runs a bare-metal program that talks to the host through HTIF: it starts in M-mode at its entry with RAM at
/// 0x80000000 (as on Spike), and stops at the first non-zero store to its <c>tohost</c> symbol, whose value
/// <c>(code &lt;&lt; 1) | 1</c> gives the exit status <c>code</c> (0 = pass). Traps are the program's own business
/// (delivered to mtvec), except when mtvec does not lead to mapped memory: then nothing could ever handle them,
/// and the trap is fatal.
/// </summary>
public sealed class HtifPersonality : ITrapHandler
{
    /// <summary>Where RAM starts, as on Spike and QEMU's virt and spike machines.</summary>
    public const ulong RamBase = 0x8000_0000;

    /// <summary>RAM size when the address space has room for it.</summary>
    public const ulong RamSize = 0x8000_0000;

    private readonly ulong _toHost;

    /// <summary>Prepares <paramref name="hart"/> to run <paramref name="program"/>, which must define <c>tohost</c>.</summary>
    public HtifPersonality(Hart hart, LoadedProgram program)
    {
        _toHost = program.SymbolAddress("tohost") ?? throw new ElfFormatException("the program defines no 'tohost' symbol");
        var memory = hart.Memory;
        if (memory.Size > RamBase)
        {
            memory.Map(RamBase, Math.Min(RamSize, memory.Size - RamBase));
        }
        if (!memory.IsMapped(_toHost, 8))
        {
            throw new ElfFormatException($"the 'tohost' symbol (0x{_toHost:x}) is not in loaded memory");
        }
        memory.WatchWrites(_toHost, 8);
        hart.Privilege = PrivilegeMode.Machine;
        hart.TrapHandler = this;
        hart.Pc = program.Entry;
    }

    /// <summary>The exit status once the program has written <c>tohost</c>.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>The raw value written to <c>tohost</c>.</summary>
    public ulong? ToHostValue { get; private set; }

    /// <summary>The trap that could not be delivered, if one ended the run.</summary>
    public Trap? FatalTrap { get; private set; }

    /// <inheritdoc />
    public TrapDisposition HandleTrap(Hart hart, in Trap trap)
    {
        hart.TryReadCsr(Hart.Csr.Mtvec, out var mtvec);
        if (!hart.Memory.IsMapped(mtvec & ~3UL, 2))
        {
            FatalTrap = trap;
            return TrapDisposition.Stop;
        }
        return TrapDisposition.Deliver;
    }

    /// <inheritdoc />
    public bool HandleWatchedWrite(Hart hart)
    {
        Span<byte> value = stackalloc byte[8];
        hart.Memory.TryRead(_toHost, value);
        var written = BitConverter.ToUInt64(value);
        if (written == 0)
        {
            return false;
        }
        ToHostValue = written;
        ExitCode = (int)((written >> 1) & 0x7fff_ffff);
        return true;
    }
}
