using Cvm.Cheri;
using Cvm.Machine.Memory;

namespace Cvm.Machine;

/// <summary>Privilege modes this hart implements.</summary>
public enum PrivilegeMode : byte
{
    User = 0,
    Machine = 3,
}

/// <summary>
/// One capability register as the CHERI merged register file holds it: the address (the integer view), the raw
/// (un-XORed) metadata word and the tag.
/// </summary>
public readonly record struct CapabilityRegister(ulong Address, ulong Metadata, bool Tag)
{
    /// <summary>The NULL capability.</summary>
    public static CapabilityRegister Null => new(0, CapabilityEncoding.NullMetadata, false);

    /// <summary>The root capability (all permissions, bounds [0, 2^64)) with address 0.</summary>
    public static CapabilityRegister Root => new(0, CapabilityEncoding.RootMetadata, true);

    /// <summary>A NULL-derived capability holding the integer <paramref name="address"/>.</summary>
    public static CapabilityRegister FromInteger(ulong address) => new(address, CapabilityEncoding.NullMetadata, false);
}

/// <summary>
/// An RV64IMAFDC + Zicsr + Zifencei hart with privilege modes M and U, executing from a <see cref="TaggedMemory"/>
/// through a pre-decoded interpreter.
/// </summary>
/// <remarks>
/// <para><b>Registers.</b> The merged register file is capability-shaped: each x register is an address plus
/// raw metadata plus a tag. The addresses live in a pinned array the interpreter indexes directly; metadata and
/// tags live beside it and are only meaningful for registers in <c>_capabilityRegisters</c> (a bit per
/// register). While that mask is zero — always, for base-ISA code — every register is NULL-derived and the
/// interpreter runs its plain loop, paying nothing for the capability shape. When a register holds a capability,
/// the same loop runs specialised (a generic struct argument) to clear the destination's bit after each
/// instruction, which is what "writing an integer yields a NULL-derived capability" means.</para>
/// <para><b>Traps</b> are precise. Each goes first to the <see cref="TrapHandler"/>, which may claim it; unclaimed
/// ones are delivered architecturally (mepc, mcause, mtval, mstatus.MPP/MPIE/MIE, PC := mtvec).</para>
/// <para><b>Counters.</b> cycle, time and instret all count retired instructions, so runs are deterministic.
/// No interrupt sources exist; mie and mip are storage only and wfi completes at once.</para>
/// </remarks>
public sealed unsafe partial class Hart
{
    /// <summary>The register index the decoder gives an x0 destination: writes land there and are never read.</summary>
    public const byte SinkRegister = 32;

    private readonly ulong[] _x = GC.AllocateArray<ulong>(SinkRegister + 1, pinned: true);
    private readonly ulong[] _f = GC.AllocateArray<ulong>(32, pinned: true);
    private readonly ulong[] _xMetadata = new ulong[32];
    private readonly DecodedCodeCache _code;
    private uint _capabilityRegisters;
    private uint _taggedRegisters;
    private ulong _pc;

    /// <summary>Creates a hart executing from <paramref name="memory"/>, in M-mode at PC 0, with root PCC and DDC.</summary>
    public Hart(TaggedMemory memory)
    {
        Memory = memory;
        _code = new DecodedCodeCache(memory);
        Array.Fill(_xMetadata, CapabilityEncoding.NullMetadata);
        Pcc = CapabilityRegister.Root;
        SetDataCapability(CapabilityRegister.Root, 0, ulong.MaxValue);
    }

    /// <summary>The address space this hart executes in.</summary>
    public TaggedMemory Memory { get; }

    /// <summary>Host code that sees every trap first (null: all traps are delivered architecturally).</summary>
    public ITrapHandler? TrapHandler { get; set; }

    /// <summary>The program counter (the address of PCC). Must be even.</summary>
    public ulong Pc
    {
        get => _pc;
        set
        {
            if ((value & 1) != 0)
            {
                throw new ArgumentException($"the PC must be even (0x{value:x})", nameof(value));
            }
            _pc = value;
        }
    }

    /// <summary>The current privilege mode.</summary>
    public PrivilegeMode Privilege { get; set; } = PrivilegeMode.Machine;

    /// <summary>Instructions retired so far (minstret).</summary>
    public ulong InstructionsRetired => _retired;

    /// <summary>The program counter capability's metadata and tag (its address is <see cref="Pc"/>).</summary>
    public CapabilityRegister Pcc { get; set; }

    /// <summary>The default data capability; every integer-mode data access is checked against its bounds.</summary>
    public CapabilityRegister Ddc { get; private set; }

    /// <summary>
    /// Installs a DDC with its decoded bounds <c>[baseAddress, lastAddress]</c> (inclusive; the root capability's
    /// top 2^64 is <see cref="ulong.MaxValue"/>). The memory's fast-path window is narrowed to them, so the bounds
    /// check costs nothing extra.
    /// </summary>
    public void SetDataCapability(CapabilityRegister ddc, ulong baseAddress, ulong lastAddress)
    {
        Ddc = ddc;
        Memory.SetDataBounds(baseAddress, lastAddress);
    }

    /// <summary>The integer view (address) of register x<paramref name="index"/>.</summary>
    public ulong GetRegister(int index) => _x[CheckRegister(index)];

    /// <summary>Writes an integer to x<paramref name="index"/>: it becomes a NULL-derived capability. Writes to x0 are discarded.</summary>
    public void SetRegister(int index, ulong value)
    {
        if (CheckRegister(index) == 0)
        {
            return;
        }
        _x[index] = value;
        _capabilityRegisters &= ~(1u << index);
        _taggedRegisters &= ~(1u << index);
    }

    /// <summary>Register x<paramref name="index"/> as a capability (c0 reads NULL).</summary>
    public CapabilityRegister GetCapabilityRegister(int index)
    {
        CheckRegister(index);
        return (_capabilityRegisters & (1u << index)) == 0
            ? CapabilityRegister.FromInteger(_x[index])
            : new CapabilityRegister(_x[index], _xMetadata[index], (_taggedRegisters & (1u << index)) != 0);
    }

    /// <summary>Writes a capability to x<paramref name="index"/> (writes to c0 are discarded).</summary>
    public void SetCapabilityRegister(int index, CapabilityRegister value)
    {
        if (CheckRegister(index) == 0)
        {
            return;
        }
        _x[index] = value.Address;
        _xMetadata[index] = value.Metadata;
        var bit = 1u << index;
        if (value.Metadata == CapabilityEncoding.NullMetadata && !value.Tag)
        {
            _capabilityRegisters &= ~bit;
        }
        else
        {
            _capabilityRegisters |= bit;
        }
        _taggedRegisters = value.Tag ? _taggedRegisters | bit : _taggedRegisters & ~bit;
    }

    /// <summary>The raw 64 bits of f<paramref name="index"/> (a single-precision value is NaN-boxed).</summary>
    public ulong GetFloatRegister(int index) => _f[CheckRegister(index)];

    /// <summary>Writes the raw 64 bits of f<paramref name="index"/>.</summary>
    public void SetFloatRegister(int index, ulong bits) => _f[CheckRegister(index)] = bits;

    private static int CheckRegister(int index) =>
        (uint)index < 32 ? index : throw new ArgumentOutOfRangeException(nameof(index), index, "register numbers are 0 to 31");
}
