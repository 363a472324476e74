using System.Runtime.CompilerServices;
using Cvm.Machine.Execution;
using Cvm.Machine.Memory;

namespace Cvm.Machine;

/// <summary>The pre-decoded interpreter.</summary>
public sealed unsafe partial class Hart
{
    private const ulong NoReservation = ulong.MaxValue;
    private ulong _reservation = NoReservation;

    /// <summary>
    /// Runs until <paramref name="maxInstructions"/> more instructions have retired (exactly; the run can be
    /// resumed by calling again) or the trap handler stops it.
    /// </summary>
    public StopReason Run(ulong maxInstructions)
    {
        var remaining = maxInstructions;
        while (true)
        {
            var exit = _capabilityRegisters == 0
                ? Interpret<IntegerRegistersOnly>(ref remaining)
                : Interpret<CapabilityRegistersPresent>(ref remaining);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private LoopExit Interpret<TTracking>(ref ulong remainingBudget) where TTracking : struct, ICapabilityTracking
    {
        var x = (ulong*)Unsafe.AsPointer(ref _x[0]);
        var f = (ulong*)Unsafe.AsPointer(ref _f[0]);
        var memory = Memory;
        var host = memory.Host;
        var code = _code;
        var remaining = remainingBudget;
        var pc = _pc;
        var pageBase = ~pc; // differs from pc's page, forcing the first lookup
        DecodedInstruction* slots = null;
        var alignmentMask = _compressedEnabled ? 1UL : 3UL;

        // Retired count = retiredBase + (startBudget - remaining); synchronised into _retired whenever
        // something outside this loop can observe it.
        var startBudget = remaining;
        var retiredBase = _retired;

        TrapCause cause;
        ulong trapValue;
        var fault = MemoryFault.None;
        LoopExit exit;

        while (true)
        {
            if (remaining == 0)
            {
                exit = LoopExit.BudgetExhausted;
                break;
            }
            if ((pc ^ pageBase) >= TaggedMemory.PageSize)
            {
                slots = code.SlotsFor(pc);
                if (slots == null)
                {
                    pageBase = ~pc;
                    cause = TrapCause.InstructionAccessFault;
                    trapValue = pc;
                    goto Trap;
                }
                pageBase = pc & ~(ulong)(TaggedMemory.PageSize - 1);
            }

            var d = slots + ((pc & (TaggedMemory.PageSize - 1)) >> 1);
            var next = pc + d->Length;
            ulong a;
            byte* p;

            switch (d->Op)
            {
                case Op.NotDecoded:
                    if (!code.TryDecode(pc, _compressedEnabled, out var decoded, out var fetchFault))
                    {
                        cause = TrapCause.InstructionAccessFault;
                        trapValue = fetchFault;
                        goto Trap;
                    }
                    *d = decoded;
                    continue;
                case Op.Illegal:
                    goto IllegalInstruction;

                case Op.Lui: x[d->Rd] = (ulong)(long)d->Imm; break;
                case Op.Auipc: x[d->Rd] = pc + (ulong)(long)d->Imm; break;
                case Op.LoadImmediate: x[d->Rd] = (ulong)(long)d->Imm; break;
                case Op.Move: x[d->Rd] = x[d->Rs1]; break;
                case Op.Jal:
                    a = pc + (ulong)(long)d->Imm;
                    if ((a & alignmentMask & 2) != 0) goto MisalignedJump;
                    x[d->Rd] = next;
                    next = a;
                    break;
                case Op.Jalr:
                    a = (x[d->Rs1] + (ulong)(long)d->Imm) & ~1UL;
                    if ((a & alignmentMask & 2) != 0) goto MisalignedJump;
                    x[d->Rd] = next;
                    next = a;
                    break;
                case Op.Beq: if (x[d->Rs1] == x[d->Rs2]) goto TakeBranch; break;
                case Op.Bne: if (x[d->Rs1] != x[d->Rs2]) goto TakeBranch; break;
                case Op.Blt: if ((long)x[d->Rs1] < (long)x[d->Rs2]) goto TakeBranch; break;
                case Op.Bge: if ((long)x[d->Rs1] >= (long)x[d->Rs2]) goto TakeBranch; break;
                case Op.Bltu: if (x[d->Rs1] < x[d->Rs2]) goto TakeBranch; break;
                case Op.Bgeu: if (x[d->Rs1] >= x[d->Rs2]) goto TakeBranch; break;

                case Op.Lb:
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    p = a - memory.ReadBase < memory.ReadSpan ? host + a : memory.Access(a, 1, false, out fault);
                    if (p == null) goto LoadFault;
                    x[d->Rd] = (ulong)(sbyte)*p;
                    break;
                case Op.Lh:
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    p = a - memory.ReadBase < memory.ReadSpan ? host + a : memory.Access(a, 2, false, out fault);
                    if (p == null) goto LoadFault;
                    x[d->Rd] = (ulong)Unsafe.ReadUnaligned<short>(p);
                    break;
                case Op.Lw:
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    p = a - memory.ReadBase < memory.ReadSpan ? host + a : memory.Access(a, 4, false, out fault);
                    if (p == null) goto LoadFault;
                    x[d->Rd] = (ulong)Unsafe.ReadUnaligned<int>(p);
                    break;
                case Op.Ld:
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    p = a - memory.ReadBase < memory.ReadSpan ? host + a : memory.Access(a, 8, false, out fault);
                    if (p == null) goto LoadFault;
                    x[d->Rd] = Unsafe.ReadUnaligned<ulong>(p);
                    break;
                case Op.Lbu:
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    p = a - memory.ReadBase < memory.ReadSpan ? host + a : memory.Access(a, 1, false, out fault);
                    if (p == null) goto LoadFault;
                    x[d->Rd] = *p;
                    break;
                case Op.Lhu:
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    p = a - memory.ReadBase < memory.ReadSpan ? host + a : memory.Access(a, 2, false, out fault);
                    if (p == null) goto LoadFault;
                    x[d->Rd] = Unsafe.ReadUnaligned<ushort>(p);
                    break;
                case Op.Lwu:
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    p = a - memory.ReadBase < memory.ReadSpan ? host + a : memory.Access(a, 4, false, out fault);
                    if (p == null) goto LoadFault;
                    x[d->Rd] = Unsafe.ReadUnaligned<uint>(p);
                    break;
                case Op.Sb:
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    if (a - memory.WriteBase < memory.WriteSpan)
                    {
                        *(host + a) = (byte)x[d->Rs2];
                        break;
                    }
                    p = memory.Access(a, 1, true, out fault);
                    if (p == null) goto StoreFault;
                    *p = (byte)x[d->Rs2];
                    goto SlowStoreDone;
                case Op.Sh:
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    if (a - memory.WriteBase < memory.WriteSpan)
                    {
                        Unsafe.WriteUnaligned(host + a, (ushort)x[d->Rs2]);
                        break;
                    }
                    p = memory.Access(a, 2, true, out fault);
                    if (p == null) goto StoreFault;
                    Unsafe.WriteUnaligned(p, (ushort)x[d->Rs2]);
                    goto SlowStoreDone;
                case Op.Sw:
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    if (a - memory.WriteBase < memory.WriteSpan)
                    {
                        Unsafe.WriteUnaligned(host + a, (uint)x[d->Rs2]);
                        break;
                    }
                    p = memory.Access(a, 4, true, out fault);
                    if (p == null) goto StoreFault;
                    Unsafe.WriteUnaligned(p, (uint)x[d->Rs2]);
                    goto SlowStoreDone;
                case Op.Sd:
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    if (a - memory.WriteBase < memory.WriteSpan)
                    {
                        Unsafe.WriteUnaligned(host + a, x[d->Rs2]);
                        break;
                    }
                    p = memory.Access(a, 8, true, out fault);
                    if (p == null) goto StoreFault;
                    Unsafe.WriteUnaligned(p, x[d->Rs2]);
                    goto SlowStoreDone;

                case Op.Addi: x[d->Rd] = x[d->Rs1] + (ulong)(long)d->Imm; break;
                case Op.Slti: x[d->Rd] = (long)x[d->Rs1] < d->Imm ? 1UL : 0UL; break;
                case Op.Sltiu: x[d->Rd] = x[d->Rs1] < (ulong)(long)d->Imm ? 1UL : 0UL; break;
                case Op.Xori: x[d->Rd] = x[d->Rs1] ^ (ulong)(long)d->Imm; break;
                case Op.Ori: x[d->Rd] = x[d->Rs1] | (ulong)(long)d->Imm; break;
                case Op.Andi: x[d->Rd] = x[d->Rs1] & (ulong)(long)d->Imm; break;
                case Op.Slli: x[d->Rd] = x[d->Rs1] << d->Imm; break;
                case Op.Srli: x[d->Rd] = x[d->Rs1] >> d->Imm; break;
                case Op.Srai: x[d->Rd] = (ulong)((long)x[d->Rs1] >> d->Imm); break;
                case Op.Add: x[d->Rd] = x[d->Rs1] + x[d->Rs2]; break;
                case Op.Sub: x[d->Rd] = x[d->Rs1] - x[d->Rs2]; break;
                case Op.Sll: x[d->Rd] = x[d->Rs1] << (int)(x[d->Rs2] & 63); break;
                case Op.Slt: x[d->Rd] = (long)x[d->Rs1] < (long)x[d->Rs2] ? 1UL : 0UL; break;
                case Op.Sltu: x[d->Rd] = x[d->Rs1] < x[d->Rs2] ? 1UL : 0UL; break;
                case Op.Xor: x[d->Rd] = x[d->Rs1] ^ x[d->Rs2]; break;
                case Op.Srl: x[d->Rd] = x[d->Rs1] >> (int)(x[d->Rs2] & 63); break;
                case Op.Sra: x[d->Rd] = (ulong)((long)x[d->Rs1] >> (int)(x[d->Rs2] & 63)); break;
                case Op.Or: x[d->Rd] = x[d->Rs1] | x[d->Rs2]; break;
                case Op.And: x[d->Rd] = x[d->Rs1] & x[d->Rs2]; break;
                case Op.Addiw: x[d->Rd] = (ulong)(long)(int)(x[d->Rs1] + (ulong)(long)d->Imm); break;
                case Op.Slliw: x[d->Rd] = (ulong)(long)(int)((uint)x[d->Rs1] << d->Imm); break;
                case Op.Srliw: x[d->Rd] = (ulong)(long)(int)((uint)x[d->Rs1] >> d->Imm); break;
                case Op.Sraiw: x[d->Rd] = (ulong)(long)((int)x[d->Rs1] >> d->Imm); break;
                case Op.Addw: x[d->Rd] = (ulong)(long)(int)(x[d->Rs1] + x[d->Rs2]); break;
                case Op.Subw: x[d->Rd] = (ulong)(long)(int)(x[d->Rs1] - x[d->Rs2]); break;
                case Op.Sllw: x[d->Rd] = (ulong)(long)(int)((uint)x[d->Rs1] << (int)(x[d->Rs2] & 31)); break;
                case Op.Srlw: x[d->Rd] = (ulong)(long)(int)((uint)x[d->Rs1] >> (int)(x[d->Rs2] & 31)); break;
                case Op.Sraw: x[d->Rd] = (ulong)(long)((int)x[d->Rs1] >> (int)(x[d->Rs2] & 31)); break;

                case Op.Mul: x[d->Rd] = x[d->Rs1] * x[d->Rs2]; break;
                case Op.Mulh: x[d->Rd] = (ulong)Math.BigMul((long)x[d->Rs1], (long)x[d->Rs2], out _); break;
                case Op.Mulhsu: x[d->Rd] = MultiplyHighSignedUnsigned(x[d->Rs1], x[d->Rs2]); break;
                case Op.Mulhu: x[d->Rd] = Math.BigMul(x[d->Rs1], x[d->Rs2], out _); break;
                case Op.Div: x[d->Rd] = Divide((long)x[d->Rs1], (long)x[d->Rs2]); break;
                case Op.Divu: x[d->Rd] = x[d->Rs2] == 0 ? ulong.MaxValue : x[d->Rs1] / x[d->Rs2]; break;
                case Op.Rem: x[d->Rd] = Remainder((long)x[d->Rs1], (long)x[d->Rs2]); break;
                case Op.Remu: x[d->Rd] = x[d->Rs2] == 0 ? x[d->Rs1] : x[d->Rs1] % x[d->Rs2]; break;
                case Op.Mulw: x[d->Rd] = (ulong)(long)(int)((uint)x[d->Rs1] * (uint)x[d->Rs2]); break;
                case Op.Divw: x[d->Rd] = (ulong)(long)(int)Divide((int)x[d->Rs1], (int)x[d->Rs2]); break;
                case Op.Divuw:
                    x[d->Rd] = (uint)x[d->Rs2] == 0 ? ulong.MaxValue : (ulong)(long)(int)((uint)x[d->Rs1] / (uint)x[d->Rs2]);
                    break;
                case Op.Remw: x[d->Rd] = (ulong)(long)(int)Remainder((int)x[d->Rs1], (int)x[d->Rs2]); break;
                case Op.Remuw:
                    x[d->Rd] = (ulong)(long)(int)((uint)x[d->Rs2] == 0 ? (uint)x[d->Rs1] : (uint)x[d->Rs1] % (uint)x[d->Rs2]);
                    break;

                case Op.Fence: break;
                case Op.FenceI: code.InvalidateAll(); break;
                case Op.Ecall:
                    cause = Privilege == PrivilegeMode.User ? TrapCause.EnvironmentCallFromUser : TrapCause.EnvironmentCallFromMachine;
                    trapValue = 0;
                    goto Trap;
                case Op.Ebreak:
                    cause = TrapCause.Breakpoint;
                    trapValue = pc;
                    goto Trap;
                case Op.Mret:
                    if (Privilege != PrivilegeMode.Machine) goto IllegalInstruction;
                    _pc = pc;
                    ReturnFromTrap();
                    next = _pc;
                    alignmentMask = _compressedEnabled ? 1UL : 3UL;
                    break;
                case Op.Wfi:
                    // No interrupt can ever become pending, so waiting ends at once; U-mode may wait only if TW = 0.
                    if (Privilege == PrivilegeMode.User && (_mstatus & MstatusTw) != 0) goto IllegalInstruction;
                    break;

                case Op.Csrrw or Op.Csrrs or Op.Csrrc or Op.Csrrwi or Op.Csrrsi or Op.Csrrci:
                    _pc = pc;
                    _retired = retiredBase + (startBudget - remaining);
                    if (!ExecuteCsr(d, x)) goto IllegalInstruction;
                    retiredBase = _retired - (startBudget - remaining);
                    alignmentMask = _compressedEnabled ? 1UL : 3UL;
                    break;

                case Op.LrW or Op.LrD:
                {
                    var size = d->Op == Op.LrW ? 4 : 8;
                    a = x[d->Rs1];
                    if ((a & (ulong)(size - 1)) != 0)
                    {
                        cause = TrapCause.LoadAddressMisaligned;
                        trapValue = a;
                        goto Trap;
                    }
                    p = memory.Access(a, size, false, out fault);
                    if (p == null) goto LoadFault;
                    x[d->Rd] = size == 4 ? (ulong)*(int*)p : *(ulong*)p;
                    _reservation = a;
                    break;
                }
                case Op.ScW or Op.ScD:
                {
                    var size = d->Op == Op.ScW ? 4 : 8;
                    a = x[d->Rs1];
                    if ((a & (ulong)(size - 1)) != 0)
                    {
                        cause = TrapCause.StoreAddressMisaligned;
                        trapValue = a;
                        goto Trap;
                    }
                    if (_reservation != a)
                    {
                        _reservation = NoReservation;
                        x[d->Rd] = 1;
                        break;
                    }
                    _reservation = NoReservation;
                    p = memory.Access(a, size, true, out fault);
                    if (p == null) goto StoreFault;
                    if (size == 4)
                    {
                        *(uint*)p = (uint)x[d->Rs2];
                    }
                    else
                    {
                        *(ulong*)p = x[d->Rs2];
                    }
                    x[d->Rd] = 0;
                    goto SlowStoreDone;
                }
                case >= Op.AmoSwapW and <= Op.AmoMaxuW:
                    a = x[d->Rs1];
                    if ((a & 3) != 0) goto MisalignedAtomic;
                    if (a - memory.WriteBase < memory.WriteSpan)
                    {
                        x[d->Rd] = (ulong)(long)AtomicWord(d->Op, (int*)(host + a), (int)x[d->Rs2]);
                        break;
                    }
                    p = memory.Access(a, 4, true, out fault);
                    if (p == null) goto StoreFault;
                    x[d->Rd] = (ulong)(long)AtomicWord(d->Op, (int*)p, (int)x[d->Rs2]);
                    goto SlowStoreDone;
                case >= Op.AmoSwapD and <= Op.AmoMaxuD:
                    a = x[d->Rs1];
                    if ((a & 7) != 0) goto MisalignedAtomic;
                    if (a - memory.WriteBase < memory.WriteSpan)
                    {
                        x[d->Rd] = AtomicDoubleword(d->Op, (ulong*)(host + a), x[d->Rs2]);
                        break;
                    }
                    p = memory.Access(a, 8, true, out fault);
                    if (p == null) goto StoreFault;
                    x[d->Rd] = AtomicDoubleword(d->Op, (ulong*)p, x[d->Rs2]);
                    goto SlowStoreDone;

                case Op.Flw:
                    if (!FloatingPointEnabled) goto IllegalInstruction;
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    p = a - memory.ReadBase < memory.ReadSpan ? host + a : memory.Access(a, 4, false, out fault);
                    if (p == null) goto LoadFault;
                    f[d->Rd] = BoxSingle(Unsafe.ReadUnaligned<uint>(p));
                    MarkFloatingPointDirty();
                    break;
                case Op.Fld:
                    if (!FloatingPointEnabled) goto IllegalInstruction;
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    p = a - memory.ReadBase < memory.ReadSpan ? host + a : memory.Access(a, 8, false, out fault);
                    if (p == null) goto LoadFault;
                    f[d->Rd] = Unsafe.ReadUnaligned<ulong>(p);
                    MarkFloatingPointDirty();
                    break;
                case Op.Fsw:
                    if (!FloatingPointEnabled) goto IllegalInstruction;
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    if (a - memory.WriteBase < memory.WriteSpan)
                    {
                        Unsafe.WriteUnaligned(host + a, (uint)f[d->Rs2]);
                        break;
                    }
                    p = memory.Access(a, 4, true, out fault);
                    if (p == null) goto StoreFault;
                    Unsafe.WriteUnaligned(p, (uint)f[d->Rs2]);
                    goto SlowStoreDone;
                case Op.Fsd:
                    if (!FloatingPointEnabled) goto IllegalInstruction;
                    a = x[d->Rs1] + (ulong)(long)d->Imm;
                    if (a - memory.WriteBase < memory.WriteSpan)
                    {
                        Unsafe.WriteUnaligned(host + a, f[d->Rs2]);
                        break;
                    }
                    p = memory.Access(a, 8, true, out fault);
                    if (p == null) goto StoreFault;
                    Unsafe.WriteUnaligned(p, f[d->Rs2]);
                    goto SlowStoreDone;

                default:
                    // The remaining operations are floating-point: bit moves and IEEE arithmetic.
                    if (!FloatingPointEnabled || !ExecuteFloatingPoint(d, x, f)) goto IllegalInstruction;
                    break;
            }

            pc = next;
            remaining--;
            if (TTracking.Enabled)
            {
                _capabilityRegisters &= ~DestinationMask(d->Op, d->Rd);
            }
            continue;

        SlowStoreDone:
            // A store that took the slow path may have hit a host-watched range (such as tohost).
            pc = next;
            remaining--;
            if (TTracking.Enabled)
            {
                _capabilityRegisters &= ~DestinationMask(d->Op, d->Rd);
            }
            if (memory.WatchedWriteHappened)
            {
                goto WatchedWrite;
            }
            continue;

        WatchedWrite:
            memory.WatchedWriteHappened = false;
            _pc = pc;
            _retired = retiredBase + (startBudget - remaining);
            if (TrapHandler is { } watcher && watcher.HandleWatchedWrite(this))
            {
                exit = LoopExit.Stopped;
                break;
            }
            continue;

        TakeBranch:
            a = pc + (ulong)(long)d->Imm;
            if ((a & alignmentMask & 2) != 0) goto MisalignedJump;
            pc = a;
            remaining--;
            continue;

        MisalignedJump:
            // Only reachable without C: the jump does not happen and mtval is its target.
            cause = TrapCause.InstructionAddressMisaligned;
            trapValue = a;
            goto Trap;

        MisalignedAtomic:
            cause = TrapCause.StoreAddressMisaligned;
            trapValue = a;
            goto Trap;

        LoadFault:
            cause = fault == MemoryFault.DataCapabilityBounds ? TrapCause.Cheri : TrapCause.LoadAccessFault;
            trapValue = fault == MemoryFault.DataCapabilityBounds ? Trap.DdcLengthViolation : a;
            goto Trap;

        StoreFault:
            cause = fault == MemoryFault.DataCapabilityBounds ? TrapCause.Cheri : TrapCause.StoreAccessFault;
            trapValue = fault == MemoryFault.DataCapabilityBounds ? Trap.DdcLengthViolation : a;
            goto Trap;

        IllegalInstruction:
            cause = TrapCause.IllegalInstruction;
            trapValue = d->Bits;

        Trap:
            {
                var length = slots != null && (pc ^ pageBase) < TaggedMemory.PageSize ? slots[(pc & (TaggedMemory.PageSize - 1)) >> 1].Length : (byte)0;
                _pc = pc;
                _retired = retiredBase + (startBudget - remaining);
                var disposition = DispatchTrap(new Trap(cause, trapValue, pc));
                if (disposition == TrapDisposition.Complete)
                {
                    _pc = pc + length;
                    remaining--;
                }
                retiredBase = _retired - (startBudget - remaining);
                pc = _pc;
                alignmentMask = _compressedEnabled ? 1UL : 3UL;
                if (disposition == TrapDisposition.Stop)
                {
                    exit = LoopExit.Stopped;
                    break;
                }
                if (!TTracking.Enabled && _capabilityRegisters != 0)
                {
                    exit = LoopExit.CapabilityRegistersChanged;
                    break;
                }
            }
        }

        _pc = pc;
        _retired = retiredBase + (startBudget - remaining);
        remainingBudget = remaining;
        return exit;
    }

    /// <summary>The bit of the integer register an operation writes (for capability tracking), or 0.</summary>
    private static uint DestinationMask(Op op, byte rd)
    {
        var writesFloatRegister = op is Op.Flw or Op.Fld or Op.FmvWX or Op.FmvDX or Op.FsgnjS or Op.FsgnjnS or Op.FsgnjxS
            or Op.FsgnjD or Op.FsgnjnD or Op.FsgnjxD or Op.FcvtSD or Op.FcvtDS
            or (>= Op.FmaddS and <= Op.FmaxS) or (>= Op.FcvtSW and <= Op.FcvtSLu)
            or (>= Op.FmaddD and <= Op.FmaxD) or (>= Op.FcvtDW and <= Op.FcvtDLu);
        return writesFloatRegister || rd >= 32 ? 0 : 1u << rd;
    }

    private static ulong MultiplyHighSignedUnsigned(ulong signed, ulong unsigned)
    {
        var high = Math.BigMul(signed, unsigned, out _);
        return (long)signed < 0 ? high - unsigned : high;
    }

    // Division by zero gives all ones (quotient) or the dividend (remainder); overflow gives the dividend / 0.
    private static ulong Divide(long dividend, long divisor) =>
        divisor == 0 ? ulong.MaxValue : divisor == -1 ? (ulong)unchecked(-dividend) : (ulong)(dividend / divisor);

    private static ulong Remainder(long dividend, long divisor) =>
        divisor == 0 ? (ulong)dividend : divisor == -1 ? 0 : (ulong)(dividend % divisor);

    private static long Divide(int dividend, int divisor) =>
        divisor == 0 ? -1 : divisor == -1 ? unchecked(-dividend) : dividend / divisor;

    private static long Remainder(int dividend, int divisor) =>
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
