using System.Runtime.CompilerServices;
using Cvm.Cheri;
using Cvm.Machine.Execution;
using Cvm.Machine.Memory;

namespace Cvm.Machine;

/// <summary>
/// Xcheri (CHERI-RISC-V ISAv9) instructions in integer (hybrid) and capability (purecap) mode, and the
/// LegacyRelocation option: one small case per instruction, with the capability semantics delegated to
/// <see cref="Capability"/> (tested bit-exact against the Sail-derived vectors) and the architectural checks here,
/// in the order of the Sail model's <c>if</c> chains.
/// </summary>
/// <remarks>
/// Every handler reads and writes registers through <see cref="GetCapabilityRegister"/> /
/// <see cref="SetCapabilityRegister"/> / <see cref="SetRegister"/>, which keep the capability-tracking masks
/// right (the interpreter leaves those masks to them for Xcheri operations) and discard writes to register 0.
/// The interpreter runs a few of these operations itself when a one-compare check allows (JALR under a bounded
/// PCC, the <c>.cap</c> loads and stores, CIncOffsetImm in bounds); these handlers are then their exact slow path.
/// </remarks>
public sealed unsafe partial class Hart
{
    /// <summary>Special capability register numbers (CSpecialRW's scr field) this hart implements.</summary>
    public static class SpecialCapabilityRegister
    {
        public const int Pcc = 0, Ddc = 1, Mtcc = 28, Mtdc = 29, MScratchC = 30, Mepcc = 31;
    }

    // MTCC and MEPCC extend mtvec and mepc: their addresses are _mtvec and _mepc, their metadata and tags live here.
    private ulong _mtccMetadata = CapabilityEncoding.RootMetadata;
    private bool _mtccTag = true;
    private ulong _mepccMetadata = CapabilityEncoding.RootMetadata;
    private bool _mepccTag = true;

    // What PCC authorises fetching, decoded when PCC is replaced (not from the moving PC, whose distance from the
    // bounds does not change them): its bounds, and the cause every fetch fails with when PCC is untagged, sealed
    // or not executable.
    private CapabilityBounds _pccFetchBounds = Capability.Root.GetBounds();
    private CheriCause _pccUnusableCause = CheriCause.None;
    private bool _pccSpansAddressSpace = true;

    // Jump targets PCC's bounds certainly allow, as one unsigned compare: target - _pccJumpBase < _pccJumpSpan.
    private ulong _pccJumpBase;
    private ulong _pccJumpSpan = ulong.MaxValue;

    /// <summary>The machine trap code capability: PCC on trap entry (its address is mtvec). Root at reset.</summary>
    public Capability Mtcc => Capability.FromRaw(_mtvec, _mtccMetadata, _mtccTag);

    /// <summary>The machine exception PC capability: PCC of the trapping instruction (its address is mepc). Root at reset.</summary>
    public Capability Mepcc => Capability.FromRaw(_mepc, _mepccMetadata, _mepccTag);

    /// <summary>The machine trap data capability, for M-mode software's own use. NULL at reset.</summary>
    public Capability Mtdc { get; private set; } = Capability.Null;

    /// <summary>
    /// The machine scratch capability, for M-mode software's own use. NULL at reset. Like the Sail model it is a
    /// register of its own, not an extension of the integer mscratch CSR.
    /// </summary>
    public Capability MScratchC { get; private set; } = Capability.Null;

    /// <summary>
    /// Instruction fetch is checked against PCC (Sail <c>ext_fetch_check_pc</c>: tag, seal, Permit_Execute, then
    /// bounds of each parcel) when an instruction is decoded into its slot, so executing a decoded slot costs
    /// nothing; and the decoding of a standard opcode depends on PCC.flag (capability mode). So decoded code is
    /// kept per fetch context (<see cref="DecodeContextKey"/>): replacing PCC with one that authorises a different
    /// range, or switches mode, selects that context's decoded code — kept from its last use for the few most
    /// recent contexts — and points the interpreter at its slots for the current page.
    /// </summary>
    private void OnPccReplaced(Capability pcc)
    {
        var key = FetchContextOf(pcc, _legacyRelocation);
        _pccFetchBounds = key.FetchBounds;
        _pccUnusableCause = key.UnusableCause;
        _pccSpansAddressSpace = key.FetchBounds.Base == 0 && key.FetchBounds.TopBit64;
        // Room for a 4-byte instruction: with C a target 2 bytes below top is allowed too, and takes the exact
        // out-of-line check.
        _pccJumpBase = key.FetchBounds.Base;
        _pccJumpSpan = JumpSpan(key.FetchBounds);
        var wasCapabilityMode = _code.CapabilityMode;
        var switched = _code.Select(key);
        if (_code.CapabilityMode != wasCapabilityMode)
        {
            ApplyDataWindow();
        }
        if (switched && _pageBase != ~0UL)
        {
            // The interpreter may continue on the same page after the jump that replaced PCC: give it this
            // context's slots for that page.
            _slots = _code.SlotsFor(_pageBase);
            if (_slots == null)
            {
                _pageBase = ~0UL;
            }
        }
    }

    /// <summary>
    /// How many targets t = base + offset, offset &lt; the result, leave room for a 4-byte instruction below
    /// min(top, 2^64): that top − base − 3, or 0 when top &lt; base + 4.
    /// </summary>
    private static ulong JumpSpan(CapabilityBounds bounds)
    {
        if (bounds.TopBit64)
        {
            // The top counts as 2^64, so the span is 2^64 − base − 3, which wraps to the same value in 64 bits.
            return bounds.Base <= ulong.MaxValue - 3 ? 0UL - bounds.Base - 3 : 0;
        }
        return bounds.TopLow >= bounds.Base && bounds.TopLow - bounds.Base >= 4 ? bounds.TopLow - bounds.Base - 3 : 0;
    }

    /// <summary>How many PCCs' decoded code the hart keeps at the moment (at most <see cref="DecodedCodeCache.MaxContexts"/>).</summary>
    internal int DecodeContextCount => _code.ContextCount;

    /// <summary>What decoded code fetched under <paramref name="pcc"/> depends on (relocation applies to integer mode only).</summary>
    private static DecodeContextKey FetchContextOf(Capability pcc, bool relocated)
    {
        var unusable = !pcc.Tag ? CheriCause.TagViolation
            : pcc.IsSealed ? CheriCause.SealViolation
            : !pcc.HasPermissions(CapabilityPermissions.Execute) ? CheriCause.PermitExecuteViolation
            : CheriCause.None;
        return new DecodeContextKey(pcc.GetBounds(), unusable, pcc.Flag, relocated && !pcc.Flag);
    }

    /// <summary>The mtval of a PCC fetch fault for the parcels [pc, pc + length), or 0 if PCC authorises them.</summary>
    private ulong PccFetchFault(ulong pc, ulong length)
    {
        var cause = _pccUnusableCause != CheriCause.None ? _pccUnusableCause
            : _pccFetchBounds.Contains(pc, length) ? CheriCause.None
            : CheriCause.LengthViolation;
        return cause == CheriCause.None ? 0 : CheriFault.Value(CheriFault.PccIndex, cause);
    }

    /// <summary>
    /// A freshly decoded instruction, or in its place: <see cref="Op.PccFetchFault"/> if PCC does not authorise
    /// fetching it; under a PCC that does not span the address space, the checked form of a jump (§4: integer-mode
    /// JAL, JALR and branch targets must lie in PCC's bounds, checked at the jump). JAL and branch targets are
    /// static, so only those that leave PCC need the checked form; JALR's target is known only when it runs.
    /// Under a PCC spanning the whole address space no target can leave it and nothing changes.
    /// </summary>
    private DecodedInstruction AuthoriseFetch(ulong pc, DecodedInstruction decoded)
    {
        if (PccFetchFault(pc, decoded.Length) != 0)
        {
            decoded.Op = Op.PccFetchFault;
            return decoded;
        }
        if (_pccSpansAddressSpace)
        {
            return decoded;
        }
        var targetInBounds = _pccFetchBounds.Contains((pc + (ulong)(long)decoded.Imm) & ~1UL, MinimumInstructionBytes);
        decoded.Op = decoded.Op switch
        {
            Op.Jalr => Op.JalrWithinPcc,
            _ when targetInBounds => decoded.Op,
            Op.Jal => Op.JalOutsidePcc,
            Op.Beq => Op.BeqOutsidePcc,
            Op.Bne => Op.BneOutsidePcc,
            Op.Blt => Op.BltOutsidePcc,
            Op.Bge => Op.BgeOutsidePcc,
            Op.Bltu => Op.BltuOutsidePcc,
            Op.Bgeu => Op.BgeuOutsidePcc,
            var unchanged => unchanged,
        };
        return decoded;
    }

    /// <summary>A conditional branch whose target lies outside PCC: a length violation on PCC if it is taken.</summary>
    private Outcome BranchOutsidePcc(bool taken) =>
        taken ? RaiseCheri(CheriFault.PccIndex, CheriCause.LengthViolation) : Outcome.Next;

    /// <summary>
    /// JALR under a bounded PCC: the target is checked against PCC's bounds (a length violation on PCC; the jump
    /// does not happen) before its alignment, as Sail's <c>ext_control_check_addr</c> precedes the alignment check.
    /// </summary>
    private Outcome JumpWithinPcc(DecodedInstruction* d)
    {
        var target = (GetRegister(d->Rs1) + (ulong)(long)d->Imm) & ~1UL;
        if (!_pccFetchBounds.Contains(target, MinimumInstructionBytes))
        {
            return RaiseCheri(CheriFault.PccIndex, CheriCause.LengthViolation);
        }
        if ((target & _misalignedTargetBits) != 0)
        {
            return Raise(TrapCause.InstructionAddressMisaligned, target);
        }
        if (d->Rd != SinkRegister)
        {
            SetRegister(d->Rd, _pc + d->Length);
        }
        _pc = target;
        return Outcome.Jump;
    }

    /// <summary>
    /// The trap for a fetch that found no mapped memory at <paramref name="faultAddress"/> (the first or second
    /// parcel): PCC is checked first, up to and including that parcel, as Sail checks it before each parcel's fetch.
    /// </summary>
    private void SetFetchFault(ulong pc, ulong faultAddress)
    {
        var pccFault = PccFetchFault(pc, faultAddress + 2 - pc);
        _pendingCause = pccFault != 0 ? TrapCause.Cheri : TrapCause.InstructionAccessFault;
        _pendingValue = pccFault != 0 ? pccFault : faultAddress;
    }

    /// <summary>
    /// Whether DDC refuses an atomic access (LR, SC, AMO). Sail checks the authorising capability before the
    /// alignment and the reservation, so the atomics ask first, before their own checks.
    /// </summary>
    private bool DataCapabilityRefuses(ulong address, int size, bool load, bool store) =>
        (load && Memory.CheckGuestAccess(address, size, write: false) == MemoryFault.DataCapabilityBounds)
        || (store && Memory.CheckGuestAccess(address, size, write: true) == MemoryFault.DataCapabilityBounds);

    private bool PccGrantsSystemRegisters => Pcc.HasPermissions(CapabilityPermissions.AccessSystemRegisters);

    private Outcome RaiseCheri(int capabilityIndex, CheriCause cause) => Raise(TrapCause.Cheri, CheriFault.Value(capabilityIndex, cause));

    private Capability ReadCapability(int index) => GetCapabilityRegister(index);

    /// <summary>Register 0 reads as DDC in the operands of CToPtr, CFromPtr, CBuildCap and CTestSubset that allow it.</summary>
    private Capability ReadCapabilityOrDdc(int index) => index == 0 ? Ddc : GetCapabilityRegister(index);

    private Outcome WriteCapability(int index, Capability value)
    {
        SetCapabilityRegister(index, value);
        return Outcome.Next;
    }

    /// <summary>Writes an integer result; the x0 sink (the integer loads decode x0 to it) discards it.</summary>
    private Outcome WriteInteger(int index, ulong value)
    {
        if (index != SinkRegister)
        {
            SetRegister(index, value);
        }
        return Outcome.Next;
    }

    /// <summary>Executes an Xcheri operation (any <see cref="Op"/> from <see cref="Op.CGetPerm"/> on).</summary>
    private Outcome ExecuteCheri(DecodedInstruction* d)
    {
        int rd = d->Rd, rs1 = d->Rs1, rs2 = d->Rs2;
        switch (d->Op)
        {
            // §3.1 Inspection.
            case Op.CGetPerm: return WriteInteger(rd, (ulong)ReadCapability(rs1).Permissions);
            case Op.CGetType: return WriteInteger(rd, ReadCapability(rs1).ArchitecturalObjectType);
            case Op.CGetBase: return WriteInteger(rd, ReadCapability(rs1).Base);
            case Op.CGetLen: return WriteInteger(rd, ReadCapability(rs1).SaturatedLength);
            case Op.CGetTag: return WriteInteger(rd, ReadCapability(rs1).Tag ? 1UL : 0UL);
            case Op.CGetSealed: return WriteInteger(rd, ReadCapability(rs1).IsSealed ? 1UL : 0UL);
            case Op.CGetOffset: return WriteInteger(rd, ReadCapability(rs1).Offset);
            case Op.CGetFlags: return WriteInteger(rd, ReadCapability(rs1).Flag ? 1UL : 0UL);
            case Op.CGetAddr: return WriteInteger(rd, ReadCapability(rs1).Address);
            case Op.CGetHigh: return WriteInteger(rd, ReadCapability(rs1).MemoryMetadata);
            case Op.CGetTop: return WriteInteger(rd, ReadCapability(rs1).SaturatedTop);
            case Op.CRoundRepresentableLength: return WriteInteger(rd, Capability.RepresentableLength(GetRegister(rs1)));
            case Op.CRepresentableAlignmentMask: return WriteInteger(rd, Capability.RepresentableAlignmentMask(GetRegister(rs1)));

            // §3.2 Manipulation: never traps; a sealed cs1 gives an untagged result (inside Capability's methods).
            case Op.CMove: return WriteCapability(rd, ReadCapability(rs1));
            case Op.CClearTag: return WriteCapability(rd, ReadCapability(rs1).ClearTag());
            case Op.CSetAddr: return WriteCapability(rd, ReadCapability(rs1).SetAddress(GetRegister(rs2)));
            case Op.CIncOffset: return WriteCapability(rd, ReadCapability(rs1).IncrementOffset(GetRegister(rs2)));
            case Op.CIncOffsetImmediate: return WriteCapability(rd, ReadCapability(rs1).IncrementOffset((ulong)(long)d->Imm));
            case Op.CSetOffset: return WriteCapability(rd, ReadCapability(rs1).SetOffset(GetRegister(rs2)));
            case Op.CSetBounds: return WriteCapability(rd, ReadCapability(rs1).SetBounds(GetRegister(rs2)));
            case Op.CSetBoundsExact: return WriteCapability(rd, ReadCapability(rs1).SetBoundsExact(GetRegister(rs2)));
            case Op.CSetBoundsImmediate: return WriteCapability(rd, ReadCapability(rs1).SetBounds((ulong)d->Imm));
            case Op.CAndPerm: return WriteCapability(rd, ReadCapability(rs1).AndPermissions((CapabilityPermissions)(uint)GetRegister(rs2)));
            case Op.CSetFlags: return WriteCapability(rd, ReadCapability(rs1).SetFlag((GetRegister(rs2) & 1) != 0));
            case Op.CSetHigh: return WriteCapability(rd, ReadCapability(rs1).SetHigh(GetRegister(rs2)));
            case Op.CToPtr: return WriteInteger(rd, ReadCapability(rs1).ToPointer(ReadCapabilityOrDdc(rs2)));
            case Op.CFromPtr: return WriteCapability(rd, Capability.FromPointer(ReadCapabilityOrDdc(rs1), GetRegister(rs2)));
            case Op.CSub: return WriteInteger(rd, GetRegister(rs1) - GetRegister(rs2));
            case Op.CBuildCap: return WriteCapability(rd, ReadCapabilityOrDdc(rs1).BuildCapability(ReadCapability(rs2)));
            case Op.CTestSubset: return WriteInteger(rd, ReadCapabilityOrDdc(rs1).TestSubset(ReadCapability(rs2)) ? 1UL : 0UL);
            case Op.CSetEqualExact: return WriteInteger(rd, ReadCapability(rs1) == ReadCapability(rs2) ? 1UL : 0UL);

            // §3.3 Sealing.
            case Op.CSeal: return WriteCapability(rd, ReadCapability(rs1).Seal(ReadCapability(rs2)));
            case Op.CUnseal: return WriteCapability(rd, ReadCapability(rs1).Unseal(ReadCapability(rs2)));
            case Op.CSealEntry: return WriteCapability(rd, ReadCapability(rs1).SealEntry());
            case Op.CCopyType: return WriteCapability(rd, ReadCapability(rs1).CopyType(ReadCapability(rs2)));
            case Op.CCSeal: return WriteCapability(rd, ReadCapability(rs1).ConditionalSeal(ReadCapability(rs2)));

            // §3.4 and §3.5.
            case Op.CSpecialRW: return SpecialReadWrite(d);
            case Op.JalrCap: return JumpToCapability(d);
            case Op.CInvoke: return Invoke(rs1, rs2);

            // §3.6 explicit loads and stores, and LC/SC in the LQ/SQ encodings (§3.7); in capability mode the standard
            // loads and stores run as the .cap forms with their immediate, under LegacyRelocation as the .ddc forms.
            case Op.LbDdc: return LoadInteger(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d), 1, signed: true);
            case Op.LhDdc: return LoadInteger(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d), 2, signed: true);
            case Op.LwDdc: return LoadInteger(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d), 4, signed: true);
            case Op.LdDdc: return LoadInteger(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d), 8, signed: true);
            case Op.LbuDdc: return LoadInteger(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d), 1, signed: false);
            case Op.LhuDdc: return LoadInteger(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d), 2, signed: false);
            case Op.LwuDdc: return LoadInteger(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d), 4, signed: false);
            case Op.LbCap: return LoadInteger(rd, ReadCapability(rs1), rs1, CapabilityAddress(d), 1, signed: true);
            case Op.LhCap: return LoadInteger(rd, ReadCapability(rs1), rs1, CapabilityAddress(d), 2, signed: true);
            case Op.LwCap: return LoadInteger(rd, ReadCapability(rs1), rs1, CapabilityAddress(d), 4, signed: true);
            case Op.LdCap: return LoadInteger(rd, ReadCapability(rs1), rs1, CapabilityAddress(d), 8, signed: true);
            case Op.LbuCap: return LoadInteger(rd, ReadCapability(rs1), rs1, CapabilityAddress(d), 1, signed: false);
            case Op.LhuCap: return LoadInteger(rd, ReadCapability(rs1), rs1, CapabilityAddress(d), 2, signed: false);
            case Op.LwuCap: return LoadInteger(rd, ReadCapability(rs1), rs1, CapabilityAddress(d), 4, signed: false);
            case Op.SbDdc: return StoreInteger(GetRegister(rs2), Ddc, CheriFault.DdcIndex, DdcAddress(d), 1);
            case Op.ShDdc: return StoreInteger(GetRegister(rs2), Ddc, CheriFault.DdcIndex, DdcAddress(d), 2);
            case Op.SwDdc: return StoreInteger(GetRegister(rs2), Ddc, CheriFault.DdcIndex, DdcAddress(d), 4);
            case Op.SdDdc: return StoreInteger(GetRegister(rs2), Ddc, CheriFault.DdcIndex, DdcAddress(d), 8);
            case Op.SbCap: return StoreInteger(GetRegister(rs2), ReadCapability(rs1), rs1, CapabilityAddress(d), 1);
            case Op.ShCap: return StoreInteger(GetRegister(rs2), ReadCapability(rs1), rs1, CapabilityAddress(d), 2);
            case Op.SwCap: return StoreInteger(GetRegister(rs2), ReadCapability(rs1), rs1, CapabilityAddress(d), 4);
            case Op.SdCap: return StoreInteger(GetRegister(rs2), ReadCapability(rs1), rs1, CapabilityAddress(d), 8);
            case Op.LcDdc: return LoadCapabilityInto(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d));
            case Op.LcCap: return LoadCapabilityInto(rd, ReadCapability(rs1), rs1, CapabilityAddress(d));
            case Op.LoadCapability: return LoadCapabilityInto(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d));
            case Op.ScDdc: return StoreCapabilityFrom(ReadCapability(rs2), Ddc, CheriFault.DdcIndex, DdcAddress(d));
            case Op.ScCap: return StoreCapabilityFrom(ReadCapability(rs2), ReadCapability(rs1), rs1, CapabilityAddress(d));
            case Op.StoreCapability: return StoreCapabilityFrom(ReadCapability(rs2), Ddc, CheriFault.DdcIndex, DdcAddress(d));
            case Op.LrBDdc: return LoadReserved(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d), 1);
            case Op.LrHDdc: return LoadReserved(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d), 2);
            case Op.LrWDdc: return LoadReserved(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d), 4);
            case Op.LrDDdc: return LoadReserved(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d), 8);
            case Op.LrCDdc: return LoadReservedCapability(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d));
            case Op.LrBCap: return LoadReserved(rd, ReadCapability(rs1), rs1, CapabilityAddress(d), 1);
            case Op.LrHCap: return LoadReserved(rd, ReadCapability(rs1), rs1, CapabilityAddress(d), 2);
            case Op.LrWCap: return LoadReserved(rd, ReadCapability(rs1), rs1, CapabilityAddress(d), 4);
            case Op.LrDCap: return LoadReserved(rd, ReadCapability(rs1), rs1, CapabilityAddress(d), 8);
            case Op.LrCCap: return LoadReservedCapability(rd, ReadCapability(rs1), rs1, CapabilityAddress(d));
            case Op.ScBDdc: return StoreConditional(rd, rs2, Ddc, CheriFault.DdcIndex, DdcAddress(d), 1);
            case Op.ScHDdc: return StoreConditional(rd, rs2, Ddc, CheriFault.DdcIndex, DdcAddress(d), 2);
            case Op.ScWDdc: return StoreConditional(rd, rs2, Ddc, CheriFault.DdcIndex, DdcAddress(d), 4);
            case Op.ScDDdc: return StoreConditional(rd, rs2, Ddc, CheriFault.DdcIndex, DdcAddress(d), 8);
            case Op.ScCDdc: return StoreConditionalCapability(rd, ReadCapability(rs2), Ddc, CheriFault.DdcIndex, DdcAddress(d));
            case Op.ScBCap: return StoreConditional(rd, rs2, ReadCapability(rs1), rs1, CapabilityAddress(d), 1);
            case Op.ScHCap: return StoreConditional(rd, rs2, ReadCapability(rs1), rs1, CapabilityAddress(d), 2);
            case Op.ScWCap: return StoreConditional(rd, rs2, ReadCapability(rs1), rs1, CapabilityAddress(d), 4);
            case Op.ScDCap: return StoreConditional(rd, rs2, ReadCapability(rs1), rs1, CapabilityAddress(d), 8);
            case Op.ScCCap: return StoreConditionalCapability(rd, ReadCapability(rs2), ReadCapability(rs1), rs1, CapabilityAddress(d));
            case Op.LrB: return LoadReserved(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d), 1);
            case Op.LrH: return LoadReserved(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d), 2);
            case Op.ScB: return StoreConditional(rd, rs2, Ddc, CheriFault.DdcIndex, DdcAddress(d), 1);
            case Op.ScH: return StoreConditional(rd, rs2, Ddc, CheriFault.DdcIndex, DdcAddress(d), 2);
            case Op.LrC: return LoadReservedCapability(rd, Ddc, CheriFault.DdcIndex, DdcAddress(d));
            case Op.ScC: return StoreConditionalCapability(rd, ReadCapability(rs2), Ddc, CheriFault.DdcIndex, DdcAddress(d));
            case Op.AmoSwapC: return SwapCapability(rd, ReadCapability(rs2), Ddc, CheriFault.DdcIndex, DdcAddress(d));
            case Op.PccFetchFault: return Raise(TrapCause.Cheri, PccFetchFault(_pc, d->Length));
            case Op.JalOutsidePcc: return RaiseCheri(CheriFault.PccIndex, CheriCause.LengthViolation);
            case Op.BeqOutsidePcc: return BranchOutsidePcc(GetRegister(rs1) == GetRegister(rs2));
            case Op.BneOutsidePcc: return BranchOutsidePcc(GetRegister(rs1) != GetRegister(rs2));
            case Op.BltOutsidePcc: return BranchOutsidePcc((long)GetRegister(rs1) < (long)GetRegister(rs2));
            case Op.BgeOutsidePcc: return BranchOutsidePcc((long)GetRegister(rs1) >= (long)GetRegister(rs2));
            case Op.BltuOutsidePcc: return BranchOutsidePcc(GetRegister(rs1) < GetRegister(rs2));
            case Op.BgeuOutsidePcc: return BranchOutsidePcc(GetRegister(rs1) >= GetRegister(rs2));
            case Op.JalrWithinPcc: return JumpWithinPcc(d);

            // §3.5 clearing and tag reading.
            case Op.CClear: return ClearRegisters(d);
            case Op.FPClear: return ClearFloatRegisters(d);
            case Op.CLoadTags: return LoadTags(rd, rs1);

            // Capability mode (§4): the standard opcodes that change meaning.
            case Op.Auipcc: return WriteCapability(rd, Pcc.SetAddress(_pc + (ulong)(long)d->Imm));
            case Op.CJal: return JumpAndLinkCapability(d);
            case Op.FlwCap or Op.FldCap: return LoadFloat(d, ReadCapability(rs1), rs1, CapabilityAddress(d));
            case Op.FswCap or Op.FsdCap: return StoreFloat(d, ReadCapability(rs1), rs1, CapabilityAddress(d));
            case Op.AmoCap: return Atomic(d, ReadCapability(rs1), rs1, GetRegister(rs1));

            // LegacyRelocation (integer mode).
            case Op.FlwDdc or Op.FldDdc: return LoadFloat(d, Ddc, CheriFault.DdcIndex, DdcAddress(d));
            case Op.FswDdc or Op.FsdDdc: return StoreFloat(d, Ddc, CheriFault.DdcIndex, DdcAddress(d));
            case Op.AmoDdc: return Atomic(d, Ddc, CheriFault.DdcIndex, DdcAddress(d));
            case Op.AuipcRelocated: return WriteInteger(rd, _pc - PccBase + (ulong)(long)d->Imm);
            case Op.JalRelocated: return JumpRelocated(d, _pc + (ulong)(long)d->Imm);
            case Op.JalrRelocated: return JumpRelocated(d, (PccBase + GetRegister(rs1) + (ulong)(long)d->Imm) & ~1UL);
            default: return RaiseIllegal(d);
        }
    }

    /// <summary>
    /// The address of a cs1-authorised access: cs1.address plus the immediate (zero in the explicit <c>.cap</c>
    /// forms, the instruction's offset in the capability-mode forms of the standard loads and stores).
    /// </summary>
    private ulong CapabilityAddress(DecodedInstruction* d) => GetRegister(d->Rs1) + (ulong)(long)d->Imm;

    /// <summary>
    /// The address of a DDC-authorised access: x[rs1] plus the immediate (zero in the explicit <c>.ddc</c> forms),
    /// plus DDC.address under <see cref="LegacyRelocation"/>.
    /// </summary>
    private ulong DdcAddress(DecodedInstruction* d) =>
        GetRegister(d->Rs1) + (ulong)(long)d->Imm + (LegacyRelocation ? Ddc.Address : 0);

    /// <summary>
    /// The checks of a data access through <paramref name="authority"/> (Sail <c>handle_load_data_via_cap</c> /
    /// <c>handle_store_data_via_cap</c>), in order: tag, seal, Permit_Load (loads and AMOs), Permit_Store (stores
    /// and AMOs), then — for a capability store of a tagged value — Permit_Store_Capability and, for a local
    /// (non-global) value, Permit_Store_Local_Capability; then bounds. Alignment and mapping come after, in the caller.
    /// </summary>
    private CheriCause CheckDataAccess(Capability authority, ulong address, int size, bool load, bool store, Capability? storedCapability = null)
    {
        if (!authority.Tag)
        {
            return CheriCause.TagViolation;
        }
        if (authority.IsSealed)
        {
            return CheriCause.SealViolation;
        }
        if (load && !authority.HasPermissions(CapabilityPermissions.Load))
        {
            return CheriCause.PermitLoadViolation;
        }
        if (store && !authority.HasPermissions(CapabilityPermissions.Store))
        {
            return CheriCause.PermitStoreViolation;
        }
        if (storedCapability is { Tag: true } stored)
        {
            if (!authority.HasPermissions(CapabilityPermissions.StoreCapability))
            {
                return CheriCause.PermitStoreCapabilityViolation;
            }
            if (!stored.HasPermissions(CapabilityPermissions.Global) && !authority.HasPermissions(CapabilityPermissions.StoreLocalCapability))
            {
                return CheriCause.PermitStoreLocalCapabilityViolation;
            }
        }
        return authority.InBounds(address, (ulong)size) ? CheriCause.None : CheriCause.LengthViolation;
    }

    private Outcome LoadInteger(int rd, Capability authority, int authorityIndex, ulong address, int size, bool signed)
    {
        var cause = CheckDataAccess(authority, address, size, load: true, store: false);
        if (cause != CheriCause.None)
        {
            return RaiseCheri(authorityIndex, cause);
        }
        // Like the base loads, misaligned integer accesses are performed.
        return PerformLoad(rd, address, size, signed);
    }

    /// <summary>The memory side of an integer load the capability checks have allowed: mapping, then the load.</summary>
    private Outcome PerformLoad(int rd, ulong address, int size, bool signed)
    {
        var p = Memory.AccessAuthorised(address, size, write: false, out _);
        if (p == null)
        {
            return Raise(TrapCause.LoadAccessFault, address);
        }
        ulong value = size switch
        {
            1 => signed ? (ulong)(sbyte)*p : *p,
            2 => signed ? (ulong)Unsafe.ReadUnaligned<short>(p) : Unsafe.ReadUnaligned<ushort>(p),
            4 => signed ? (ulong)Unsafe.ReadUnaligned<int>(p) : Unsafe.ReadUnaligned<uint>(p),
            _ => Unsafe.ReadUnaligned<ulong>(p),
        };
        return WriteInteger(rd, value);
    }

    private Outcome StoreInteger(ulong value, Capability authority, int authorityIndex, ulong address, int size)
    {
        var cause = CheckDataAccess(authority, address, size, load: false, store: true);
        if (cause != CheriCause.None)
        {
            return RaiseCheri(authorityIndex, cause);
        }
        return PerformStore(value, address, size);
    }

    /// <summary>The memory side of an integer store the capability checks have allowed: mapping, then the store.</summary>
    private Outcome PerformStore(ulong value, ulong address, int size)
    {
        var p = Memory.AccessAuthorised(address, size, write: true, out _);
        if (p == null)
        {
            return Raise(TrapCause.StoreAccessFault, address);
        }
        switch (size)
        {
            case 1: *p = (byte)value; break;
            case 2: Unsafe.WriteUnaligned(p, (ushort)value); break;
            case 4: Unsafe.WriteUnaligned(p, (uint)value); break;
            default: Unsafe.WriteUnaligned(p, value); break;
        }
        return Outcome.Next;
    }

    /// <summary>
    /// LC: the capability checks, then 16-byte alignment (always required, mcause 4), then mapping. Without
    /// Permit_Load_Capability on the authority the loaded tag is cleared (no trap).
    /// </summary>
    private Outcome LoadCapabilityInto(int rd, Capability authority, int authorityIndex, ulong address)
    {
        var cause = CheckDataAccess(authority, address, CapabilityEncoding.SizeInBytes, load: true, store: false);
        if (cause != CheriCause.None)
        {
            return RaiseCheri(authorityIndex, cause);
        }
        if ((address & (CapabilityEncoding.SizeInBytes - 1)) != 0)
        {
            return Raise(TrapCause.LoadAddressMisaligned, address);
        }
        if (Memory.LoadCapabilityAuthorised(address, out var loaded) != MemoryFault.None)
        {
            return Raise(TrapCause.LoadAccessFault, address);
        }
        return WriteCapability(rd, authority.HasPermissions(CapabilityPermissions.LoadCapability) ? loaded : loaded.ClearTag());
    }

    /// <summary>SC: the capability-store checks, then 16-byte alignment (mcause 6), then mapping; the tag is stored with the value.</summary>
    private Outcome StoreCapabilityFrom(Capability value, Capability authority, int authorityIndex, ulong address)
    {
        var cause = CheckDataAccess(authority, address, CapabilityEncoding.SizeInBytes, load: false, store: true, value);
        if (cause != CheriCause.None)
        {
            return RaiseCheri(authorityIndex, cause);
        }
        if ((address & (CapabilityEncoding.SizeInBytes - 1)) != 0)
        {
            return Raise(TrapCause.StoreAddressMisaligned, address);
        }
        return Memory.StoreCapabilityAuthorised(address, value) == MemoryFault.None ? Outcome.Next : Raise(TrapCause.StoreAccessFault, address);
    }

    /// <summary>
    /// lr.[bhwd].ddc/.cap and LR.B/LR.H: the capability checks, natural alignment (mcause 4), a sign-extended load, and the
    /// address becomes this hart's reservation. (The .cap forms address cs1.address; Sail's LoadResCapCap adds
    /// it twice, which is taken as a bug in the model.)
    /// </summary>
    private Outcome LoadReserved(int rd, Capability authority, int authorityIndex, ulong address, int size)
    {
        var cause = CheckDataAccess(authority, address, size, load: true, store: false);
        if (cause != CheriCause.None)
        {
            return RaiseCheri(authorityIndex, cause);
        }
        if ((address & (ulong)(size - 1)) != 0)
        {
            return Raise(TrapCause.LoadAddressMisaligned, address);
        }
        var outcome = PerformLoad(rd, address, size, signed: true);
        if (outcome == Outcome.Next)
        {
            _reservation = address;
        }
        return outcome;
    }

    /// <summary>
    /// sc.[bhwd].ddc/.cap and SC.B/SC.H: the capability checks and natural alignment (mcause 6); then the store
    /// of x[<paramref name="rs2"/>] happens only if the address is still reserved. The result (0 = stored, 1 = not)
    /// goes to <paramref name="resultRegister"/>: rd for SC.B/SC.H, the rs2 register that held the data for the
    /// explicit forms, whose encoding has no rd. The reservation is given up either way.
    /// </summary>
    private Outcome StoreConditional(int resultRegister, int rs2, Capability authority, int authorityIndex, ulong address, int size)
    {
        var cause = CheckDataAccess(authority, address, size, load: false, store: true);
        if (cause != CheriCause.None)
        {
            return RaiseCheri(authorityIndex, cause);
        }
        if ((address & (ulong)(size - 1)) != 0)
        {
            return Raise(TrapCause.StoreAddressMisaligned, address);
        }
        var reserved = _reservation == address;
        _reservation = NoReservation;
        if (!reserved)
        {
            return WriteInteger(resultRegister, 1);
        }
        var outcome = PerformStore(GetRegister(rs2), address, size);
        return outcome == Outcome.Next ? WriteInteger(resultRegister, 0) : outcome;
    }

    /// <summary>LR.C and lr.c.ddc/.cap: as LC, and the granule becomes this hart's reservation.</summary>
    private Outcome LoadReservedCapability(int rd, Capability authority, int authorityIndex, ulong address)
    {
        var outcome = LoadCapabilityInto(rd, authority, authorityIndex, address);
        if (outcome == Outcome.Next)
        {
            _reservation = address;
        }
        return outcome;
    }

    /// <summary>
    /// SC.C and sc.c.ddc/.cap: the capability-store checks and 16-byte alignment as SC; then, like SC.W/SC.D, the
    /// store happens only if the address is still reserved (result 0), otherwise result 1, written as an integer
    /// to <paramref name="resultRegister"/> (rd for SC.C, the cs2 register itself for the explicit forms). The
    /// reservation is given up either way.
    /// </summary>
    private Outcome StoreConditionalCapability(int resultRegister, Capability value, Capability authority, int authorityIndex, ulong address)
    {
        var cause = CheckDataAccess(authority, address, CapabilityEncoding.SizeInBytes, load: false, store: true, value);
        if (cause != CheriCause.None)
        {
            return RaiseCheri(authorityIndex, cause);
        }
        if ((address & (CapabilityEncoding.SizeInBytes - 1)) != 0)
        {
            return Raise(TrapCause.StoreAddressMisaligned, address);
        }
        var reserved = _reservation == address;
        _reservation = NoReservation;
        if (!reserved)
        {
            return WriteInteger(resultRegister, 1);
        }
        return Memory.StoreCapabilityAuthorised(address, value) == MemoryFault.None
            ? WriteInteger(resultRegister, 0)
            : Raise(TrapCause.StoreAccessFault, address);
    }

    /// <summary>
    /// AMOSWAP.C: the authority (DDC in integer mode, cs1 in capability mode) must allow both the load and the
    /// capability store (tag, seal, Permit_Load, Permit_Store, Permit_Store_Capability / _Local for a tagged value,
    /// bounds); 16-byte alignment (mcause 6); cd := the old capability (untagged without Permit_Load_Capability),
    /// memory := cs2.
    /// </summary>
    private Outcome SwapCapability(int rd, Capability value, Capability authority, int authorityIndex, ulong address)
    {
        var cause = CheckDataAccess(authority, address, CapabilityEncoding.SizeInBytes, load: true, store: true, value);
        if (cause != CheriCause.None)
        {
            return RaiseCheri(authorityIndex, cause);
        }
        if ((address & (CapabilityEncoding.SizeInBytes - 1)) != 0)
        {
            return Raise(TrapCause.StoreAddressMisaligned, address);
        }
        if (Memory.LoadCapabilityAuthorised(address, out var old) != MemoryFault.None
            || Memory.StoreCapabilityAuthorised(address, value) != MemoryFault.None)
        {
            return Raise(TrapCause.StoreAccessFault, address);
        }
        return WriteCapability(rd, authority.HasPermissions(CapabilityPermissions.LoadCapability) ? old : old.ClearTag());
    }

    /// <summary>
    /// CJALR cd, imm(cs1), and JALR.CAP cd, cs1 (offset 0); C.CJR and C.CJALR. Checks on cs1, in order: tag, seal
    /// (only a sentry may be jumped through, and only with offset 0), Permit_Execute, under LegacyRelocation the
    /// alignment of cs1's base (the new PC origin), target alignment (without C), then the first instruction
    /// parcel within bounds. cd receives the return PCC sealed as a sentry; PCC
    /// becomes cs1 unsealed, at cs1.address + imm with bit 0 cleared.
    /// </summary>
    private Outcome JumpToCapability(DecodedInstruction* d)
    {
        var target = ReadCapability(d->Rs1);
        var address = (target.Address + (ulong)(long)d->Imm) & ~1UL;
        var cause = !target.Tag ? CheriCause.TagViolation
            : target.IsSealed && (!target.IsSentry || d->Imm != 0) ? CheriCause.SealViolation
            : !target.HasPermissions(CapabilityPermissions.Execute) ? CheriCause.PermitExecuteViolation
            : LegacyRelocation && (target.Base & (_misalignedTargetBits | 1)) != 0 ? CheriCause.UnalignedBase
            : CheriCause.None;
        if (cause != CheriCause.None)
        {
            return RaiseCheri(d->Rs1, cause);
        }
        if ((address & _misalignedTargetBits) != 0)
        {
            return Raise(TrapCause.InstructionAddressMisaligned, address);
        }
        if (!target.InBounds(address, MinimumInstructionBytes))
        {
            return RaiseCheri(d->Rs1, CheriCause.LengthViolation);
        }
        var link = Capability.FromRaw(_pc + d->Length, _pccMetadata, _pccTag).SealEntry();
        SetCapabilityRegister(d->Rd, link);
        Pcc = Capability.FromRaw(address, target.UnsealWithoutAuthority().Metadata, tag: true);
        return Outcome.Jump;
    }

    /// <summary>
    /// CJAL cd, offset (capability mode): the target must lie in PCC's bounds (a length violation on PCC), then be
    /// aligned (without C); cd receives the return PCC sealed as a sentry. PCC itself is kept.
    /// </summary>
    private Outcome JumpAndLinkCapability(DecodedInstruction* d)
    {
        var target = _pc + (ulong)(long)d->Imm;
        if (!_pccFetchBounds.Contains(target, MinimumInstructionBytes))
        {
            return RaiseCheri(CheriFault.PccIndex, CheriCause.LengthViolation);
        }
        if ((target & _misalignedTargetBits) != 0)
        {
            return Raise(TrapCause.InstructionAddressMisaligned, target);
        }
        SetCapabilityRegister(d->Rd, Capability.FromRaw(_pc + d->Length, _pccMetadata, _pccTag).SealEntry());
        _pc = target;
        return Outcome.Jump;
    }

    /// <summary>
    /// CClear q, m: clears (to NULL) register 8q + i for every set bit i of the 8-bit mask m; bit 0 of the first
    /// quarter names DDC, since c0 needs no clearing. The mask is split over the encoding: m[7:5] in rs1[2:0],
    /// m[4:0] in rd, and q in rs1[4:3].
    /// </summary>
    private Outcome ClearRegisters(DecodedInstruction* d)
    {
        var (first, mask) = ClearOperands(d);
        for (var i = 0; i < 8; i++)
        {
            if ((mask & (1 << i)) == 0)
            {
                continue;
            }
            if (first + i == 0)
            {
                SetDataCapability(Capability.Null);
            }
            else
            {
                SetCapabilityRegister(first + i, Capability.Null);
            }
        }
        return Outcome.Next;
    }

    /// <summary>FPClear q, m: zeroes (all 64 bits, not a NaN-boxed single) f(8q + i) for every set bit i of m; illegal while the FPU is off.</summary>
    private Outcome ClearFloatRegisters(DecodedInstruction* d)
    {
        if (!FloatingPointEnabled)
        {
            return RaiseIllegal(d);
        }
        var (first, mask) = ClearOperands(d);
        for (var i = 0; i < 8; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                _f[first + i] = 0;
            }
        }
        MarkFloatingPointDirty();
        return Outcome.Next;
    }

    /// <summary>The first register (8q) and the 8-bit mask of CClear / FPClear.</summary>
    private static (int First, int Mask) ClearOperands(DecodedInstruction* d) => (8 * (d->Rs1 >> 3), ((d->Rs1 & 7) << 5) | d->Rd);

    /// <summary>The bytes whose tags CLoadTags returns: one per capability of a 64-byte line (Sail's caps_per_cache_line = 4).</summary>
    private const int TagLineBytes = 4 * CapabilityEncoding.SizeInBytes;

    /// <summary>
    /// CLoadTags rd, (cs1): the tags of the four capabilities of the 64-byte line at cs1.address, in bits 3..0.
    /// Checks in order: tag, seal, Permit_Load, Permit_Load_Capability (a trap here, unlike a capability load,
    /// which strips the tag), bounds of the whole line, 64-byte alignment (mcause 4), then mapping.
    /// </summary>
    private Outcome LoadTags(int rd, int rs1)
    {
        var authority = ReadCapability(rs1);
        var address = authority.Address;
        var cause = !authority.Tag ? CheriCause.TagViolation
            : authority.IsSealed ? CheriCause.SealViolation
            : !authority.HasPermissions(CapabilityPermissions.Load) ? CheriCause.PermitLoadViolation
            : !authority.HasPermissions(CapabilityPermissions.LoadCapability) ? CheriCause.PermitLoadCapabilityViolation
            : !authority.InBounds(address, TagLineBytes) ? CheriCause.LengthViolation
            : CheriCause.None;
        if (cause != CheriCause.None)
        {
            return RaiseCheri(rs1, cause);
        }
        if ((address & (TagLineBytes - 1)) != 0)
        {
            return Raise(TrapCause.LoadAddressMisaligned, address);
        }
        if (!Memory.IsMapped(address, TagLineBytes))
        {
            return Raise(TrapCause.LoadAccessFault, address);
        }
        var tags = 0UL;
        for (var i = 0; i < 4; i++)
        {
            tags |= Memory.GetTag(address + (ulong)(i * CapabilityEncoding.SizeInBytes)) ? 1UL << i : 0;
        }
        return WriteInteger(rd, tags);
    }

    /// <summary>
    /// FLW / FLD through <paramref name="authority"/> (cs1 in capability mode, DDC under LegacyRelocation): the FPU
    /// must be on (illegal instruction), then the authority's checks, then mapping.
    /// </summary>
    private Outcome LoadFloat(DecodedInstruction* d, Capability authority, int authorityIndex, ulong address)
    {
        if (!FloatingPointEnabled)
        {
            return RaiseIllegal(d);
        }
        var size = d->Op is Op.FlwCap or Op.FlwDdc ? 4 : 8;
        var cause = CheckDataAccess(authority, address, size, load: true, store: false);
        if (cause != CheriCause.None)
        {
            return RaiseCheri(authorityIndex, cause);
        }
        var p = Memory.AccessAuthorised(address, size, write: false, out _);
        if (p == null)
        {
            return Raise(TrapCause.LoadAccessFault, address);
        }
        _f[d->Rd] = size == 4 ? BoxSingle(Unsafe.ReadUnaligned<uint>(p)) : Unsafe.ReadUnaligned<ulong>(p);
        MarkFloatingPointDirty();
        return Outcome.Next;
    }

    /// <summary>FSW / FSD through <paramref name="authority"/>: the FPU must be on (illegal instruction), then the authority's checks, then mapping.</summary>
    private Outcome StoreFloat(DecodedInstruction* d, Capability authority, int authorityIndex, ulong address)
    {
        if (!FloatingPointEnabled)
        {
            return RaiseIllegal(d);
        }
        var size = d->Op is Op.FswCap or Op.FswDdc ? 4 : 8;
        var cause = CheckDataAccess(authority, address, size, load: false, store: true);
        if (cause != CheriCause.None)
        {
            return RaiseCheri(authorityIndex, cause);
        }
        return PerformStore(size == 4 ? (uint)_f[d->Rs2] : _f[d->Rs2], address, size);
    }

    /// <summary>
    /// An AMO through <paramref name="authority"/> (cs1 in capability mode, DDC under LegacyRelocation):
    /// AMOSWAP.C, or a word / doubleword AMO whose operation is re-derived from the encoding. The authority must
    /// allow both the load and the store (tag, seal, Permit_Load, Permit_Store, bounds), then natural alignment
    /// (mcause 6), then mapping.
    /// </summary>
    private Outcome Atomic(DecodedInstruction* d, Capability authority, int authorityIndex, ulong address)
    {
        var op = Decoder.Decode(d->Bits).Op;
        if (op == Op.AmoSwapC)
        {
            return SwapCapability(d->Rd, ReadCapability(d->Rs2), authority, authorityIndex, address);
        }
        var size = op <= Op.AmoMaxuW ? 4 : 8;
        var cause = CheckDataAccess(authority, address, size, load: true, store: true);
        if (cause != CheriCause.None)
        {
            return RaiseCheri(authorityIndex, cause);
        }
        if ((address & (ulong)(size - 1)) != 0)
        {
            return Raise(TrapCause.StoreAddressMisaligned, address);
        }
        var p = Memory.AccessAuthorised(address, size, write: true, out _);
        if (p == null)
        {
            return Raise(TrapCause.StoreAccessFault, address);
        }
        var old = size == 4 ? (ulong)(long)AtomicWord(op, (int*)p, (int)GetRegister(d->Rs2)) : AtomicDoubleword(op, (ulong*)p, GetRegister(d->Rs2));
        return WriteInteger(d->Rd, old);
    }

    /// <summary>
    /// Makes ISAv8-style addressing (cheri-riscv.md §1, §4) the rule for integer-mode code: data addresses are
    /// offsets from DDC.address, and the PC software sees (AUIPC, link values, JALR targets, mepc and mtvec) is an
    /// offset from PCC.base (MEPCC.base and MTCC.base for mepc and mtvec). Off by default (ISAv9). Capability-mode
    /// code is never relocated. The hart keeps absolute addresses inside (<see cref="Pc"/>, trap records).
    /// </summary>
    public bool LegacyRelocation
    {
        get => _legacyRelocation;
        set
        {
            _legacyRelocation = value;
            OnPccReplaced(Pcc);
        }
    }

    private bool _legacyRelocation;

    /// <summary>PCC's base: the origin of the PC software sees under <see cref="LegacyRelocation"/>.</summary>
    private ulong PccBase => _pccFetchBounds.Base;

    /// <summary>
    /// JAL with a link register and JALR under LegacyRelocation: the (absolute) target must lie in PCC's bounds
    /// (a length violation on PCC), then be aligned (without C); the link is the next instruction's PCC offset.
    /// </summary>
    private Outcome JumpRelocated(DecodedInstruction* d, ulong target)
    {
        if (!_pccFetchBounds.Contains(target, MinimumInstructionBytes))
        {
            return RaiseCheri(CheriFault.PccIndex, CheriCause.LengthViolation);
        }
        if ((target & _misalignedTargetBits) != 0)
        {
            return Raise(TrapCause.InstructionAddressMisaligned, target);
        }
        SetRegister(d->Rd, _pc + d->Length - PccBase);
        _pc = target;
        return Outcome.Jump;
    }

    /// <summary>
    /// CInvoke cs1, cs2 (the domain switch): both operands tagged, sealed with the same non-reserved object type,
    /// both with Permit_CInvoke, cs1 executable and cs2 not, and cs1's target in its bounds. Then
    /// c31 := cs2 unsealed and PCC := cs1 unsealed; no link register is written.
    /// </summary>
    private Outcome Invoke(int codeIndex, int dataIndex)
    {
        var code = ReadCapability(codeIndex);
        var data = ReadCapability(dataIndex);
        var address = code.Address & ~1UL;
        var (index, cause) =
            !code.Tag ? (codeIndex, CheriCause.TagViolation)
            : !data.Tag ? (dataIndex, CheriCause.TagViolation)
            : code.HasReservedObjectType ? (codeIndex, CheriCause.SealViolation)
            : data.HasReservedObjectType ? (dataIndex, CheriCause.SealViolation)
            : code.ObjectType != data.ObjectType ? (codeIndex, CheriCause.TypeViolation)
            : !code.HasPermissions(CapabilityPermissions.CInvoke) ? (codeIndex, CheriCause.PermitCInvokeViolation)
            : !data.HasPermissions(CapabilityPermissions.CInvoke) ? (dataIndex, CheriCause.PermitCInvokeViolation)
            : !code.HasPermissions(CapabilityPermissions.Execute) ? (codeIndex, CheriCause.PermitExecuteViolation)
            : data.HasPermissions(CapabilityPermissions.Execute) ? (dataIndex, CheriCause.PermitExecuteViolation)
            : (0, CheriCause.None);
        if (cause != CheriCause.None)
        {
            return RaiseCheri(index, cause);
        }
        if ((address & _misalignedTargetBits) != 0)
        {
            return Raise(TrapCause.InstructionAddressMisaligned, address);
        }
        if (!code.InBounds(address, MinimumInstructionBytes))
        {
            return RaiseCheri(codeIndex, CheriCause.LengthViolation);
        }
        SetCapabilityRegister(31, data.UnsealWithoutAuthority());
        Pcc = Capability.FromRaw(address, code.UnsealWithoutAuthority().Metadata, tag: true);
        return Outcome.Jump;
    }

    /// <summary>The bytes of the shortest instruction: a jump target must have this much of PCC's bounds.</summary>
    private ulong MinimumInstructionBytes => _compressedEnabled ? 2UL : 4UL;

    /// <summary>
    /// CSpecialRW cd, scr, cs1: cd := SCR, then SCR := cs1 unless cs1 is c0. Illegal instruction if the SCR does
    /// not exist here (the U and S SCRs need the N extension and S-mode, which this hart lacks), is written while
    /// read-only (PCC), or needs M-mode; then a CHERI Access_System_Registers fault (index 0x20 | scr) if the SCR
    /// needs ASR and PCC lacks it.
    /// </summary>
    private Outcome SpecialReadWrite(DecodedInstruction* d)
    {
        int scr = d->Rs2;
        var writes = d->Rs1 != 0;
        var needsSystemRegisters = scr is >= SpecialCapabilityRegister.Mtcc and <= SpecialCapabilityRegister.Mepcc;
        var exists = scr is SpecialCapabilityRegister.Pcc or SpecialCapabilityRegister.Ddc || needsSystemRegisters;
        if (!exists || (scr == SpecialCapabilityRegister.Pcc && writes) || (needsSystemRegisters && Privilege != PrivilegeMode.Machine))
        {
            return RaiseIllegal(d);
        }
        if (needsSystemRegisters && !PccGrantsSystemRegisters)
        {
            return RaiseCheri(CheriFault.SpecialRegisterIndex(scr), CheriCause.AccessSystemRegistersViolation);
        }
        var value = ReadCapability(d->Rs1);
        var old = scr switch
        {
            SpecialCapabilityRegister.Pcc => Pcc,
            SpecialCapabilityRegister.Ddc => Ddc,
            SpecialCapabilityRegister.Mtcc => Mtcc,
            SpecialCapabilityRegister.Mtdc => Mtdc,
            SpecialCapabilityRegister.MScratchC => MScratchC,
            _ => Mepcc,
        };
        SetCapabilityRegister(d->Rd, old);
        if (writes)
        {
            switch (scr)
            {
                case SpecialCapabilityRegister.Ddc: SetDataCapability(value); break;
                case SpecialCapabilityRegister.Mtcc: SetTrapVectorCapability(value); break;
                case SpecialCapabilityRegister.Mtdc: Mtdc = value; break;
                case SpecialCapabilityRegister.MScratchC: MScratchC = value; break;
                default: SetExceptionPcCapability(value); break;
            }
        }
        return Outcome.Next;
    }

    /// <summary>MTCC := <paramref name="value"/>, its address legalised as mtvec is (a precise CSetAddr if that changes it).</summary>
    private void SetTrapVectorCapability(Capability value)
    {
        var legal = LegalTrapVector(value.Address);
        var stored = legal == value.Address ? value : value.SetAddress(legal);
        _mtvec = stored.Address;
        _mtccMetadata = stored.Metadata;
        _mtccTag = stored.Tag;
    }

    /// <summary>MEPCC := <paramref name="value"/>, its address legalised as mepc is (a precise CSetAddr if that changes it).</summary>
    private void SetExceptionPcCapability(Capability value)
    {
        var legal = value.Address & ~1UL;
        var stored = legal == value.Address ? value : value.SetAddress(legal);
        _mepc = stored.Address;
        _mepccMetadata = stored.Metadata;
        _mepccTag = stored.Tag;
    }

    /// <summary>mtvec's WARL rule: modes 0 (direct) and 1 (vectored) are kept, the reserved modes become direct.</summary>
    private static ulong LegalTrapVector(ulong value) => (value & 3) >= 2 ? value & ~3UL : value & ~2UL;

    /// <summary>
    /// The CSRs the CHERI specification lets code use without PCC's Access_System_Registers permission (the
    /// unprivileged counters and the floating-point CSRs), so hybrid user code can read <c>rdcycle</c> or set the
    /// rounding mode. Every other CSR, and mret, need ASR (the Sail model requires it for all of them).
    /// </summary>
    private static bool IsAccessibleWithoutSystemRegisters(int csr) =>
        csr is Csr.Fflags or Csr.Frm or Csr.Fcsr or (>= Csr.Cycle and <= Csr.HpmCounter31);
}
