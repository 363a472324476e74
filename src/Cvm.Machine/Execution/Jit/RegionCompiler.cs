using System.Reflection;
using System.Reflection.Emit;
using Cvm.Machine.Memory;

namespace Cvm.Machine.Execution.Jit;

/// <summary>
/// Translates a <see cref="RegionCode"/> to CIL in one <see cref="DynamicMethod"/>, which RyuJIT compiles to native
/// code.
/// </summary>
/// <remarks>
/// <para>The guest registers the region uses live in IL locals: loaded at entry, stored back at every exit (one
/// shared epilogue). Each block start charges its block's instruction count against the budget after checking
/// that the whole block fits; a block that does not fit leaves for the interpreter, which stops at exactly the
/// budget. An exit in the middle of a block gives back the instructions that did not retire.</para>
/// <para>Nothing here traps. Loads and stores use the memory's windows (the same one compare as the interpreter,
/// DDC folded in); an access outside its window leaves the region for the interpreter at that instruction, which
/// performs the access through the slow path (recentring the window) or raises the precise trap. So stores that
/// would tag-clear, invalidate code or hit host watches never happen in compiled code, and a region never runs on
/// after its own code changed. Likewise a JALR whose target is
/// misaligned or leaves PCC is left to the interpreter.</para>
/// <para>Branches and JAL to instructions of the region are IL branches; JALR compares its target with the
/// region's return sites (the calls' return addresses) and indirect targets and otherwise leaves with the target as
/// the next PC.</para>
/// </remarks>
internal sealed unsafe class RegionCompiler
{
    /// <summary>A JALR compares its target with at most this many return sites and indirect targets before leaving the region.</summary>
    private const int MaxReturnSiteCompares = 24;

    private static readonly FieldInfo ReadBaseField = typeof(TaggedMemory).GetField(nameof(TaggedMemory.ReadBase), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly FieldInfo ReadSpanField = typeof(TaggedMemory).GetField(nameof(TaggedMemory.ReadSpan), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly FieldInfo WriteBaseField = typeof(TaggedMemory).GetField(nameof(TaggedMemory.WriteBase), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly FieldInfo WriteSpanField = typeof(TaggedMemory).GetField(nameof(TaggedMemory.WriteSpan), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly FieldInfo HostField = typeof(TaggedMemory).GetField(nameof(TaggedMemory.Host), BindingFlags.Instance | BindingFlags.NonPublic)!;

    private readonly RegionCode _region;
    private readonly ulong _misalignedTargetBits;
    private readonly JumpBounds _pccBounds;
    private readonly ILGenerator _il;
    private readonly DynamicMethod _method;
    private readonly Dictionary<ulong, Label> _labels = new();
    private readonly Dictionary<ulong, (int Length, int Index)> _blockPosition = new();
    private readonly Dictionary<ulong, int> _longestRunFrom = new();
    private readonly List<(Label Label, ulong Exit, int Unretired)> _exitStubs = new();
    private readonly Dictionary<(ulong, int), Label> _exitStubLabels = new();
    private readonly LocalBuilder?[] _registers = new LocalBuilder?[32];
    private readonly bool[] _written = new bool[32];
    private readonly LocalBuilder _remaining, _readBase, _readSpan, _writeBase, _writeSpan, _host, _address, _exitPc;
    private readonly Label _epilogue;

    /// <summary>
    /// The registers known to hold a value in [0, 2^31) at the instruction being emitted (bit r for x[r]), learnt
    /// from the instructions before it in its block and forgotten at every block start, where paths join. For such a
    /// value a W operation's sign extension changes nothing, so some of them are left out.
    /// </summary>
    private ulong _belowBit31;

    private RegionCompiler(RegionCode region, ulong misalignedTargetBits, JumpBounds pccBounds)
    {
        _region = region;
        _misalignedTargetBits = misalignedTargetBits;
        _pccBounds = pccBounds;
        _method = new DynamicMethod($"region_{region.Entry:x}", typeof(ulong),
            [typeof(TaggedMemory), typeof(ulong*), typeof(ulong).MakeByRefType()], typeof(RegionCompiler).Module, skipVisibility: true);
        _il = _method.GetILGenerator(64 + region.Instructions.Count * 48);
        _remaining = _il.DeclareLocal(typeof(ulong));
        _readBase = _il.DeclareLocal(typeof(ulong));
        _readSpan = _il.DeclareLocal(typeof(ulong));
        _writeBase = _il.DeclareLocal(typeof(ulong));
        _writeSpan = _il.DeclareLocal(typeof(ulong));
        _host = _il.DeclareLocal(typeof(byte*));
        _address = _il.DeclareLocal(typeof(ulong));
        _exitPc = _il.DeclareLocal(typeof(ulong));
        _epilogue = _il.DefineLabel();
    }

    /// <summary>
    /// Compiles <paramref name="region"/> for <paramref name="memory"/>. <paramref name="misalignedTargetBits"/>
    /// and <paramref name="pccBounds"/> are baked in: changing misa.C or PCC's range wipes decoded code, which drops
    /// every region.
    /// </summary>
    public static CompiledRegion Compile(RegionCode region, TaggedMemory memory, ulong misalignedTargetBits, JumpBounds pccBounds)
    {
        var compiler = new RegionCompiler(region, misalignedTargetBits, pccBounds);
        compiler.Emit();
        return (CompiledRegion)compiler._method.CreateDelegate(typeof(CompiledRegion), memory);
    }

    /// <summary>
    /// Has RyuJIT translate <paramref name="region"/> now rather than at its first real call, by calling it with no
    /// budget: every region starts with a budget check at its entry, so it leaves at once, before any guest memory
    /// access, having read and written back only the scratch registers it is given. The background compiler does
    /// this so that the hart never waits for RyuJIT.
    /// </summary>
    public static void PrepareForFirstCall(CompiledRegion region)
    {
        var scratch = stackalloc ulong[32];
        ulong noBudget = 0;
        region(scratch, ref noBudget);
    }

    private void Emit()
    {
        MeasureBlocks();
        FindBudgetChecks();
        foreach (var (pc, instruction) in _region.Instructions)
        {
            _labels[pc] = _il.DefineLabel();
            DeclareRegisters(instruction);
        }

        // Prologue: the budget, the memory windows and the registers the region uses.
        _il.Emit(OpCodes.Ldarg_2);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Stloc, _remaining);
        LoadWindows();
        for (var r = 1; r < 32; r++)
        {
            if (_registers[r] is { } local)
            {
                _il.Emit(OpCodes.Ldarg_1);
                _il.Emit(OpCodes.Ldc_I4, r * sizeof(ulong));
                _il.Emit(OpCodes.Add);
                _il.Emit(OpCodes.Ldind_I8);
                _il.Emit(OpCodes.Stloc, local);
            }
        }
        _il.Emit(OpCodes.Br, _labels[_region.Entry]);

        var instructions = _region.Instructions.ToList();
        for (var i = 0; i < instructions.Count; i++)
        {
            var (pc, instruction) = instructions[i];
            _il.MarkLabel(_labels[pc]);
            if (_region.BlockStarts.Contains(pc))
            {
                EmitBlockCharge(pc);
                _belowBit31 = 1;
            }
            EmitInstruction(pc, instruction);
            TrackBelowBit31(instruction);
            var next = pc + instruction.Length;
            var nextEmitted = i + 1 < instructions.Count ? instructions[i + 1].Key : ulong.MaxValue;
            if (!RegionCode.EndsBlock(instruction.Op) && next != nextEmitted)
            {
                EmitGoTo(next, _blockPosition[pc].Length - _blockPosition[pc].Index - 1);
            }
        }

        foreach (var (label, exit, unretired) in _exitStubs)
        {
            _il.MarkLabel(label);
            _il.Emit(OpCodes.Ldc_I8, (long)exit);
            _il.Emit(OpCodes.Stloc, _exitPc);
            if (unretired > 0)
            {
                _il.Emit(OpCodes.Ldloc, _remaining);
                _il.Emit(OpCodes.Ldc_I8, (long)unretired);
                _il.Emit(OpCodes.Add);
                _il.Emit(OpCodes.Stloc, _remaining);
            }
            _il.Emit(OpCodes.Br, _epilogue);
        }

        // Epilogue: registers the region wrote, the budget left, the next PC.
        _il.MarkLabel(_epilogue);
        for (var r = 1; r < 32; r++)
        {
            if (_written[r])
            {
                _il.Emit(OpCodes.Ldarg_1);
                _il.Emit(OpCodes.Ldc_I4, r * sizeof(ulong));
                _il.Emit(OpCodes.Add);
                _il.Emit(OpCodes.Ldloc, _registers[r]!);
                _il.Emit(OpCodes.Stind_I8);
            }
        }
        _il.Emit(OpCodes.Ldarg_2);
        _il.Emit(OpCodes.Ldloc, _remaining);
        _il.Emit(OpCodes.Stind_I8);
        _il.Emit(OpCodes.Ldloc, _exitPc);
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>
    /// For each block start, the number of instructions of its block (straight-line, up to and including a control
    /// transfer, stopping before the next block start or an instruction outside the region), and for each
    /// instruction its position in its block.
    /// </summary>
    private void MeasureBlocks()
    {
        foreach (var start in _region.BlockStarts)
        {
            if (!_region.Instructions.ContainsKey(start))
            {
                continue;
            }
            var members = new List<ulong>();
            var pc = start;
            while (_region.Instructions.TryGetValue(pc, out var instruction) && (members.Count == 0 || !_region.BlockStarts.Contains(pc)))
            {
                members.Add(pc);
                if (RegionCode.EndsBlock(instruction.Op))
                {
                    break;
                }
                pc += instruction.Length;
            }
            for (var i = 0; i < members.Count; i++)
            {
                _blockPosition.Add(members[i], (members.Count, i));
            }
        }
    }

    private void DeclareRegisters(DecodedInstruction d)
    {
        void Use(int r)
        {
            if (r is > 0 and < 32)
            {
                _registers[r] ??= _il.DeclareLocal(typeof(ulong));
            }
        }
        Use(d.Rs1);
        Use(d.Rs2);
        if (d.Rd is > 0 and < 32 && !IsStoreOrBranch(d.Op))
        {
            Use(d.Rd);
            _written[d.Rd] = true;
        }
    }

    private static bool IsStoreOrBranch(Op op) =>
        op is Op.Sb or Op.Sh or Op.Sw or Op.Sd or Op.Beq or Op.Bne or Op.Blt or Op.Bge or Op.Bltu or Op.Bgeu;

    /// <summary>The memory's windows, fixed while a region runs: only slow paths and DDC changes move them, and
    /// those happen outside compiled code. Also the host address of guest address 0, read from the memory rather
    /// than baked in as a constant: RyuJIT keeps it in a register, so an access is one host addressing mode
    /// (host + x[rs1] + imm) instead of a 64-bit constant materialised at each access.</summary>
    private void LoadWindows()
    {
        LoadField(ReadBaseField, _readBase);
        LoadField(ReadSpanField, _readSpan);
        LoadField(WriteBaseField, _writeBase);
        LoadField(WriteSpanField, _writeSpan);
        LoadField(HostField, _host);
    }

    private void LoadField(FieldInfo field, LocalBuilder local)
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, field);
        _il.Emit(OpCodes.Stloc, local);
    }

    /// <summary>
    /// Decides where the budget is checked: at the entry, at return sites and at targets of jumps and branches that do
    /// not go forward. Every cycle of the region passes one of them, so the code between two checks is acyclic
    /// (block starts increase along its edges) and the longest run of instructions from a check to the next check
    /// or out of the region is finite. A check makes sure that whole run fits in the budget, so the blocks in between
    /// only subtract their counts.
    /// </summary>
    private void FindBudgetChecks()
    {
        _longestRunFrom[_region.Entry] = 0;
        foreach (var site in _region.ReturnSites.Concat(_region.IndirectTargets))
        {
            _longestRunFrom[site] = 0;
        }
        foreach (var (pc, instruction) in _region.Instructions)
        {
            if (instruction.Op is Op.Jal or Op.Beq or Op.Bne or Op.Blt or Op.Bge or Op.Bltu or Op.Bgeu
                && pc + (ulong)(long)instruction.Imm is var target && target <= pc)
            {
                _longestRunFrom[target] = 0;
            }
        }
        var memo = new Dictionary<ulong, int>();
        foreach (var check in _longestRunFrom.Keys.ToList())
        {
            _longestRunFrom[check] = LongestRun(check, memo, isCheck: true);
        }
    }

    /// <summary>The most instructions that can retire from block start <paramref name="start"/> before the next
    /// budget check or an exit from the region.</summary>
    private int LongestRun(ulong start, Dictionary<ulong, int> memo, bool isCheck)
    {
        if (!_region.Instructions.ContainsKey(start) || (!isCheck && _longestRunFrom.ContainsKey(start)))
        {
            return 0;
        }
        if (memo.TryGetValue(start, out var known))
        {
            return known;
        }
        // Walk the block to its last instruction; its successors are block starts (or outside the region).
        var pc = start;
        var length = _blockPosition[start].Length;
        for (var i = 1; i < length; i++)
        {
            pc += _region.Instructions[pc].Length;
        }
        var last = _region.Instructions[pc];
        var next = pc + last.Length;
        var longestAfter = last.Op switch
        {
            Op.Jal => LongestRun(pc + (ulong)(long)last.Imm, memo, isCheck: false),
            Op.Jalr or Op.JalrWithinPcc => 0,
            Op.Beq or Op.Bne or Op.Blt or Op.Bge or Op.Bltu or Op.Bgeu =>
                Math.Max(LongestRun(pc + (ulong)(long)last.Imm, memo, isCheck: false), LongestRun(next, memo, isCheck: false)),
            _ => LongestRun(next, memo, isCheck: false),
        };
        memo[start] = length + longestAfter;
        return length + longestAfter;
    }

    /// <summary>
    /// Charges the block starting at <paramref name="pc"/>; at a budget check, first makes sure the longest run
    /// until the next check fits, else leaves for the interpreter, which stops at exactly the budget.
    /// </summary>
    private void EmitBlockCharge(ulong pc)
    {
        var length = _blockPosition[pc].Length;
        if (_longestRunFrom.TryGetValue(pc, out var longestRun))
        {
            _il.Emit(OpCodes.Ldloc, _remaining);
            _il.Emit(OpCodes.Ldc_I8, (long)longestRun);
            _il.Emit(OpCodes.Blt_Un, ExitStub(pc | 1, 0));
        }
        _il.Emit(OpCodes.Ldloc, _remaining);
        _il.Emit(OpCodes.Ldc_I8, (long)length);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Stloc, _remaining);
    }

    /// <summary>A label that leaves the region towards <paramref name="exit"/>, giving back <paramref name="unretired"/> instructions.</summary>
    private Label ExitStub(ulong exit, int unretired)
    {
        if (!_exitStubLabels.TryGetValue((exit, unretired), out var label))
        {
            label = _il.DefineLabel();
            _exitStubLabels.Add((exit, unretired), label);
            _exitStubs.Add((label, exit, unretired));
        }
        return label;
    }

    /// <summary>Continues at <paramref name="target"/>: inside the region a branch, else an exit.</summary>
    private void EmitGoTo(ulong target, int unretired)
    {
        _il.Emit(OpCodes.Br, TargetLabel(target, unretired));
    }

    private Label TargetLabel(ulong target, int unretired) =>
        _labels.TryGetValue(target, out var label) ? label
        : ExitStub(_region.InterpretedExits.Contains(target) ? target | 1 : target, unretired);

    private void EmitInstruction(ulong pc, DecodedInstruction d)
    {
        var (blockLength, index) = _blockPosition[pc];
        // Leaving at this instruction without executing it: it and the rest of its block do not retire.
        var unretiredHere = blockLength - index;
        var imm = (long)d.Imm;
        switch (d.Op)
        {
            case Op.Lui or Op.LoadImmediate:
                Constant(imm);
                Store(d.Rd);
                break;
            case Op.Auipc:
                Constant((long)(pc + (ulong)imm));
                Store(d.Rd);
                break;
            case Op.Move:
                Load(d.Rs1);
                Store(d.Rd);
                break;
            case Op.Fence:
                break;

            case Op.Jal:
                Constant((long)(pc + d.Length));
                Store(d.Rd);
                EmitGoTo(pc + (ulong)imm, 0);
                break;
            case Op.Jalr or Op.JalrWithinPcc:
                EmitJumpRegister(pc, d, unretiredHere);
                break;
            case Op.Beq: Branch(d, OpCodes.Beq, pc); break;
            case Op.Bne: Branch(d, OpCodes.Bne_Un, pc); break;
            case Op.Blt: Branch(d, OpCodes.Blt, pc); break;
            case Op.Bge: Branch(d, OpCodes.Bge, pc); break;
            case Op.Bltu: Branch(d, OpCodes.Blt_Un, pc); break;
            case Op.Bgeu: Branch(d, OpCodes.Bge_Un, pc); break;

            case Op.Lb: EmitLoad(pc, d, OpCodes.Ldind_I1, unretiredHere); break;
            case Op.Lh: EmitLoad(pc, d, OpCodes.Ldind_I2, unretiredHere); break;
            case Op.Lw: EmitLoad(pc, d, OpCodes.Ldind_I4, unretiredHere); break;
            case Op.Ld: EmitLoad(pc, d, OpCodes.Ldind_I8, unretiredHere); break;
            case Op.Lbu: EmitLoad(pc, d, OpCodes.Ldind_U1, unretiredHere); break;
            case Op.Lhu: EmitLoad(pc, d, OpCodes.Ldind_U2, unretiredHere); break;
            case Op.Lwu: EmitLoad(pc, d, OpCodes.Ldind_U4, unretiredHere); break;
            case Op.Sb: EmitStore(pc, d, OpCodes.Stind_I1, unretiredHere); break;
            case Op.Sh: EmitStore(pc, d, OpCodes.Stind_I2, unretiredHere); break;
            case Op.Sw: EmitStore(pc, d, OpCodes.Stind_I4, unretiredHere); break;
            case Op.Sd: EmitStore(pc, d, OpCodes.Stind_I8, unretiredHere); break;

            case Op.Addi: Immediate(d, OpCodes.Add); break;
            case Op.Xori: Immediate(d, OpCodes.Xor); break;
            case Op.Ori: Immediate(d, OpCodes.Or); break;
            case Op.Andi: Immediate(d, OpCodes.And); break;
            case Op.Slti: Immediate(d, OpCodes.Clt); break;
            case Op.Sltiu: Immediate(d, OpCodes.Clt_Un); break;
            case Op.Slli: ShiftImmediate(d, OpCodes.Shl, 63, word: false); break;
            case Op.Srli: ShiftImmediate(d, OpCodes.Shr_Un, 63, word: false); break;
            case Op.Srai: ShiftImmediate(d, OpCodes.Shr, 63, word: false); break;
            case Op.Add: Registers(d, OpCodes.Add); break;
            case Op.Sub: Registers(d, OpCodes.Sub); break;
            case Op.Xor: Registers(d, OpCodes.Xor); break;
            case Op.Or: Registers(d, OpCodes.Or); break;
            case Op.And: Registers(d, OpCodes.And); break;
            case Op.Slt: Registers(d, OpCodes.Clt); break;
            case Op.Sltu: Registers(d, OpCodes.Clt_Un); break;
            case Op.Mul: Registers(d, OpCodes.Mul); break;
            case Op.Sll: ShiftRegister(d, OpCodes.Shl, 63, word: false); break;
            case Op.Srl: ShiftRegister(d, OpCodes.Shr_Un, 63, word: false); break;
            case Op.Sra: ShiftRegister(d, OpCodes.Shr, 63, word: false); break;

            case Op.Addiw when d.Imm == 0 && BelowBit31(d.Rs1):
                // sext.w of a value below 2^31 is a copy.
                Load(d.Rs1);
                Store(d.Rd);
                break;
            case Op.Addiw: Immediate(d, OpCodes.Add, word: true); break;
            case Op.Addw: Registers(d, OpCodes.Add, word: true); break;
            case Op.Subw when d.Rs1 == 0 && BelowBit31(d.Rs2):
                // negw of a value below 2^31 lies in (-2^31, 0]: the 64-bit negation is already its sign extension.
                Registers(d, OpCodes.Sub);
                break;
            case Op.Subw: Registers(d, OpCodes.Sub, word: true); break;
            case Op.Mulw: Registers(d, OpCodes.Mul, word: true); break;
            case Op.Slliw: ShiftImmediate(d, OpCodes.Shl, 31, word: true); break;
            case Op.Srliw: ShiftImmediate(d, OpCodes.Shr_Un, 31, word: true); break;
            case Op.Sraiw: ShiftImmediate(d, OpCodes.Shr, 31, word: true); break;
            case Op.Sllw: ShiftRegister(d, OpCodes.Shl, 31, word: true); break;
            case Op.Srlw: ShiftRegister(d, OpCodes.Shr_Un, 31, word: true); break;
            case Op.Sraw: ShiftRegister(d, OpCodes.Shr, 31, word: true); break;

            case Op.Mulh or Op.Mulhsu or Op.Mulhu:
                CallArithmetic(d);
                break;
            case Op.Div or Op.Divu or Op.Rem or Op.Remu or Op.Divw or Op.Divuw or Op.Remw or Op.Remuw:
                DivisionOrRemainder(d);
                break;

            default:
                throw new InvalidOperationException($"the region compiler was given {d.Op}, which it does not translate");
        }
    }

    private bool BelowBit31(int register) => (_belowBit31 >> register & 1) != 0;

    /// <summary>Updates <see cref="_belowBit31"/> for the register <paramref name="d"/> writes.</summary>
    private void TrackBelowBit31(DecodedInstruction d)
    {
        if (d.Rd is 0 or Hart.SinkRegister || IsStoreOrBranch(d.Op))
        {
            return;
        }
        var below = d.Op switch
        {
            // A mask below 2^31, or any mask of a value below 2^31.
            Op.Andi => d.Imm >= 0 || BelowBit31(d.Rs1),
            Op.And => BelowBit31(d.Rs1) || BelowBit31(d.Rs2),
            Op.Lbu or Op.Lhu or Op.Slt or Op.Sltu or Op.Slti or Op.Sltiu => true,
            Op.Srliw => (d.Imm & 31) != 0,
            Op.Srli => (d.Imm & 63) > 32,
            Op.Lui or Op.LoadImmediate => d.Imm >= 0,
            Op.Move => BelowBit31(d.Rs1),
            _ => false,
        };
        _belowBit31 = below ? _belowBit31 | 1UL << d.Rd : _belowBit31 & ~(1UL << d.Rd);
    }

    /// <summary>An M operation through its runtime helper (<see cref="RegionRuntime"/>).</summary>
    private void CallArithmetic(DecodedInstruction d)
    {
        Load(d.Rs1);
        Load(d.Rs2);
        _il.Emit(OpCodes.Call, RegionRuntime.ArithmeticMethod(d.Op));
        Store(d.Rd);
    }

    /// <summary>
    /// A division or remainder. Divisors are mostly loop-invariant constants (<c>x % 97</c>), which the host divides
    /// by with a multiplication instead of a division instruction of tens of cycles. So when the divisor register
    /// held such a value when the region turned hot, the code checks that it still does and then divides by it as
    /// a constant; otherwise (and whenever the check fails) it calls the runtime helper. Values that need the
    /// specified special results (0, and −1 for the signed forms) are never speculated on.
    /// </summary>
    private void DivisionOrRemainder(DecodedInstruction d)
    {
        if (_region.RegistersWhenHot is not { } registers || d.Rs2 == 0 || !IsPlainDivisor(d.Op, registers[d.Rs2]))
        {
            CallArithmetic(d);
            return;
        }
        var divisor = registers[d.Rs2];
        var general = _il.DefineLabel();
        var done = _il.DefineLabel();
        Load(d.Rs2);
        Constant((long)divisor);
        _il.Emit(OpCodes.Bne_Un, general);
        Load(d.Rs1);
        var word = d.Op is Op.Divw or Op.Divuw or Op.Remw or Op.Remuw;
        if (word)
        {
            // On the low 32 bits; the 32-bit result is then sign-extended, as the W forms define.
            _il.Emit(d.Op is Op.Divuw or Op.Remuw ? OpCodes.Conv_U4 : OpCodes.Conv_I4);
            _il.Emit(OpCodes.Ldc_I4, (int)divisor);
        }
        else
        {
            Constant((long)divisor);
        }
        _il.Emit(d.Op switch
        {
            Op.Div or Op.Divw => OpCodes.Div,
            Op.Divu or Op.Divuw => OpCodes.Div_Un,
            Op.Rem or Op.Remw => OpCodes.Rem,
            _ => OpCodes.Rem_Un,
        });
        SignExtendWord(word);
        Store(d.Rd);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(general);
        CallArithmetic(d);
        _il.MarkLabel(done);
    }

    /// <summary>Whether <paramref name="op"/> by <paramref name="divisor"/> is an ordinary host division: not by zero and,
    /// for the signed forms, not by −1 (whose overflow case has a specified result).</summary>
    private static bool IsPlainDivisor(Op op, ulong divisor) => op switch
    {
        Op.Div or Op.Rem => divisor != 0 && divisor != ulong.MaxValue,
        Op.Divu or Op.Remu => divisor != 0,
        Op.Divw or Op.Remw => (int)divisor is not 0 and not -1,
        _ => (uint)divisor != 0,
    };

    private void Constant(long value) => _il.Emit(OpCodes.Ldc_I8, value);

    private void Load(int register)
    {
        if (register == 0)
        {
            Constant(0);
        }
        else
        {
            _il.Emit(OpCodes.Ldloc, _registers[register]!);
        }
    }

    private void Store(int register)
    {
        if (register is 0 or Hart.SinkRegister)
        {
            _il.Emit(OpCodes.Pop);
        }
        else
        {
            _il.Emit(OpCodes.Stloc, _registers[register]!);
        }
    }

    /// <summary>A 32-bit result on the stack becomes its sign extension, as RV64's W operations define.</summary>
    private void SignExtendWord(bool word)
    {
        if (word)
        {
            _il.Emit(OpCodes.Conv_I4);
            _il.Emit(OpCodes.Conv_I8);
        }
    }

    private void Immediate(DecodedInstruction d, OpCode operation, bool word = false)
    {
        Load(d.Rs1);
        Constant(d.Imm);
        OperateInto(d.Rd, operation, word);
    }

    private void Registers(DecodedInstruction d, OpCode operation, bool word = false)
    {
        Load(d.Rs1);
        Load(d.Rs2);
        OperateInto(d.Rd, operation, word);
    }

    /// <summary>Applies <paramref name="operation"/> to the two operands on the stack (a comparison's 0/1 widened to
    /// 64 bits), sign-extends a W result, and stores it in <paramref name="rd"/>.</summary>
    private void OperateInto(int rd, OpCode operation, bool word)
    {
        _il.Emit(operation);
        if (operation == OpCodes.Clt || operation == OpCodes.Clt_Un)
        {
            _il.Emit(OpCodes.Conv_U8);
        }
        SignExtendWord(word);
        Store(rd);
    }

    /// <summary>A shift by an immediate: on 64 bits, or (<paramref name="word"/>) on the low 32 bits, sign-extended.</summary>
    private void ShiftImmediate(DecodedInstruction d, OpCode shift, int mask, bool word)
    {
        Load(d.Rs1);
        if (word)
        {
            _il.Emit(OpCodes.Conv_U4);
        }
        _il.Emit(OpCodes.Ldc_I4, d.Imm & mask);
        _il.Emit(shift);
        if (word && shift == OpCodes.Shr_Un && (d.Imm & mask) != 0)
        {
            // A logical shift of 32 bits by at least one leaves bit 31 clear: sign and zero extension agree, and the
            // zero extension is free on the host (32-bit operations clear the upper half).
            _il.Emit(OpCodes.Conv_U8);
        }
        else
        {
            SignExtendWord(word);
        }
        Store(d.Rd);
    }

    /// <summary>A shift by the low 6 (or, for words, 5) bits of rs2.</summary>
    private void ShiftRegister(DecodedInstruction d, OpCode shift, int mask, bool word)
    {
        Load(d.Rs1);
        if (word)
        {
            _il.Emit(OpCodes.Conv_U4);
        }
        Load(d.Rs2);
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, mask);
        _il.Emit(OpCodes.And);
        _il.Emit(shift);
        SignExtendWord(word);
        Store(d.Rd);
    }

    /// <summary>A conditional branch: taken goes to the target, not taken falls through to the next block.</summary>
    private void Branch(DecodedInstruction d, OpCode branch, ulong pc)
    {
        Load(d.Rs1);
        Load(d.Rs2);
        _il.Emit(branch, TargetLabel(pc + (ulong)(long)d.Imm, 0));
        EmitGoTo(pc + d.Length, 0);
    }

    /// <summary>
    /// Leaves the region at the instruction unless the address of a load or store, x[rs1] + imm, lies in the window
    /// starting at <paramref name="windowBase"/>: its unsigned offset into the window is below
    /// <paramref name="windowSpan"/>.
    /// </summary>
    private void CheckWindow(DecodedInstruction d, LocalBuilder windowBase, LocalBuilder windowSpan, Label outside)
    {
        Load(d.Rs1);
        Constant(d.Imm);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldloc, windowBase);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Ldloc, windowSpan);
        _il.Emit(OpCodes.Bge_Un, outside);
    }

    /// <summary>
    /// Pushes the host address of x[rs1] + imm as host + x[rs1] + imm, which RyuJIT folds into the access's addressing
    /// mode: a chain of dependent loads (pointer chasing) then waits for no arithmetic between them, while the window
    /// check, computed separately, only feeds a predictable branch.
    /// </summary>
    private void HostAddress(DecodedInstruction d)
    {
        _il.Emit(OpCodes.Ldloc, _host);
        Load(d.Rs1);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
        if (d.Imm != 0)
        {
            _il.Emit(OpCodes.Ldc_I4, d.Imm);
            _il.Emit(OpCodes.Conv_I);
            _il.Emit(OpCodes.Add);
        }
    }

    private void EmitLoad(ulong pc, DecodedInstruction d, OpCode load, int unretired)
    {
        // Outside the read window the access needs the full check (and recentres the window), or traps: the
        // interpreter performs it. Regions call nothing here, which keeps the registers free for guest values.
        CheckWindow(d, _readBase, _readSpan, ExitStub(pc | 1, unretired));
        HostAddress(d);
        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(load);
        // Narrow values arrive as int32: signed loads sign-extend it, unsigned ones (already zero-extended) widen it.
        _il.Emit(load == OpCodes.Ldind_I1 || load == OpCodes.Ldind_I2 || load == OpCodes.Ldind_I4 ? OpCodes.Conv_I8 : OpCodes.Conv_U8);
        Store(d.Rd);
    }

    private void EmitStore(ulong pc, DecodedInstruction d, OpCode store, int unretired)
    {
        // Outside the write window the store may need tag clearing, code invalidation or a host watch, or trap:
        // the interpreter performs it.
        CheckWindow(d, _writeBase, _writeSpan, ExitStub(pc | 1, unretired));
        HostAddress(d);
        Load(d.Rs2);
        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(store);
    }

    /// <summary>
    /// JALR: the target is x[rs1] + imm with bit 0 cleared; one the interpreter would trap on (misaligned, or
    /// outside PCC for the checked form) leaves for it at this instruction. Otherwise rd gets the link, and the
    /// target is compared with the region's return sites before leaving the region.
    /// </summary>
    private void EmitJumpRegister(ulong pc, DecodedInstruction d, int unretired)
    {
        Load(d.Rs1);
        Constant(d.Imm);
        _il.Emit(OpCodes.Add);
        Constant(~1L);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Stloc, _address);
        if (_misalignedTargetBits != 0)
        {
            _il.Emit(OpCodes.Ldloc, _address);
            Constant((long)_misalignedTargetBits);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Brtrue, ExitStub(pc | 1, unretired));
        }
        if (d.Op == Op.JalrWithinPcc)
        {
            if (!_pccBounds.Permitted)
            {
                _il.Emit(OpCodes.Br, ExitStub(pc | 1, unretired));
                return;
            }
            _il.Emit(OpCodes.Ldloc, _address);
            Constant((long)_pccBounds.Base);
            _il.Emit(OpCodes.Sub);
            Constant((long)_pccBounds.LastOffset);
            _il.Emit(OpCodes.Bgt_Un, ExitStub(pc | 1, unretired));
        }
        Constant((long)(pc + d.Length));
        Store(d.Rd);
        // A return (jalr x0, 0(ra)) most likely goes to a return site; other JALRs (jump tables, calls through
        // pointers) to the targets observed leaving the region or to its entry, so those are compared first.
        const int ReturnAddressRegister = 1;
        var indirect = _region.IndirectTargets.Append(_region.Entry);
        var candidates = (d.Rs1 == ReturnAddressRegister ? _region.ReturnSites.Concat(indirect) : indirect.Concat(_region.ReturnSites)).Distinct();
        var compares = 0;
        foreach (var site in candidates)
        {
            if (!_labels.ContainsKey(site) || compares++ == MaxReturnSiteCompares)
            {
                continue;
            }
            _il.Emit(OpCodes.Ldloc, _address);
            Constant((long)site);
            _il.Emit(OpCodes.Beq, _labels[site]);
        }
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Stloc, _exitPc);
        _il.Emit(OpCodes.Br, _epilogue);
    }
}

/// <summary>
/// The targets a PCC-checked JALR may reach: <c>target - Base &lt;= LastOffset</c>, i.e. the shortest instruction
/// at the target lies within PCC's bounds. <see cref="Permitted"/> is false when no target can.
/// </summary>
internal readonly record struct JumpBounds(bool Permitted, ulong Base, ulong LastOffset)
{
    public static JumpBounds From(Cvm.Cheri.CapabilityBounds bounds, ulong minimumInstructionBytes)
    {
        // Top − base: its low 64 bits, and whether it is below 2^64 (top's bit 64, if set, absorbed by the borrow
        // out of the low bits). A top below the base, which only an untagged PCC can have and which then never
        // fetches, counts as a length of 2^64 or more.
        var lengthLow = bounds.TopLow - bounds.Base;
        var lengthBelow2To64 = bounds.TopBit64 == bounds.TopLow < bounds.Base;
        return lengthBelow2To64 && lengthLow < minimumInstructionBytes
            ? new JumpBounds(false, 0, 0)
            : new JumpBounds(true, bounds.Base, lengthLow - minimumInstructionBytes);
    }
}
