using System.Runtime.CompilerServices;
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

    // _x's elements (the array is pinned, so the address stays valid).
    private readonly ulong* _registerFile;
    private readonly ulong[] _f = GC.AllocateArray<ulong>(32, pinned: true);
    private readonly ulong[] _xMetadata = new ulong[32];

    /// <summary>
    /// What each capability register authorises, decoded when it is written so that capability-mode loads and
    /// stores check it with one compare (<see cref="CapabilityWindow"/>); meaningful only while the register's
    /// bit in <c>_capabilityRegisters</c> is set.
    /// </summary>
    private readonly CapabilityWindow[] _capabilityWindows = GC.AllocateArray<CapabilityWindow>(32, pinned: true);
    private readonly CapabilityWindow* _windows;
    private readonly DecodedCodeCache _code;
    private uint _capabilityRegisters;
    private uint _taggedRegisters;
    private ulong _pc;
    private ulong _pccMetadata = CapabilityEncoding.RootMetadata;
    private bool _pccTag = true;

    /// <summary>Creates a hart executing from <paramref name="memory"/>, in M-mode at PC 0, with root PCC and DDC.</summary>
    public Hart(TaggedMemory memory)
    {
        _registerFile = (ulong*)Unsafe.AsPointer(ref _x[0]);
        _windows = (CapabilityWindow*)Unsafe.AsPointer(ref _capabilityWindows[0]);
        Memory = memory;
        _code = new DecodedCodeCache(memory, FetchContextOf(Capability.Root, relocated: false));
        Array.Fill(_xMetadata, CapabilityEncoding.NullMetadata);
        SetDataCapability(Capability.Root);
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

    /// <summary>The program counter capability; its address is <see cref="Pc"/>. Root by default.</summary>
    public Capability Pcc
    {
        get => Capability.FromRaw(_pc, _pccMetadata, _pccTag);
        set
        {
            Pc = value.Address;
            _pccMetadata = value.Metadata;
            _pccTag = value.Tag;
            OnPccReplaced(value);
        }
    }

    /// <summary>The default data capability (root by default); every integer-mode data access is checked against it.</summary>
    public Capability Ddc { get; private set; }

    /// <summary>
    /// Installs a DDC. Its decoded bounds and its Permit_Load / Permit_Store become the memory's data window, so
    /// the DDC check of every access is the fast path's one compare; a DDC that is untagged or sealed allows nothing.
    /// </summary>
    public void SetDataCapability(Capability ddc)
    {
        Ddc = ddc;
        ApplyDataWindow();
    }

    /// <summary>
    /// Sets the memory's data window for the current mode: DDC's in integer mode. In capability mode no access is
    /// authorised by the window (each checks its own capability first, and DDC-authorised forms check DDC
    /// themselves), so the window then covers all mapped memory and serves as the mapping check of the fast path.
    /// </summary>
    private void ApplyDataWindow()
    {
        if (_code.CapabilityMode)
        {
            Memory.SetDataBounds(0, ulong.MaxValue);
            return;
        }
        var ddc = Ddc;
        var bounds = ddc.GetBounds();
        var usable = ddc.Tag && !ddc.IsSealed && bounds.TopIsAbove(bounds.Base);
        var last = bounds.TopBit64 ? ulong.MaxValue : bounds.TopLow - 1;
        if (!usable)
        {
            Memory.SetDataBounds(0, 0, loads: false, stores: false);
            return;
        }
        Memory.SetDataBounds(bounds.Base, last,
            loads: ddc.HasPermissions(CapabilityPermissions.Load), stores: ddc.HasPermissions(CapabilityPermissions.Store));
    }

    /// <summary>
    /// The CHERI exception value (mtval) for a data access the DDC refused, checked in the Sail order:
    /// tag, seal, Permit_Load, Permit_Store, then bounds; cap_idx 0x21 names DDC.
    /// </summary>
    private ulong DataCapabilityFault(bool load, bool store)
    {
        const ulong DdcIndex = 0x21 << 5;
        var ddc = Ddc;
        ulong cause = !ddc.Tag ? 0x02UL
            : ddc.IsSealed ? 0x03UL
            : load && !ddc.HasPermissions(CapabilityPermissions.Load) ? 0x12UL
            : store && !ddc.HasPermissions(CapabilityPermissions.Store) ? 0x13UL
            : 0x01UL;
        return DdcIndex | cause;
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
    public Capability GetCapabilityRegister(int index)
    {
        CheckRegister(index);
        return (_capabilityRegisters & (1u << index)) == 0
            ? Capability.FromInteger(_x[index])
            : Capability.FromRaw(_x[index], _xMetadata[index], (_taggedRegisters & (1u << index)) != 0);
    }

    /// <summary>Writes a capability to x<paramref name="index"/> (writes to c0 are discarded).</summary>
    public void SetCapabilityRegister(int index, Capability value)
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
        _windows[index] = CapabilityWindow.Of(value);
    }

    /// <summary>The raw 64 bits of f<paramref name="index"/> (a single-precision value is NaN-boxed).</summary>
    public ulong GetFloatRegister(int index) => _f[CheckRegister(index)];

    /// <summary>Writes the raw 64 bits of f<paramref name="index"/>.</summary>
    public void SetFloatRegister(int index, ulong bits) => _f[CheckRegister(index)] = bits;

    private static int CheckRegister(int index) =>
        (uint)index < 32 ? index : throw new ArgumentOutOfRangeException(nameof(index), index, "register numbers are 0 to 31");
}
