using Cvm.Cheri;
using Cvm.Machine.Execution;

namespace Cvm.Machine;

/// <summary>Control and status registers, and the architectural side of traps (delivery and mret).</summary>
public sealed partial class Hart
{
    /// <summary>CSR numbers this hart implements.</summary>
    public static class Csr
    {
        public const int Fflags = 0x001, Frm = 0x002, Fcsr = 0x003;
        public const int Cycle = 0xC00, Time = 0xC01, Instret = 0xC02;
        public const int HpmCounter3 = 0xC03, HpmCounter31 = 0xC1F;
        public const int Mstatus = 0x300, Misa = 0x301, Medeleg = 0x302, Mideleg = 0x303, Mie = 0x304, Mtvec = 0x305;
        public const int Mcounteren = 0x306, Menvcfg = 0x30A, Mcountinhibit = 0x320;
        public const int MhpmEvent3 = 0x323, MhpmEvent31 = 0x33F;
        public const int Mscratch = 0x340, Mepc = 0x341, Mcause = 0x342, Mtval = 0x343, Mip = 0x344;
        public const int PmpCfg0 = 0x3A0, PmpCfg15 = 0x3AF, PmpAddr0 = 0x3B0, PmpAddr63 = 0x3EF;
        public const int Mcycle = 0xB00, Minstret = 0xB02, MhpmCounter3 = 0xB03, MhpmCounter31 = 0xB1F;
        public const int Mvendorid = 0xF11, Marchid = 0xF12, Mimpid = 0xF13, Mhartid = 0xF14, Mconfigptr = 0xF15;
    }

    // mstatus fields (RV64). Only those of M and U exist; SXL is 0 (no S-mode), UXL is fixed at 64 bits.
    private const ulong MstatusMie = 1UL << 3, MstatusMpie = 1UL << 7, MstatusMpp = 3UL << 11;
    private const ulong MstatusFs = 3UL << 13, MstatusMprv = 1UL << 17, MstatusTw = 1UL << 21;
    private const ulong MstatusUxl64 = 2UL << 32, MstatusSd = 1UL << 63;
    private const ulong MstatusWritable = MstatusMie | MstatusMpie | MstatusMpp | MstatusFs | MstatusMprv | MstatusTw;
    private const ulong MieWritable = (1UL << 3) | (1UL << 7) | (1UL << 11);

    // misa: MXL = 64, extensions A, C, D, F, I, M, U. Only C can be turned off (IALIGN then becomes 32).
    private const ulong MisaBase = (2UL << 62) | (1UL << 0) | (1UL << 3) | (1UL << 5) | (1UL << 8) | (1UL << 12) | (1UL << 20);
    private const ulong MisaC = 1UL << 2;

    private ulong _mstatus;
    private ulong _mtvec, _mepc, _mcause, _mtval, _mscratch, _mie, _mcounteren;
    private ulong _retired;
    private byte _fflags, _frm;
    private bool _compressedEnabled = true;

    // Bits of a jump target that must be clear: none with C (bit 0 is always cleared), bit 1 without it.
    private ulong _misalignedTargetBits;

    /// <summary>The last trap raised (claimed or delivered), for reporting.</summary>
    public Trap? LastTrap { get; private set; }

    /// <summary>Whether the C extension is enabled (misa.C); without it, jump targets must be 4-byte aligned.</summary>
    public bool CompressedEnabled
    {
        get => _compressedEnabled;
        set
        {
            if (value != _compressedEnabled)
            {
                _compressedEnabled = value;
                _misalignedTargetBits = value ? 0UL : 2UL;
                _code.InvalidateAll();
            }
        }
    }

    /// <summary>Reads a CSR as M-mode software would (no privilege check); false if it does not exist.</summary>
    public bool TryReadCsr(int csr, out ulong value) => TryReadCsrValue(csr, out value);

    /// <summary>Writes a CSR as M-mode software would (WARL fields legalised); false if it does not exist or is read-only.</summary>
    public bool TryWriteCsr(int csr, ulong value) => (csr >> 10) != 3 && TryWriteCsrValue(csr, value);

    /// <summary>Turns on the floating-point unit (mstatus.FS = Initial), as a kernel does before starting a process.</summary>
    public void EnableFloatingPoint()
    {
        if ((_mstatus & MstatusFs) == 0)
        {
            _mstatus |= 1UL << 13;
        }
    }

    /// <summary>Lets U-mode read cycle, time and instret (mcounteren), as Linux allows user programs to.</summary>
    public void EnableUserCounters() => _mcounteren = 7;

    private bool FloatingPointEnabled => (_mstatus & MstatusFs) != 0;

    /// <summary>Executes a Zicsr instruction.</summary>
    private unsafe Outcome ExecuteCsr(DecodedInstruction* d, ulong* x)
    {
        var csr = d->Imm & 0xfff;
        var isWrite = d->Op is Op.Csrrw or Op.Csrrwi;
        var operand = d->Op >= Op.Csrrwi ? d->Rs1 : x[d->Rs1];
        var writes = isWrite || d->Rs1 != 0;

        // Checks in the specification's order: privilege, then writes to read-only CSRs, then existence.
        if (((csr >> 8) & 3) > (int)Privilege || (writes && (csr >> 10) == 3) || !TryReadCsrValue(csr, out var old))
        {
            return RaiseIllegal(d);
        }
        // Then CHERI's rule: outside the unprivileged whitelist, PCC must grant Access_System_Registers.
        if (!IsAccessibleWithoutSystemRegisters(csr) && !PccGrantsSystemRegisters)
        {
            return RaiseCheri(CheriFault.PccIndex, CheriCause.AccessSystemRegistersViolation);
        }
        if (writes)
        {
            var updated = d->Op switch
            {
                Op.Csrrw or Op.Csrrwi => operand,
                Op.Csrrs or Op.Csrrsi => old | operand,
                _ => old & ~operand,
            };
            if (!TryWriteCsrValue(csr, updated))
            {
                return RaiseIllegal(d);
            }
        }
        x[d->Rd] = old;
        return Outcome.Next;
    }

    private bool TryReadCsrValue(int csr, out ulong value)
    {
        value = 0;
        switch (csr)
        {
            case Csr.Fflags or Csr.Frm or Csr.Fcsr:
                if (!FloatingPointEnabled)
                {
                    return false;
                }
                value = csr switch { Csr.Fflags => _fflags, Csr.Frm => _frm, _ => (ulong)((_frm << 5) | _fflags) };
                return true;
            case Csr.Cycle or Csr.Time or Csr.Instret:
                if (Privilege == PrivilegeMode.User && (_mcounteren & (1UL << (csr - Csr.Cycle))) == 0)
                {
                    return false;
                }
                value = _retired;
                return true;
            case >= Csr.HpmCounter3 and <= Csr.HpmCounter31:
                return Privilege != PrivilegeMode.User || (_mcounteren & (1UL << (csr - Csr.Cycle))) != 0;
            case Csr.Mcycle or Csr.Minstret:
                value = _retired;
                return true;
            case Csr.Mstatus:
                value = _mstatus | MstatusUxl64 | ((_mstatus & MstatusFs) == MstatusFs ? MstatusSd : 0);
                return true;
            case Csr.Misa: value = MisaBase | (_compressedEnabled ? MisaC : 0); return true;
            case Csr.Mie: value = _mie; return true;
            case Csr.Mtvec: value = _mtvec - (LegacyRelocation ? Mtcc.Base : 0); return true;
            case Csr.Mcounteren: value = _mcounteren; return true;
            case Csr.Mscratch: value = _mscratch; return true;
            case Csr.Mepc: value = _mepc - (LegacyRelocation ? Mepcc.Base : 0); return true;
            case Csr.Mcause: value = _mcause; return true;
            case Csr.Mtval: value = _mtval; return true;
            // Read-only zero: no S-mode to delegate to, no interrupt sources, no PMP entries, no HPM events,
            // nothing to configure in menvcfg, and zero identification registers (a non-commercial implementation).
            case Csr.Medeleg or Csr.Mideleg or Csr.Mip or Csr.Menvcfg or Csr.Mcountinhibit:
            case >= Csr.MhpmEvent3 and <= Csr.MhpmEvent31:
            case >= Csr.MhpmCounter3 and <= Csr.MhpmCounter31:
            case >= Csr.PmpCfg0 and <= Csr.PmpAddr63:
            case Csr.Mvendorid or Csr.Marchid or Csr.Mimpid or Csr.Mhartid or Csr.Mconfigptr:
                return true;
            default:
                return false;
        }
    }

    private bool TryWriteCsrValue(int csr, ulong value)
    {
        switch (csr)
        {
            case Csr.Fflags: _fflags = (byte)(value & 0x1f); MarkFloatingPointDirty(); return true;
            case Csr.Frm: _frm = (byte)(value & 7); MarkFloatingPointDirty(); return true;
            case Csr.Fcsr: _fflags = (byte)(value & 0x1f); _frm = (byte)((value >> 5) & 7); MarkFloatingPointDirty(); return true;
            case Csr.Mcycle or Csr.Minstret:
                // The writing instruction still retires afterwards; the next instruction must see the value written.
                _retired = value - 1;
                return true;
            case Csr.Mstatus:
            {
                var updated = value & MstatusWritable;
                // MPP is WARL over the implemented modes; an unsupported value (S or reserved) reads back as U.
                if ((updated & MstatusMpp) != MstatusMpp)
                {
                    updated &= ~MstatusMpp;
                }
                _mstatus = updated;
                return true;
            }
            case Csr.Misa:
                // Turning C off is ignored when the next instruction would be misaligned (spec: misa.C WARL rule).
                var enableC = (value & MisaC) != 0;
                if (enableC || ((_pc + 4) & 2) == 0)
                {
                    CompressedEnabled = enableC;
                }
                return true;
            case Csr.Mie: _mie = value & MieWritable; return true;
            // mtvec and mepc are the addresses of MTCC and MEPCC (offsets from their bases under LegacyRelocation):
            // writing one is a precise CSetAddr on the capability.
            case Csr.Mtvec: SetTrapVectorCapability(Mtcc.SetAddress(LegalTrapVector(value) + (LegacyRelocation ? Mtcc.Base : 0))); return true;
            case Csr.Mcounteren: _mcounteren = value & 0xffff_ffff; return true;
            case Csr.Mscratch: _mscratch = value; return true;
            case Csr.Mepc: SetExceptionPcCapability(Mepcc.SetAddress((value & ~1UL) + (LegacyRelocation ? Mepcc.Base : 0))); return true;
            case Csr.Mcause: _mcause = value; return true;
            case Csr.Mtval: _mtval = value; return true;
            case Csr.Medeleg or Csr.Mideleg or Csr.Mip or Csr.Menvcfg or Csr.Mcountinhibit:
            case >= Csr.MhpmEvent3 and <= Csr.MhpmEvent31:
            case >= Csr.MhpmCounter3 and <= Csr.MhpmCounter31:
            case >= Csr.PmpCfg0 and <= Csr.PmpAddr63:
                return true;
            default:
                return false;
        }
    }

    private void MarkFloatingPointDirty() => _mstatus |= MstatusFs;

    /// <summary>Offers a trap to the host handler, and delivers it architecturally if unclaimed.</summary>
    private TrapDisposition DispatchTrap(in Trap trap)
    {
        LastTrap = trap;
        if (TrapHandler is { } handler)
        {
            var disposition = handler.HandleTrap(this, trap);
            if (disposition != TrapDisposition.Deliver)
            {
                return disposition;
            }
        }
        DeliverTrap(trap);
        // When the trap vector itself cannot be fetched (unmapped, or not authorised by MTCC), delivering would
        // repeat forever: stop instead.
        var fetchFault = trap.Cause == TrapCause.InstructionAccessFault
            || (trap.Cause == TrapCause.Cheri && CheriFault.CapabilityIndexOf(trap.Value) == CheriFault.PccIndex);
        return fetchFault && _pc == trap.Pc ? TrapDisposition.Stop : TrapDisposition.Deliver;
    }

    /// <summary>Architectural trap entry into M-mode: MEPCC := PCC (at the trapping PC), PCC := MTCC (at the vector).</summary>
    private void DeliverTrap(in Trap trap)
    {
        _mepc = trap.Pc;
        _mepccMetadata = _pccMetadata;
        _mepccTag = _pccTag;
        _mcause = (ulong)trap.Cause;
        _mtval = trap.Value;
        var mie = (_mstatus & MstatusMie) != 0;
        _mstatus = (_mstatus & ~(MstatusMpie | MstatusMie | MstatusMpp))
            | (mie ? MstatusMpie : 0)
            | ((ulong)Privilege << 11);
        Privilege = PrivilegeMode.Machine;
        // Vectored mode only changes where interrupts go; synchronous exceptions always use the base.
        Pcc = Mtcc.SetAddress(_mtvec & ~3UL);
    }

    /// <summary>
    /// mret: back to MEPCC (a sentry there is unsealed; an unusable PCC faults on the next fetch) in mstatus.MPP's
    /// mode, with MIE := MPIE, MPIE := 1, MPP := U.
    /// </summary>
    private void ReturnFromTrap()
    {
        var mpp = (PrivilegeMode)((_mstatus >> 11) & 3);
        var mpie = (_mstatus & MstatusMpie) != 0;
        _mstatus = (_mstatus & ~(MstatusMie | MstatusMpp)) | MstatusMpie | (mpie ? MstatusMie : 0);
        if (mpp != PrivilegeMode.Machine)
        {
            _mstatus &= ~MstatusMprv;
        }
        Privilege = mpp;
        var target = _compressedEnabled ? _mepc : _mepc & ~3UL;
        var mepcc = Mepcc;
        Pcc = Capability.FromRaw(target, (mepcc.IsSentry ? mepcc.UnsealWithoutAuthority() : mepcc).Metadata, mepcc.Tag);
    }
}
