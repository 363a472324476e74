using System.Runtime.CompilerServices;
using Cvm.Machine.Execution;
using Cvm.Machine.Memory;

namespace Cvm.Machine;

/// <summary>The pre-decoded interpreter.</summary>
/// <remarks>
/// The loop keeps only the budget and the slot pointers of the next three instructions in locals, so the JIT can
/// hold them in registers; the register file and memory are reached through the hart. Straight-line code never checks for page changes: running off a page
/// lands on a sentinel slot. Control transfers check the target page. The frequent operations live in one dense
/// switch; the rest (CSRs, atomics, floating point, system) run in <see cref="ExecuteUncommon"/>, outside the loop.
/// </remarks>
public sealed unsafe partial class Hart
{
    private const ulong NoReservation = ulong.MaxValue;
    private const ulong PageOffsetMask = TaggedMemory.PageSize - 1;

    private ulong _reservation = NoReservation;

    // The page the interpreter is executing from and its decoded slots.
    private ulong _pageBase = ~0UL;
    private DecodedInstruction* _slots;

    // Retired-instruction accounting inside a loop: retired = _retiredAtLoopStart + (_loopBudget - remaining).
    private ulong _retiredAtLoopStart, _loopBudget;

    // The budget left, carried between interpreter loops of one Run.
    private ulong _remainingBudget;

    // The trap an uncommon operation raised.
    private TrapCause _pendingCause;
    private ulong _pendingValue;

    /// <summary>
    /// Runs until <paramref name="maxInstructions"/> more instructions have retired (exactly; the run can be
    /// resumed by calling again) or the trap handler stops it.
    /// </summary>
    public StopReason Run(ulong maxInstructions)
    {
        _remainingBudget = maxInstructions;
        if (_code.CompileThreshold is not null)
        {
            return RunTiered();
        }
        while (true)
        {
            var exit = _capabilityRegisters == 0
                ? Interpret<IntegerRegistersOnly, RunOn>()
                : Interpret<CapabilityRegistersPresent, RunOn>();
            if (exit != LoopExit.CapabilityRegistersChanged)
            {
                return exit == LoopExit.BudgetExhausted ? StopReason.BudgetExhausted : StopReason.Stopped;
            }
        }
    }

    private enum LoopExit
    {
        BudgetExhausted,
        Stopped,
        CapabilityRegistersChanged,

        /// <summary>A control transfer retired and the loop was asked to stop at transfers (<see cref="IStopAtTransfers"/>).</summary>
        Transferred,
    }

    /// <summary>What an uncommon operation did.</summary>
    private enum Outcome
    {
        /// <summary>Retired; execution continues with the next instruction.</summary>
        Next,

        /// <summary>Retired; execution continues at <see cref="_pc"/>.</summary>
        Jump,

        /// <summary>Raised <see cref="_pendingCause"/> / <see cref="_pendingValue"/>; nothing retired.</summary>
        Trap,
    }

    /// <summary>Selects, at JIT time, whether the loop tracks which registers hold capabilities.</summary>
    private interface ICapabilityTracking
    {
        static abstract bool Enabled { get; }
    }

    private struct IntegerRegistersOnly : ICapabilityTracking
    {
        public static bool Enabled => false;
    }

    private struct CapabilityRegistersPresent : ICapabilityTracking
    {
        public static bool Enabled => true;
    }

    /// <summary>
    /// Selects, at JIT time, whether the loop returns after each taken control transfer (and each trap), so that the
    /// tiered engine can look the target up among its compiled regions.
    /// </summary>
    private interface IStopAtTransfers
    {
        static abstract bool Enabled { get; }
    }

    private struct RunOn : IStopAtTransfers
    {
        public static bool Enabled => false;
    }

    private struct StopAtTransfers : IStopAtTransfers
    {
        public static bool Enabled => true;
    }

    /// <summary>
    /// The integer register file as the interpreter loop indexes it. Read through the hart at each use rather than
    /// held in a local: the loop's callee-saved registers are worth more holding the slot pointers.
    /// </summary>
    private ulong* X => _registerFile;

    private void SyncRetired(ulong remaining) => _retired = _retiredAtLoopStart + (_loopBudget - remaining);

    private void RebaseRetired(ulong remaining) => _retiredAtLoopStart = _retired - (_loopBudget - remaining);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private LoopExit Interpret<TTracking, TTransfers>()
        where TTracking : struct, ICapabilityTracking
        where TTransfers : struct, IStopAtTransfers
    {
        // The loop carries the slot pointer d, not the PC: sequential execution is d += length, which keeps the
        // loop-carried dependency short. The PC is derived from d (PcOf) only where an instruction needs it.
        // Only d, the two slots after it and the budget live in registers; the register file (X) and memory are
        // reached through this so that the JIT has callee-saved registers left for the slot pointers, which carry
        // the loop's dependency (a spilled one puts a store-to-load round trip on it).
        var remaining = _remainingBudget;
        DecodedInstruction* d = null;
        DecodedInstruction* n = null; // the slot of the next instruction in straight-line order
        DecodedInstruction* nn = null; // and of the one after
        ulong pc = _pc;
        ulong a;
        byte* p;
        var fault = MemoryFault.None;
        ulong slowStoreValue;
        LoopExit exit;
        _loopBudget = remaining;
        _retiredAtLoopStart = _retired;
        goto Lookup;

    Loop:
        if (remaining == 0)
        {
            exit = LoopExit.BudgetExhausted;
            pc = PcOf(d);
            goto Exit;
        }
        switch (d->Op)
        {
            case Op.NotDecoded:
                pc = PcOf(d);
                if (!_code.TryDecode(pc, _compressedEnabled, out var decoded, out var fetchFault))
                {
                    SetFetchFault(pc, fetchFault);
                    goto Trap;
                }
                *d = AuthoriseFetch(pc, decoded);
                n = Next(d);
                nn = Next(n);
                goto Loop;
            case Op.Illegal:
                pc = PcOf(d);
                goto IllegalInstruction;
            case Op.PageCrossing:
                pc = PcOf(d);
                goto Lookup;

            case Op.Lui: X[d->Rd] = (ulong)(long)d->Imm; break;
            case Op.Auipc: X[d->Rd] = PcOf(d) + (ulong)(long)d->Imm; break;
            case Op.LoadImmediate: X[d->Rd] = (ulong)(long)d->Imm; break;
            case Op.Move: X[d->Rd] = X[d->Rs1]; break;
            case Op.Jal:
                pc = PcOf(d);
                a = pc + (ulong)(long)d->Imm;
                if ((a & _misalignedTargetBits) != 0) goto MisalignedJump;
                X[d->Rd] = pc + d->Length;
                pc = a;
                goto Jumped;
            case Op.Jalr:
                pc = PcOf(d);
                a = (X[d->Rs1] + (ulong)(long)d->Imm) & ~1UL;
                if ((a & _misalignedTargetBits) != 0) goto MisalignedJump;
                X[d->Rd] = pc + d->Length;
                pc = a;
                goto Jumped;
            case Op.JalrWithinPcc:
                // JALR under a bounded PCC: a target PCC certainly allows jumps here; any other (near or beyond
                // PCC's top, or misaligned) takes the exact check out of line.
                a = (X[d->Rs1] + (ulong)(long)d->Imm) & ~1UL;
                if (a - _pccJumpBase >= _pccJumpSpan || (a & _misalignedTargetBits) != 0) goto default;
                pc = PcOf(d);
                X[d->Rd] = pc + d->Length;
                pc = a;
                goto Jumped;
            // Capability-mode loads and stores (and the explicit .cap forms): the register's capability window and
            // the memory's mapping window, one compare each; anything else takes the exact checks out of line.
            case Op.LdCap:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (!CapabilityAllowsLoad(d->Rs1, a)) goto default;
                X[d->Rd] = Unsafe.ReadUnaligned<ulong>(Memory.Host + a);
                break;
            case Op.LwCap:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (!CapabilityAllowsLoad(d->Rs1, a)) goto default;
                X[d->Rd] = (ulong)Unsafe.ReadUnaligned<int>(Memory.Host + a);
                break;
            case Op.LwuCap:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (!CapabilityAllowsLoad(d->Rs1, a)) goto default;
                X[d->Rd] = Unsafe.ReadUnaligned<uint>(Memory.Host + a);
                break;
            case Op.LbuCap:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (!CapabilityAllowsLoad(d->Rs1, a)) goto default;
                X[d->Rd] = *(Memory.Host + a);
                break;
            case Op.SdCap:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (!CapabilityAllowsStore(d->Rs1, a)) goto default;
                Unsafe.WriteUnaligned(Memory.Host + a, X[d->Rs2]);
                break;
            case Op.SwCap:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (!CapabilityAllowsStore(d->Rs1, a)) goto default;
                Unsafe.WriteUnaligned(Memory.Host + a, (uint)X[d->Rs2]);
                break;
            case Op.SbCap:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (!CapabilityAllowsStore(d->Rs1, a)) goto default;
                Memory.Host[a] = (byte)X[d->Rs2];
                break;

            case Op.CIncOffsetImmediate:
                if (!TryIncrementOffsetInBounds(d)) goto default;
                break;

            case Op.Beq: if (X[d->Rs1] == X[d->Rs2]) goto TakeBranch; break;
            case Op.Bne: if (X[d->Rs1] != X[d->Rs2]) goto TakeBranch; break;
            case Op.Blt: if ((long)X[d->Rs1] < (long)X[d->Rs2]) goto TakeBranch; break;
            case Op.Bge: if ((long)X[d->Rs1] >= (long)X[d->Rs2]) goto TakeBranch; break;
            case Op.Bltu: if (X[d->Rs1] < X[d->Rs2]) goto TakeBranch; break;
            case Op.Bgeu: if (X[d->Rs1] >= X[d->Rs2]) goto TakeBranch; break;

            case Op.Lb:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (a - Memory.ReadBase >= Memory.ReadSpan) goto SlowLoad;
                X[d->Rd] = (ulong)(sbyte)*(Memory.Host + a);
                break;
            case Op.Lh:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (a - Memory.ReadBase >= Memory.ReadSpan) goto SlowLoad;
                X[d->Rd] = (ulong)Unsafe.ReadUnaligned<short>(Memory.Host + a);
                break;
            case Op.Lw:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (a - Memory.ReadBase >= Memory.ReadSpan) goto SlowLoad;
                X[d->Rd] = (ulong)Unsafe.ReadUnaligned<int>(Memory.Host + a);
                break;
            case Op.Ld:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (a - Memory.ReadBase >= Memory.ReadSpan) goto SlowLoad;
                X[d->Rd] = Unsafe.ReadUnaligned<ulong>(Memory.Host + a);
                break;
            case Op.Lbu:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (a - Memory.ReadBase >= Memory.ReadSpan) goto SlowLoad;
                X[d->Rd] = *(Memory.Host + a);
                break;
            case Op.Lhu:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (a - Memory.ReadBase >= Memory.ReadSpan) goto SlowLoad;
                X[d->Rd] = Unsafe.ReadUnaligned<ushort>(Memory.Host + a);
                break;
            case Op.Lwu:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (a - Memory.ReadBase >= Memory.ReadSpan) goto SlowLoad;
                X[d->Rd] = Unsafe.ReadUnaligned<uint>(Memory.Host + a);
                break;
            case Op.Sb:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (a - Memory.WriteBase < Memory.WriteSpan)
                {
                    Memory.Host[a] = (byte)X[d->Rs2];
                    break;
                }
                // The store may overwrite this very slot's page: read what it needs from the slot first.
                slowStoreValue = X[d->Rs2];
                p = Memory.Access(a, 1, true, out fault);
                if (p == null) goto StoreFault;
                *p = (byte)slowStoreValue;
                goto SlowStoreDone;
            case Op.Sh:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (a - Memory.WriteBase < Memory.WriteSpan)
                {
                    Unsafe.WriteUnaligned(Memory.Host + a, (ushort)X[d->Rs2]);
                    break;
                }
                // The store may overwrite this very slot's page: read what it needs from the slot first.
                slowStoreValue = X[d->Rs2];
                p = Memory.Access(a, 2, true, out fault);
                if (p == null) goto StoreFault;
                Unsafe.WriteUnaligned(p, (ushort)slowStoreValue);
                goto SlowStoreDone;
            case Op.Sw:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (a - Memory.WriteBase < Memory.WriteSpan)
                {
                    Unsafe.WriteUnaligned(Memory.Host + a, (uint)X[d->Rs2]);
                    break;
                }
                // The store may overwrite this very slot's page: read what it needs from the slot first.
                slowStoreValue = X[d->Rs2];
                p = Memory.Access(a, 4, true, out fault);
                if (p == null) goto StoreFault;
                Unsafe.WriteUnaligned(p, (uint)slowStoreValue);
                goto SlowStoreDone;
            case Op.Sd:
                a = X[d->Rs1] + (ulong)(long)d->Imm;
                if (a - Memory.WriteBase < Memory.WriteSpan)
                {
                    Unsafe.WriteUnaligned(Memory.Host + a, X[d->Rs2]);
                    break;
                }
                // The store may overwrite this very slot's page: read what it needs from the slot first.
                slowStoreValue = X[d->Rs2];
                p = Memory.Access(a, 8, true, out fault);
                if (p == null) goto StoreFault;
                Unsafe.WriteUnaligned(p, slowStoreValue);
                goto SlowStoreDone;

            case Op.Addi: X[d->Rd] = X[d->Rs1] + (ulong)(long)d->Imm; break;
            case Op.Slti: X[d->Rd] = (long)X[d->Rs1] < d->Imm ? 1UL : 0UL; break;
            case Op.Sltiu: X[d->Rd] = X[d->Rs1] < (ulong)(long)d->Imm ? 1UL : 0UL; break;
            case Op.Xori: X[d->Rd] = X[d->Rs1] ^ (ulong)(long)d->Imm; break;
            case Op.Ori: X[d->Rd] = X[d->Rs1] | (ulong)(long)d->Imm; break;
            case Op.Andi: X[d->Rd] = X[d->Rs1] & (ulong)(long)d->Imm; break;
            case Op.Slli: X[d->Rd] = X[d->Rs1] << d->Imm; break;
            case Op.Srli: X[d->Rd] = X[d->Rs1] >> d->Imm; break;
            case Op.Srai: X[d->Rd] = (ulong)((long)X[d->Rs1] >> d->Imm); break;
            case Op.Add: X[d->Rd] = X[d->Rs1] + X[d->Rs2]; break;
            case Op.Sub: X[d->Rd] = X[d->Rs1] - X[d->Rs2]; break;
            case Op.Sll: X[d->Rd] = X[d->Rs1] << (int)(X[d->Rs2] & 63); break;
            case Op.Slt: X[d->Rd] = (long)X[d->Rs1] < (long)X[d->Rs2] ? 1UL : 0UL; break;
            case Op.Sltu: X[d->Rd] = X[d->Rs1] < X[d->Rs2] ? 1UL : 0UL; break;
            case Op.Xor: X[d->Rd] = X[d->Rs1] ^ X[d->Rs2]; break;
            case Op.Srl: X[d->Rd] = X[d->Rs1] >> (int)(X[d->Rs2] & 63); break;
            case Op.Sra: X[d->Rd] = (ulong)((long)X[d->Rs1] >> (int)(X[d->Rs2] & 63)); break;
            case Op.Or: X[d->Rd] = X[d->Rs1] | X[d->Rs2]; break;
            case Op.And: X[d->Rd] = X[d->Rs1] & X[d->Rs2]; break;
            case Op.Addiw: X[d->Rd] = (ulong)(long)(int)(X[d->Rs1] + (ulong)(long)d->Imm); break;
            case Op.Slliw: X[d->Rd] = (ulong)(long)(int)((uint)X[d->Rs1] << d->Imm); break;
            case Op.Srliw: X[d->Rd] = (ulong)(long)(int)((uint)X[d->Rs1] >> d->Imm); break;
            case Op.Sraiw: X[d->Rd] = (ulong)(long)((int)X[d->Rs1] >> d->Imm); break;
            case Op.Addw: X[d->Rd] = (ulong)(long)(int)(X[d->Rs1] + X[d->Rs2]); break;
            case Op.Subw: X[d->Rd] = (ulong)(long)(int)(X[d->Rs1] - X[d->Rs2]); break;
            case Op.Sllw: X[d->Rd] = (ulong)(long)(int)((uint)X[d->Rs1] << (int)(X[d->Rs2] & 31)); break;
            case Op.Srlw: X[d->Rd] = (ulong)(long)(int)((uint)X[d->Rs1] >> (int)(X[d->Rs2] & 31)); break;
            case Op.Sraw: X[d->Rd] = (ulong)(long)((int)X[d->Rs1] >> (int)(X[d->Rs2] & 31)); break;
            case Op.Mul: X[d->Rd] = X[d->Rs1] * X[d->Rs2]; break;
            case Op.Mulw: X[d->Rd] = (ulong)(long)(int)((uint)X[d->Rs1] * (uint)X[d->Rs2]); break;
            case Op.Mulh: X[d->Rd] = (ulong)Math.BigMul((long)X[d->Rs1], (long)X[d->Rs2], out _); break;
            case Op.Mulhsu: X[d->Rd] = MultiplyHighSignedUnsigned(X[d->Rs1], X[d->Rs2]); break;
            case Op.Mulhu: X[d->Rd] = Math.BigMul(X[d->Rs1], X[d->Rs2], out _); break;
            case Op.Div: X[d->Rd] = Divide((long)X[d->Rs1], (long)X[d->Rs2]); break;
            case Op.Divu: X[d->Rd] = X[d->Rs2] == 0 ? ulong.MaxValue : X[d->Rs1] / X[d->Rs2]; break;
            case Op.Rem: X[d->Rd] = Remainder((long)X[d->Rs1], (long)X[d->Rs2]); break;
            case Op.Remu: X[d->Rd] = X[d->Rs2] == 0 ? X[d->Rs1] : X[d->Rs1] % X[d->Rs2]; break;
            case Op.Divw: X[d->Rd] = (ulong)(long)(int)Divide((int)X[d->Rs1], (int)X[d->Rs2]); break;
            case Op.Divuw:
                X[d->Rd] = (uint)X[d->Rs2] == 0 ? ulong.MaxValue : (ulong)(long)(int)((uint)X[d->Rs1] / (uint)X[d->Rs2]);
                break;
            case Op.Remw: X[d->Rd] = (ulong)(long)(int)Remainder((int)X[d->Rs1], (int)X[d->Rs2]); break;
            case Op.Remuw:
                X[d->Rd] = (ulong)(long)(int)((uint)X[d->Rs2] == 0 ? (uint)X[d->Rs1] : (uint)X[d->Rs1] % (uint)X[d->Rs2]);
                break;

            default:
            {
                // An uncommon operation may store over its own page and wipe its slot: read what the tail needs first.
                pc = PcOf(d);
                var length = d->Length;
                var destination = TTracking.Enabled ? DestinationMask(d->Op, d->Rd) : 0;
                _pc = pc;
                SyncRetired(remaining);
                switch (ExecuteUncommon(d, X))
                {
                    case Outcome.Next:
                        RebaseRetired(remaining);
                        _capabilityRegisters &= ~destination;
                        // The slot after may have been wiped by a store; its own length is the safe way on.
                        d = n;
                        n = Next(d);
                        nn = Next(n);
                        remaining--;
                        if (Memory.WatchedWriteHappened)
                        {
                            pc += length;
                            goto WatchedWrite;
                        }
                        if (!TTracking.Enabled && _capabilityRegisters != 0)
                        {
                            pc += length;
                            exit = LoopExit.CapabilityRegistersChanged;
                            goto Exit;
                        }
                        goto Loop;
                    case Outcome.Jump:
                        RebaseRetired(remaining);
                        _capabilityRegisters &= ~destination;
                        pc = _pc;
                        remaining--;
                        if (!TTracking.Enabled && _capabilityRegisters != 0)
                        {
                            exit = LoopExit.CapabilityRegistersChanged;
                            goto Exit;
                        }
                        if (TTransfers.Enabled)
                        {
                            exit = LoopExit.Transferred;
                            goto Exit;
                        }
                        if (pc - _pageBase < TaggedMemory.PageSize)
                        {
                            d = (DecodedInstruction*)((byte*)_slots + ((pc - _pageBase) << 3));
                            n = Next(d);
                            nn = Next(n);
                            goto Loop;
                        }
                        goto Lookup;
                    default:
                        goto Trap;
                }
            }
        }
    Retire:
        if (TTracking.Enabled)
        {
            // Store only when a capability is actually overwritten: an unconditional read-modify-write would chain
            // every instruction to the previous one through memory.
            var written = DestinationMask(d->Op, d->Rd);
            if ((_capabilityRegisters & written) != 0)
            {
                _capabilityRegisters &= ~written;
            }
        }
        {
            var third = (DecodedInstruction*)((byte*)d + ((nuint)d->AdvanceThree << 3));
            d = n;
            n = nn;
            nn = third;
        }
        remaining--;
        goto Loop;

    TakeBranch:
        {
            // A target on the same page is just another slot of it: no PC arithmetic. (Without C, code is 4-byte
            // aligned, so the target is misaligned exactly when the offset is.)
            var target = (DecodedInstruction*)((byte*)d + ((nint)d->Imm << 3));
            if ((nuint)((byte*)target - (byte*)_slots) < DecodedCodeCache.SlotsPerPage * (nuint)sizeof(DecodedInstruction)
                && ((ulong)(long)d->Imm & _misalignedTargetBits) == 0)
            {
                if (TTracking.Enabled)
                {
                    _capabilityRegisters &= ~DestinationMask(d->Op, d->Rd);
                }
                d = target;
                n = Next(d);
                nn = Next(n);
                remaining--;
                if (TTransfers.Enabled)
                {
                    pc = PcOf(d);
                    exit = LoopExit.Transferred;
                    goto Exit;
                }
                goto Loop;
            }
        }
        pc = PcOf(d);
        a = pc + (ulong)(long)d->Imm;
        if ((a & _misalignedTargetBits) != 0) goto MisalignedJump;
        pc = a;

    Jumped:
        if (TTracking.Enabled)
        {
            _capabilityRegisters &= ~DestinationMask(d->Op, d->Rd);
        }
        remaining--;
        if (TTransfers.Enabled)
        {
            exit = LoopExit.Transferred;
            goto Exit;
        }
        if (pc - _pageBase < TaggedMemory.PageSize)
        {
            d = (DecodedInstruction*)((byte*)_slots + ((pc - _pageBase) << 3));
            n = Next(d);
            nn = Next(n);
            goto Loop;
        }

    Lookup:
        _slots = _code.SlotsFor(pc);
        if (_slots == null)
        {
            _pageBase = ~0UL;
            SetFetchFault(pc, pc);
            goto Trap;
        }
        _pageBase = pc & ~PageOffsetMask;
        d = (DecodedInstruction*)((byte*)_slots + ((pc - _pageBase) << 3));
        n = Next(d);
        nn = Next(n);
        goto Loop;

    SlowLoad:
        // Outside the read window: the full check (DDC, mapping) in its fixed order, then the same load.
        p = Memory.Access(a, LoadSize(d->Op), false, out fault);
        if (p == null) goto LoadFault;
        X[d->Rd] = d->Op switch
        {
            Op.Lb => (ulong)(sbyte)*p,
            Op.Lh => (ulong)Unsafe.ReadUnaligned<short>(p),
            Op.Lw => (ulong)Unsafe.ReadUnaligned<int>(p),
            Op.Ld => Unsafe.ReadUnaligned<ulong>(p),
            Op.Lbu => *p,
            Op.Lhu => Unsafe.ReadUnaligned<ushort>(p),
            _ => Unsafe.ReadUnaligned<uint>(p),
        };
        goto Retire;

    SlowStoreDone:
        // A store that took the slow path may have hit a host-watched range (such as tohost).
        // The store may have wiped the slots of its page: the next slot's own length is the safe way on.
        d = n;
        n = Next(d);
        nn = Next(n);
        remaining--;
        if (!Memory.WatchedWriteHappened)
        {
            goto Loop;
        }
        pc = PcOf(d);

    WatchedWrite:
        Memory.WatchedWriteHappened = false;
        _pc = pc;
        SyncRetired(remaining);
        if (TrapHandler is { } watcher && watcher.HandleWatchedWrite(this))
        {
            exit = LoopExit.Stopped;
            goto Exit;
        }
        RebaseRetired(remaining);
        pc = _pc;
        if (!TTracking.Enabled && _capabilityRegisters != 0)
        {
            exit = LoopExit.CapabilityRegistersChanged;
            goto Exit;
        }
        goto Lookup;

    MisalignedJump:
        // Only reachable without C: the jump does not happen and mtval is its target.
        pc = PcOf(d);
        _pendingCause = TrapCause.InstructionAddressMisaligned;
        _pendingValue = a;
        goto Trap;

    LoadFault:
        pc = PcOf(d);
        _pendingCause = fault == MemoryFault.DataCapabilityBounds ? TrapCause.Cheri : TrapCause.LoadAccessFault;
        _pendingValue = fault == MemoryFault.DataCapabilityBounds ? DataCapabilityFault(load: true, store: false) : a;
        goto Trap;

    StoreFault:
        pc = PcOf(d);
        _pendingCause = fault == MemoryFault.DataCapabilityBounds ? TrapCause.Cheri : TrapCause.StoreAccessFault;
        _pendingValue = fault == MemoryFault.DataCapabilityBounds ? DataCapabilityFault(load: false, store: true) : a;
        goto Trap;

    IllegalInstruction:
        _pendingCause = TrapCause.IllegalInstruction;
        _pendingValue = d->Bits;

    Trap:
        {
            // pc is the trapping instruction's. A fetch fault has no decoded instruction; nothing can complete it.
            var length = _pendingCause is TrapCause.InstructionAccessFault || _slots == null ? (byte)0 : d->Length;
            _pc = pc;
            SyncRetired(remaining);
            var disposition = DispatchTrap(new Trap(_pendingCause, _pendingValue, pc));
            if (disposition == TrapDisposition.Complete)
            {
                // Emulated by the host, but architecturally it trapped, so it does not retire (minstret).
                _pc = pc + length;
            }
            RebaseRetired(remaining);
            pc = _pc;
            if (disposition == TrapDisposition.Stop)
            {
                exit = LoopExit.Stopped;
                goto Exit;
            }
            if (!TTracking.Enabled && _capabilityRegisters != 0)
            {
                exit = LoopExit.CapabilityRegistersChanged;
                goto Exit;
            }
            if (TTransfers.Enabled)
            {
                exit = LoopExit.Transferred;
                goto Exit;
            }
            goto Lookup;
        }

    Exit:
        _pc = pc;
        SyncRetired(remaining);
        _remainingBudget = remaining;
        return exit;
    }

    /// <summary>
    /// Whether capability register <paramref name="rs1"/> certainly lets 8 bytes at <paramref name="address"/> be
    /// loaded, and they lie in the memory's (in capability mode: mapping-only) read window.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CapabilityAllowsLoad(byte rs1, ulong address) =>
        ((_capabilityRegisters >> rs1) & 1) != 0
        && address - _windows[rs1].Base < _windows[rs1].LoadSpan
        && address - Memory.ReadBase < Memory.ReadSpan;

    /// <summary>As <see cref="CapabilityAllowsLoad"/>, for a store (the write window also excludes code, tags and watched pages).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CapabilityAllowsStore(byte rs1, ulong address) =>
        ((_capabilityRegisters >> rs1) & 1) != 0
        && address - _windows[rs1].Base < _windows[rs1].StoreSpan
        && address - Memory.WriteBase < Memory.WriteSpan;

    /// <summary>
    /// CIncOffsetImm whose result stays within cs1's bounds (so representable, with cs1's metadata and tag):
    /// cd := cs1 with the new address. False, having done nothing, for anything else (untagged or sealed cs1,
    /// a result out of bounds), which takes the exact out-of-line path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryIncrementOffsetInBounds(DecodedInstruction* d)
    {
        int rs1 = d->Rs1, rd = d->Rd;
        var address = _registerFile[rs1] + (ulong)(long)d->Imm;
        if (((_capabilityRegisters >> rs1) & 1) == 0 || address - _windows[rs1].Base >= _windows[rs1].InBoundsSpan)
        {
            return false;
        }
        if (rd != 0)
        {
            _registerFile[rd] = address;
            if (rd != rs1)
            {
                _xMetadata[rd] = _xMetadata[rs1];
                _windows[rd] = _windows[rs1];
                _capabilityRegisters |= 1u << rd;
                _taggedRegisters |= 1u << rd;
            }
        }
        return true;
    }

    /// <summary>The access size in bytes of integer load <paramref name="load"/>.</summary>
    private static int LoadSize(Op load) => load switch
    {
        Op.Lb or Op.Lbu => 1,
        Op.Lh or Op.Lhu => 2,
        Op.Lw or Op.Lwu => 4,
        _ => 8,
    };

    /// <summary>The slot after <paramref name="d"/> in straight-line order (itself while <paramref name="d"/> is undecoded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DecodedInstruction* Next(DecodedInstruction* d) => (DecodedInstruction*)((byte*)d + ((nuint)d->Length << 3));

    /// <summary>The address of the instruction in slot <paramref name="d"/> of the current page.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong PcOf(DecodedInstruction* d) => _pageBase + (ulong)(((byte*)d - (byte*)_slots) >> 3);

    /// <summary>
    /// The operations that are rare in hot code: atomics, Zicsr, system instructions and all of F and D.
    /// </summary>
    private Outcome ExecuteUncommon(DecodedInstruction* slot, ulong* x)
    {
        // Work on a copy: a store below may overwrite this instruction's page and wipe its slot.
        var instruction = *slot;
        var d = &instruction;
        var memory = Memory;
        ulong a;
        byte* p;
        var fault = MemoryFault.None;
        switch (d->Op)
        {
            case Op.Fence: return Outcome.Next;
            case Op.FenceI: _code.InvalidateAll(); return Outcome.Next;
            case Op.Ecall:
                return Raise(Privilege == PrivilegeMode.User ? TrapCause.EnvironmentCallFromUser : TrapCause.EnvironmentCallFromMachine, 0);
            case Op.Ebreak: return Raise(TrapCause.Breakpoint, _pc);
            case Op.Mret:
                if (Privilege != PrivilegeMode.Machine)
                {
                    return RaiseIllegal(d);
                }
                if (!PccGrantsSystemRegisters)
                {
                    return RaiseCheri(CheriFault.PccIndex, CheriCause.AccessSystemRegistersViolation);
                }
                ReturnFromTrap();
                return Outcome.Jump;
            case Op.Wfi:
                // No interrupt can ever become pending, so waiting ends at once; U-mode may wait only if TW = 0.
                return Privilege == PrivilegeMode.User && (_mstatus & MstatusTw) != 0 ? RaiseIllegal(d) : Outcome.Next;

            case Op.Csrrw or Op.Csrrs or Op.Csrrc or Op.Csrrwi or Op.Csrrsi or Op.Csrrci:
                return ExecuteCsr(d, x);

            case Op.LrW or Op.LrD:
            {
                var size = d->Op == Op.LrW ? 4 : 8;
                a = x[d->Rs1];
                if (DataCapabilityRefuses(a, size, load: true, store: false))
                {
                    return RaiseAccessFault(MemoryFault.DataCapabilityBounds, a, TrapCause.LoadAccessFault);
                }
                if ((a & (ulong)(size - 1)) != 0)
                {
                    return Raise(TrapCause.LoadAddressMisaligned, a);
                }
                p = memory.Access(a, size, false, out fault);
                if (p == null)
                {
                    return RaiseAccessFault(fault, a, TrapCause.LoadAccessFault);
                }
                x[d->Rd] = size == 4 ? (ulong)*(int*)p : *(ulong*)p;
                _reservation = a;
                return Outcome.Next;
            }
            case Op.ScW or Op.ScD:
            {
                var size = d->Op == Op.ScW ? 4 : 8;
                a = x[d->Rs1];
                if (DataCapabilityRefuses(a, size, load: false, store: true))
                {
                    return RaiseAccessFault(MemoryFault.DataCapabilityBounds, a, TrapCause.StoreAccessFault);
                }
                if ((a & (ulong)(size - 1)) != 0)
                {
                    return Raise(TrapCause.StoreAddressMisaligned, a);
                }
                var reserved = _reservation == a;
                _reservation = NoReservation;
                if (!reserved)
                {
                    x[d->Rd] = 1;
                    return Outcome.Next;
                }
                p = memory.Access(a, size, true, out fault);
                if (p == null)
                {
                    return RaiseAccessFault(fault, a, TrapCause.StoreAccessFault);
                }
                if (size == 4)
                {
                    *(uint*)p = (uint)x[d->Rs2];
                }
                else
                {
                    *(ulong*)p = x[d->Rs2];
                }
                x[d->Rd] = 0;
                return Outcome.Next;
            }
            case Op.AmoSwapW or Op.AmoAddW or Op.AmoXorW or Op.AmoAndW or Op.AmoOrW
                or Op.AmoMinW or Op.AmoMaxW or Op.AmoMinuW or Op.AmoMaxuW:
                a = x[d->Rs1];
                if (DataCapabilityRefuses(a, 4, load: true, store: true))
                {
                    return RaiseAccessFault(MemoryFault.DataCapabilityBounds, a, TrapCause.StoreAccessFault, readModifyWrite: true);
                }
                if ((a & 3) != 0)
                {
                    return Raise(TrapCause.StoreAddressMisaligned, a);
                }
                // An AMO both loads and stores: the DDC must allow both.
                fault = memory.CheckGuestAccess(a, 4, write: false);
                p = fault == MemoryFault.DataCapabilityBounds ? null : memory.Access(a, 4, true, out fault);
                if (p == null)
                {
                    return RaiseAccessFault(fault, a, TrapCause.StoreAccessFault, readModifyWrite: true);
                }
                x[d->Rd] = (ulong)(long)AtomicWord(d->Op, (int*)p, (int)x[d->Rs2]);
                return Outcome.Next;
            case Op.AmoSwapD or Op.AmoAddD or Op.AmoXorD or Op.AmoAndD or Op.AmoOrD
                or Op.AmoMinD or Op.AmoMaxD or Op.AmoMinuD or Op.AmoMaxuD:
                a = x[d->Rs1];
                if (DataCapabilityRefuses(a, 8, load: true, store: true))
                {
                    return RaiseAccessFault(MemoryFault.DataCapabilityBounds, a, TrapCause.StoreAccessFault, readModifyWrite: true);
                }
                if ((a & 7) != 0)
                {
                    return Raise(TrapCause.StoreAddressMisaligned, a);
                }
                // An AMO both loads and stores: the DDC must allow both.
                fault = memory.CheckGuestAccess(a, 8, write: false);
                p = fault == MemoryFault.DataCapabilityBounds ? null : memory.Access(a, 8, true, out fault);
                if (p == null)
                {
                    return RaiseAccessFault(fault, a, TrapCause.StoreAccessFault, readModifyWrite: true);
                }
                x[d->Rd] = AtomicDoubleword(d->Op, (ulong*)p, x[d->Rs2]);
                return Outcome.Next;
        }

        if (d->Op >= Op.CGetPerm)
        {
            return ExecuteCheri(d);
        }

        // Everything left is F or D, which needs the FPU switched on (mstatus.FS).
        if (!FloatingPointEnabled)
        {
            return RaiseIllegal(d);
        }
        var f = (ulong*)Unsafe.AsPointer(ref _f[0]);
        switch (d->Op)
        {
            case Op.Flw or Op.Fld:
            {
                var size = d->Op == Op.Flw ? 4 : 8;
                a = x[d->Rs1] + (ulong)(long)d->Imm;
                p = a - memory.ReadBase < memory.ReadSpan ? memory.Host + a : memory.Access(a, size, false, out fault);
                if (p == null)
                {
                    return RaiseAccessFault(fault, a, TrapCause.LoadAccessFault);
                }
                f[d->Rd] = size == 4 ? BoxSingle(Unsafe.ReadUnaligned<uint>(p)) : Unsafe.ReadUnaligned<ulong>(p);
                MarkFloatingPointDirty();
                return Outcome.Next;
            }
            case Op.Fsw or Op.Fsd:
            {
                var size = d->Op == Op.Fsw ? 4 : 8;
                a = x[d->Rs1] + (ulong)(long)d->Imm;
                p = a - memory.WriteBase < memory.WriteSpan ? memory.Host + a : memory.Access(a, size, true, out fault);
                if (p == null)
                {
                    return RaiseAccessFault(fault, a, TrapCause.StoreAccessFault);
                }
                if (size == 4)
                {
                    Unsafe.WriteUnaligned(p, (uint)f[d->Rs2]);
                }
                else
                {
                    Unsafe.WriteUnaligned(p, f[d->Rs2]);
                }
                return Outcome.Next;
            }
            default:
                return ExecuteFloatingPoint(d, x, f) ? Outcome.Next : RaiseIllegal(d);
        }
    }

    private Outcome Raise(TrapCause cause, ulong value)
    {
        _pendingCause = cause;
        _pendingValue = value;
        return Outcome.Trap;
    }

    private Outcome RaiseIllegal(DecodedInstruction* d) => Raise(TrapCause.IllegalInstruction, d->Bits);

    private Outcome RaiseAccessFault(MemoryFault fault, ulong address, TrapCause accessFault, bool readModifyWrite = false) =>
        fault == MemoryFault.DataCapabilityBounds
            ? Raise(TrapCause.Cheri, DataCapabilityFault(load: accessFault == TrapCause.LoadAccessFault || readModifyWrite,
                store: accessFault == TrapCause.StoreAccessFault))
            : Raise(accessFault, address);

    /// <summary>The bit of the integer register an operation writes (for capability tracking), or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint DestinationMask(Op op, byte rd) => rd >= 32 ? 0 : (uint)WritesIntegerRegister[(int)op] << rd;

    /// <summary>
    /// Per operation, 1 if it writes integer register rd directly (so the register becomes NULL-derived), else 0:
    /// a table, because the tracking loop asks after every instruction.
    /// </summary>
    private static readonly byte[] WritesIntegerRegister = Enum.GetValues<Op>()
        .Select(op => (byte)(WritesIntegerDestination(op) ? 1 : 0))
        .ToArray();

    private static bool WritesIntegerDestination(Op op)
    {
        var writesFloatRegister = op is Op.Flw or Op.Fld or Op.FmvWX or Op.FmvDX or Op.FsgnjS or Op.FsgnjnS or Op.FsgnjxS
            or Op.FsgnjD or Op.FsgnjnD or Op.FsgnjxD or Op.FcvtSD or Op.FcvtDS
            or (>= Op.FmaddS and <= Op.FmaxS) or (>= Op.FcvtSW and <= Op.FcvtSLu)
            or (>= Op.FmaddD and <= Op.FmaxD) or (>= Op.FcvtDW and <= Op.FcvtDLu);
        var writesNoRegister = op is Op.Sb or Op.Sh or Op.Sw or Op.Sd or Op.Fsw or Op.Fsd
            or Op.Beq or Op.Bne or Op.Blt or Op.Bge or Op.Bltu or Op.Bgeu;
        // Xcheri operations write through the capability-aware register accessors, which track registers themselves;
        // JalrWithinPcc (an integer JALR) and the integer .cap loads have fast paths in the loop that write rd.
        var tracksItself = op >= Op.CGetPerm && op != Op.JalrWithinPcc && !Decoder.IsIntegerCapabilityLoad(op);
        return !(writesFloatRegister || writesNoRegister || tracksItself);
    }

    internal static ulong MultiplyHighSignedUnsigned(ulong signed, ulong unsigned)
    {
        var high = Math.BigMul(signed, unsigned, out _);
        return (long)signed < 0 ? high - unsigned : high;
    }

    // Division by zero gives all ones (quotient) or the dividend (remainder); overflow gives the dividend / 0.
    internal static ulong Divide(long dividend, long divisor) =>
        divisor == 0 ? ulong.MaxValue : divisor == -1 ? (ulong)unchecked(-dividend) : (ulong)(dividend / divisor);

    internal static ulong Remainder(long dividend, long divisor) =>
        divisor == 0 ? (ulong)dividend : divisor == -1 ? 0 : (ulong)(dividend % divisor);

    internal static long Divide(int dividend, int divisor) =>
        divisor == 0 ? -1 : divisor == -1 ? unchecked(-dividend) : dividend / divisor;

    internal static long Remainder(int dividend, int divisor) =>
        divisor == 0 ? dividend : divisor == -1 ? 0 : dividend % divisor;

    /// <summary>A 32-bit AMO: stores the combination, returns the old value.</summary>
    private static int AtomicWord(Op op, int* target, int operand)
    {
        var old = *target;
        *target = op switch
        {
            Op.AmoSwapW => operand,
            Op.AmoAddW => unchecked(old + operand),
            Op.AmoXorW => old ^ operand,
            Op.AmoAndW => old & operand,
            Op.AmoOrW => old | operand,
            Op.AmoMinW => Math.Min(old, operand),
            Op.AmoMaxW => Math.Max(old, operand),
            Op.AmoMinuW => (int)Math.Min((uint)old, (uint)operand),
            _ => (int)Math.Max((uint)old, (uint)operand),
        };
        return old;
    }

    /// <summary>A 64-bit AMO: stores the combination, returns the old value.</summary>
    private static ulong AtomicDoubleword(Op op, ulong* target, ulong operand)
    {
        var old = *target;
        *target = op switch
        {
            Op.AmoSwapD => operand,
            Op.AmoAddD => old + operand,
            Op.AmoXorD => old ^ operand,
            Op.AmoAndD => old & operand,
            Op.AmoOrD => old | operand,
            Op.AmoMinD => (ulong)Math.Min((long)old, (long)operand),
            Op.AmoMaxD => (ulong)Math.Max((long)old, (long)operand),
            Op.AmoMinuD => Math.Min(old, operand),
            _ => Math.Max(old, operand),
        };
        return old;
    }
}
