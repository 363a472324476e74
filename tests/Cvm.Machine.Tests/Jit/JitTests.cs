using Cvm.Cheri;
using Cvm.Machine.Execution;
using Cvm.Machine.Execution.Jit;

namespace Cvm.Machine.Tests.Jit;

/// <summary>
/// The compiling engines against the interpreter on the situations that exactness depends on: budgets that expire
/// inside compiled loops, traps in the middle of a region, DDC changes while compiled code exists, self-modifying
/// code, host interception of ecall, tiering and the bounded cache. Each scenario runs under
/// <see cref="ExecutionEngine.Interpreter"/> and a compiling engine, and the whole visible state must be equal.
/// </summary>
public class JitTests
{
    private const int T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9, A0 = 10;
    private const ulong LoopStart = TestMachine.CodeBase + 12;
    private const ulong LoadPc = TestMachine.CodeBase + 12;
    private const ulong StorePc = TestMachine.CodeBase + 24;

    /// <summary>The most passes <see cref="MemoryLoop"/> can count: its pass count is an addi immediate.</summary>
    private const int MaxPasses = 2047;

    /// <summary>
    /// <paramref name="passes"/> passes of: s0 = *p; s1 += s0; s0 += 3; *p = s0; p += <paramref name="stride"/>; i++ —
    /// then ebreak. p starts in t2 (set by the test), so a stride can walk off the data mapping.
    /// </summary>
    private static uint[] MemoryLoop(int passes = 200, int stride = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(passes, MaxPasses);
        return
        [
            Encode.Addi(T0, 0, 0),              // 0: i = 0
            Encode.Addi(T1, 0, passes),         // 4: n
            Encode.Addi(S1, 0, 0),              // 8: sum = 0
            Encode.Ld(S0, T2, 0),               // 12: loop: s0 = *p
            Encode.Add(S1, S1, S0),             // 16
            Encode.Addi(S0, S0, 3),             // 20
            Encode.Sd(T2, S0, 0),               // 24: *p = s0
            Encode.Addi(T2, T2, stride),        // 28: p += stride
            Encode.Addi(T0, T0, 1),             // 32: i++
            Encode.B(1, T0, T1, -24),           // 36: bne i, n, loop
            Encode.Ebreak,                      // 40
        ];
    }

    private sealed record State(ulong Pc, ulong Retired, ulong[] Registers, byte[] Data, Trap[] Traps)
    {
        public void AssertEqual(State other, string what)
        {
            Assert.True(Pc == other.Pc, $"{what}: pc 0x{Pc:x} against 0x{other.Pc:x}");
            Assert.True(Retired == other.Retired, $"{what}: {Retired} retired against {other.Retired}");
            Assert.Equal(Registers, other.Registers);
            Assert.Equal(Data, other.Data);
            Assert.Equal(Traps, other.Traps);
        }
    }

    private static State Capture(TestMachine machine, StopOnTrap traps)
    {
        var data = new byte[256];
        Assert.True(machine.Memory.TryRead(TestMachine.DataBase, data));
        return new State(machine.Hart.Pc, machine.Hart.InstructionsRetired,
            Enumerable.Range(0, 32).Select(machine.Hart.GetRegister).ToArray(), data, traps.Traps.ToArray());
    }

    /// <summary>
    /// The tiered engine's threshold in these tests: low enough that loops of a few hundred passes turn hot, so that
    /// <see cref="ExecutionEngine.Auto"/> runs them partly interpreted and partly compiled.
    /// </summary>
    private const ushort ShortLoopThreshold = 64;

    /// <summary>
    /// A test machine running <paramref name="code"/>. Regions are compiled on the hart's thread unless
    /// <paramref name="background"/> is set, so that tests of what gets compiled are deterministic; results must be
    /// the same either way, and the tests with background compilation check that.
    /// </summary>
    private static TestMachine Machine(ExecutionEngine engine, uint[] code, ulong pointer, out StopOnTrap traps,
        ushort tieredThreshold = ShortLoopThreshold, bool background = false)
    {
        var machine = new TestMachine(code);
        machine.Hart.TieredCompileThreshold = tieredThreshold;
        machine.Hart.Engine = engine;
        machine.Hart.CompileInBackground = background;
        machine.Hart.SetRegister(T2, pointer);
        traps = new StopOnTrap();
        machine.Hart.TrapHandler = traps;
        return machine;
    }

    [Theory]
    [InlineData(ExecutionEngine.Jit, false)]
    [InlineData(ExecutionEngine.Auto, false)]
    [InlineData(ExecutionEngine.Auto, true)]
    public void Budget_expiring_inside_a_compiled_loop_stops_at_the_interpreters_instruction(ExecutionEngine engine, bool background)
    {
        // 3 + 200 * 7 + 1 = 1404 instructions; the budgets end in every position of the loop body, and a run is resumed.
        foreach (var budget in new ulong[] { 1, 3, 4, 9, 10, 100, 333, 334, 335, 336, 337, 338, 339, 1000, 1402, 1403, 5000 })
        {
            using var interpreted = Machine(ExecutionEngine.Interpreter, MemoryLoop(), TestMachine.DataBase, out var interpreterTraps);
            using var compiled = Machine(engine, MemoryLoop(), TestMachine.DataBase, out var compiledTraps, background: background);
            Assert.Equal(interpreted.Hart.Run(budget), compiled.Hart.Run(budget));
            Capture(compiled, compiledTraps).AssertEqual(Capture(interpreted, interpreterTraps), $"budget {budget}");
            interpreted.Hart.Run(budget / 2 + 1);
            compiled.Hart.Run(budget / 2 + 1);
            Capture(compiled, compiledTraps).AssertEqual(Capture(interpreted, interpreterTraps), $"budget {budget}, resumed");
        }
    }

    [Fact]
    public void Compiled_code_runs_the_loop()
    {
        using var machine = Machine(ExecutionEngine.Jit, MemoryLoop(), TestMachine.DataBase, out var traps);
        machine.Hart.Run(10_000);
        Assert.Equal(TrapCause.Breakpoint, Assert.Single(traps.Traps).Cause);
        // Everything but the first store (outside the write window until the interpreter's slow path centres it there)
        // and the rest of its pass ran compiled.
        Assert.True(machine.Hart.InstructionsInCompiledCode >= 199 * 7, $"only {machine.Hart.InstructionsInCompiledCode} instructions ran compiled");
        Assert.True(machine.Hart.Regions!.RegionsCompiled >= 1);
    }

    [Fact]
    public void Compiled_word_shifts_extend_bit_31_of_their_result()
    {
        // srliw by 0 sign-extends (bit 31 stays set); by 1 or more bit 31 is clear, whatever the source's upper half.
        uint[] code =
        [
            Encode.Lui(T0, 0x80000),               // t0 = 0xffffffff_80000000
            Encode.Addi(T0, T0, 1),                // t0 = 0xffffffff_80000001
            Encode.Addi(T1, 0, -1),                // t1 = all ones
            Encode.Srliw(A0, T0, 0),
            Encode.Srliw(A0 + 1, T0, 1),
            Encode.Srliw(A0 + 2, T0, 31),
            Encode.Sraiw(A0 + 3, T0, 1),
            Encode.Srliw(A0 + 4, T1, 1),
            Encode.Ebreak,
        ];
        Assert.Equal(
            [0xffff_ffff_8000_0001, 0x4000_0000, 1, 0xffff_ffff_c000_0000, 0x7fff_ffff],
            ResultsOfCompiledStraightLine(code, compiledInstructions: 8, results: 5, "word shifts"));
    }

    /// <summary>
    /// Runs <paramref name="code"/> (straight-line up to its ebreak) under the interpreter and compiled at once,
    /// checks that <paramref name="compiledInstructions"/> ran compiled and that both end in the same state, and
    /// returns the compiled run's a0, a1, … (<paramref name="results"/> of them).
    /// </summary>
    private static ulong[] ResultsOfCompiledStraightLine(uint[] code, ulong compiledInstructions, int results, string what)
    {
        using var interpreted = Machine(ExecutionEngine.Interpreter, code, 0, out var interpreterTraps);
        using var compiled = Machine(ExecutionEngine.Jit, code, 0, out var compiledTraps);
        interpreted.Hart.Run(100);
        compiled.Hart.Run(100);
        Assert.Equal(compiledInstructions, compiled.Hart.InstructionsInCompiledCode);
        Capture(compiled, compiledTraps).AssertEqual(Capture(interpreted, interpreterTraps), what);
        return Enumerable.Range(A0, results).Select(compiled.Hart.GetRegister).ToArray();
    }

    [Fact]
    public void Compiled_negw_and_sext_w_are_exact_whatever_is_known_of_their_operand()
    {
        // negw and sext.w of values masked below 2^31 (where the compiler leaves the sign extension out), of values with
        // bit 31 set, and of a register that is small on the path falling into a join but large on the path taken.
        uint[] code =
        [
            Encode.Addi(T1, 0, -1),                // 0: t1 = all ones
            Encode.Andi(T0, T1, 1),                // 4: t0 = 1
            Encode.Subw(A0, 0, T0),                // 8: negw: -1
            Encode.Andi(T2, T1, 0x7ff),            // 12: t2 = 2047
            Encode.Addiw(A0 + 1, T2, 0),           // 16: sext.w: 2047
            Encode.Lui(S0, 0x80000),               // 20: s0 = 0xffffffff_80000000
            Encode.Subw(A0 + 2, 0, S0),            // 24: negw: 0xffffffff_80000000 (not 0x80000000)
            Encode.Subw(A0 + 3, 0, T1),            // 28: negw: 1
            Encode.Lui(T2, 0x80000),               // 32: t2 = 0xffffffff_80000000
            Encode.B(1, T1, 0, 8),                 // 36: bne t1, x0, 44: taken
            Encode.Andi(T2, T1, 0x7ff),            // 40: (not run) t2 = 2047
            Encode.Subw(A0 + 4, 0, T2),            // 44: join: negw: 0xffffffff_80000000
            Encode.Addiw(A0 + 5, T2, 0),           // 48: sext.w: 0xffffffff_80000000
            Encode.Ebreak,                         // 52
        ];
        Assert.Equal(
            [ulong.MaxValue, 2047, 0xffff_ffff_8000_0000, 1, 0xffff_ffff_8000_0000, 0xffff_ffff_8000_0000],
            ResultsOfCompiledStraightLine(code, compiledInstructions: 12, results: 6, "negw and sext.w"));
    }

    [Theory]
    [InlineData(ExecutionEngine.Jit)]
    [InlineData(ExecutionEngine.Auto)]
    public void Load_fault_in_the_middle_of_a_region_is_precise(ExecutionEngine engine)
    {
        // p walks 8 bytes per pass from 64 bytes below the end of the data mapping: the ninth load faults.
        const ulong start = TestMachine.DataBase + TestMachine.DataSize - 64;
        using var interpreted = Machine(ExecutionEngine.Interpreter, MemoryLoop(stride: 8), start, out var interpreterTraps);
        using var compiled = Machine(engine, MemoryLoop(stride: 8), start, out var compiledTraps);
        interpreted.Hart.Run(10_000);
        compiled.Hart.Run(10_000);
        var trap = Assert.Single(compiledTraps.Traps);
        Assert.Equal(new Trap(TrapCause.LoadAccessFault, TestMachine.DataBase + TestMachine.DataSize, LoadPc), trap);
        Assert.Equal(3UL + 8 * 7, compiled.Hart.InstructionsRetired);
        Capture(compiled, compiledTraps).AssertEqual(Capture(interpreted, interpreterTraps), "load fault");
    }

    [Theory]
    [InlineData(ExecutionEngine.Jit)]
    [InlineData(ExecutionEngine.Auto)]
    public void Store_fault_in_the_middle_of_a_region_is_precise(ExecutionEngine engine)
    {
        // The data page is made read-only for the guest by a DDC without Permit_Store once the loop is compiled.
        using var interpreted = Machine(ExecutionEngine.Interpreter, MemoryLoop(), TestMachine.DataBase, out var interpreterTraps);
        using var compiled = Machine(engine, MemoryLoop(), TestMachine.DataBase, out var compiledTraps);
        foreach (var machine in new[] { interpreted, compiled })
        {
            machine.Hart.Run(3 + 100 * 7);
            machine.Hart.SetDataCapability(Capability.Root.AndPermissions(~CapabilityPermissions.Store));
            machine.Hart.Run(10_000);
        }
        var trap = Assert.Single(compiledTraps.Traps);
        Assert.Equal(new Trap(TrapCause.Cheri, CheriFault.Value(CheriFault.DdcIndex, CheriCause.PermitStoreViolation), StorePc), trap);
        Capture(compiled, compiledTraps).AssertEqual(Capture(interpreted, interpreterTraps), "store fault");
    }

    [Theory]
    [InlineData(ExecutionEngine.Jit)]
    [InlineData(ExecutionEngine.Auto)]
    public void A_new_ddc_applies_to_code_compiled_under_the_old_one(ExecutionEngine engine)
    {
        using var machine = Machine(engine, MemoryLoop(), TestMachine.DataBase, out var traps);
        machine.Hart.Run(10_000);
        Assert.Equal(TrapCause.Breakpoint, Assert.Single(traps.Traps).Cause);
        var compiledBefore = machine.Hart.Regions!.RegionsCompiled;
        Assert.True(compiledBefore >= 1);

        // The same loop again under a DDC that ends below the data: its first load is a DDC length violation.
        traps.Traps.Clear();
        machine.Hart.SetDataCapability(Capability.Root.SetAddress(TestMachine.CodeBase).SetBounds(0x1000));
        machine.Hart.Pc = LoopStart;
        machine.Hart.SetRegister(T0, 0);
        machine.Hart.Run(10_000);
        Assert.Equal(new Trap(TrapCause.Cheri, CheriFault.Value(CheriFault.DdcIndex, CheriCause.LengthViolation), LoadPc), Assert.Single(traps.Traps));

        // Back under the root DDC the loop runs to its end again.
        traps.Traps.Clear();
        machine.Hart.SetDataCapability(Capability.Root);
        machine.Hart.Pc = LoopStart;
        machine.Hart.Run(10_000);
        Assert.Equal(new Trap(TrapCause.Breakpoint, TestMachine.CodeBase + 40, TestMachine.CodeBase + 40), Assert.Single(traps.Traps));
    }

    [Theory]
    [InlineData(ExecutionEngine.Jit)]
    [InlineData(ExecutionEngine.Auto)]
    public void Code_compiled_under_one_pcc_never_runs_under_another(ExecutionEngine engine)
    {
        // The loop is compiled in integer mode, where its ld is authorised by DDC. Run again in capability mode (same
        // bytes, no register holding a capability), that ld is authorised by t2, an integer: a tag violation on t2.
        // A region compiled under the first PCC would have loaded through the memory's window instead.
        using var interpreted = Machine(ExecutionEngine.Interpreter, MemoryLoop(), TestMachine.DataBase, out var interpreterTraps);
        using var compiled = Machine(engine, MemoryLoop(), TestMachine.DataBase, out var compiledTraps);
        RegionCache? integerModeRegions = null;
        foreach (var machine in new[] { interpreted, compiled })
        {
            machine.Hart.Run(10_000);
            integerModeRegions = machine.Hart.Regions;
            machine.Hart.Pcc = Capability.Root.SetFlag(true).SetAddress(LoopStart);
            machine.Hart.SetRegister(T0, 0);
            machine.Hart.SetRegister(T2, TestMachine.DataBase);
            machine.Hart.Run(10_000);
        }
        var compiledBefore = integerModeRegions!.RegionsCompiled;
        Assert.True(compiledBefore >= 1);
        Assert.Equal(
            [TrapCause.Breakpoint, TrapCause.Cheri],
            compiledTraps.Traps.Select(trap => trap.Cause));
        Assert.Equal(new Trap(TrapCause.Cheri, CheriFault.Value(T2, CheriCause.TagViolation), LoadPc), compiledTraps.Traps[1]);
        Capture(compiled, compiledTraps).AssertEqual(Capture(interpreted, interpreterTraps), "capability mode");

        // Back under the integer-mode PCC, the regions compiled for it are still there.
        compiled.Hart.Pcc = Capability.Root.SetAddress(LoopStart);
        compiled.Hart.SetRegister(T0, 0);
        compiled.Hart.Run(10_000);
        Assert.Equal(TrapCause.Breakpoint, compiledTraps.Traps[^1].Cause);
        Assert.Same(integerModeRegions, compiled.Hart.Regions);
        Assert.Equal(compiledBefore, integerModeRegions.RegionsCompiled);
    }

    [Theory]
    [InlineData(ExecutionEngine.Jit, false)]
    [InlineData(ExecutionEngine.Auto, false)]
    [InlineData(ExecutionEngine.Auto, true)]
    public void A_compiled_loop_that_patches_its_own_code_sees_the_new_instruction(ExecutionEngine engine, bool background)
    {
        // Ten passes over "addi t1, t1, 1"; the fourth pass overwrites it with "addi t1, t1, 16" (t3 = 3 counts down).
        uint[] code =
        [
            Encode.Addi(T0, 0, 10),              // 0: passes
            Encode.Addi(T1, T1, 1),              // 4: the instruction that gets patched
            Encode.Addi(28, 28, -1),             // 8: t3--
            Encode.B(1, 28, 0, 8),               // 12: bne t3, x0, +8 (skip the store)
            Encode.Sw(29, 30, 0),                // 16: *t4 = t5 (the new encoding)
            Encode.Addi(T0, T0, -1),             // 20
            Encode.B(1, T0, 0, -20),             // 24: bne t0, x0, 4
            Encode.Ebreak,                       // 28
        ];
        State Run(ExecutionEngine runEngine)
        {
            using var machine = Machine(runEngine, code, 0, out var traps, background: background);
            machine.Hart.SetRegister(28, 4);
            machine.Hart.SetRegister(29, TestMachine.CodeBase + 4);
            machine.Hart.SetRegister(30, Encode.Addi(T1, T1, 16));
            machine.Hart.Run(1_000);
            return Capture(machine, traps);
        }
        var interpreted = Run(ExecutionEngine.Interpreter);
        Assert.Equal(4UL + 6 * 16, interpreted.Registers[T1]);
        Run(engine).AssertEqual(interpreted, "self-modifying loop");
    }

    [Theory]
    [InlineData(ExecutionEngine.Jit)]
    [InlineData(ExecutionEngine.Auto)]
    public void Host_writes_and_fence_i_drop_compiled_code(ExecutionEngine engine)
    {
        using var machine = Machine(engine, MemoryLoop(), TestMachine.DataBase, out var traps);
        machine.Hart.Run(10_000);
        Assert.Equal(200UL * 199 / 2 * 3, machine.Hart.GetRegister(S1));

        // The host rewrites "s0 += 3" as "s0 += 5" over the compiled loop.
        machine.Load(TestMachine.CodeBase + 20, Encode.Addi(S0, S0, 5));
        machine.Load(TestMachine.DataBase, 0, 0);
        machine.Hart.Pc = TestMachine.CodeBase;
        machine.Hart.Run(10_000);
        Assert.Equal(200UL * 199 / 2 * 5, machine.Hart.GetRegister(S1));
        Assert.Equal(2, traps.Traps.Count);
    }

    [Theory]
    [InlineData(ExecutionEngine.Jit)]
    [InlineData(ExecutionEngine.Auto)]
    public void Ecalls_in_a_hot_loop_reach_the_host_handler_and_do_not_retire(ExecutionEngine engine)
    {
        uint[] code =
        [
            Encode.Addi(T0, 0, 100),             // 0
            Encode.Addi(A0, A0, 2),              // 4: loop
            Encode.Ecall,                        // 8: the host adds 1000 to a0
            Encode.Addi(T0, T0, -1),             // 12
            Encode.B(1, T0, 0, -12),             // 16
            Encode.Ebreak,                       // 20
        ];
        State Run(ExecutionEngine runEngine, out int ecalls)
        {
            using var machine = Machine(runEngine, code, 0, out _);
            var handler = new EcallAdder();
            machine.Hart.TrapHandler = handler;
            machine.Hart.Run(10_000);
            ecalls = handler.Ecalls;
            return Capture(machine, new StopOnTrap());
        }
        var interpreted = Run(ExecutionEngine.Interpreter, out var interpretedEcalls);
        var compiled = Run(engine, out var compiledEcalls);
        Assert.Equal(100, interpretedEcalls);
        Assert.Equal(100, compiledEcalls);
        Assert.Equal(100UL * 1002, compiled.Registers[A0]);
        Assert.Equal(1 + 100UL * 3, compiled.Retired);
        compiled.AssertEqual(interpreted, "ecall loop");
    }

    private sealed class EcallAdder : ITrapHandler
    {
        public int Ecalls { get; private set; }

        public TrapDisposition HandleTrap(Hart hart, in Trap trap)
        {
            if (trap.Cause != TrapCause.EnvironmentCallFromMachine)
            {
                return TrapDisposition.Stop;
            }
            Ecalls++;
            hart.SetRegister(A0, hart.GetRegister(A0) + 1000);
            return TrapDisposition.Complete;
        }
    }

    [Theory]
    [InlineData(ExecutionEngine.Jit)]
    [InlineData(ExecutionEngine.Auto)]
    public void A_hot_jump_table_is_compiled_into_the_region_that_jumps(ExecutionEngine engine)
    {
        // 32768 passes of an indirect jump (jalr x0) to A or B by the counter's low bit; both rejoin the loop.
        uint[] code =
        [
            Encode.Lui(T0, 8),                             // 0: t0 = 32768
            0x17 | (uint)T1 << 7,                          // 4: auipc t1, 0
            Encode.Addi(T1, T1, 32),                       // 8: t1 = A
            Encode.I(0x13, T2, 7, T0, 1),                  // 12: loop: t2 = t0 & 1
            Encode.I(0x13, T2, 1, T2, 3),                  // 16: t2 <<= 3
            Encode.Add(T2, T1, T2),                        // 20: t2 = A or B
            Encode.Jalr(0, T2, 0),                         // 24: jump to it
            Encode.Ebreak,                                 // 28
            Encode.Ebreak,                                 // 32
            Encode.Addi(A0, A0, 1),                        // 36: A
            Encode.Jal(0, 12),                             // 40: to join
            Encode.Addi(A0 + 1, A0 + 1, 1),                // 44: B
            Encode.Jal(0, 4),                              // 48: to join
            Encode.Addi(T0, T0, -1),                       // 52: join
            Encode.B(1, T0, 0, -44),                       // 56: bne t0, x0, loop
            Encode.Ebreak,                                 // 60
        ];
        State Run(ExecutionEngine runEngine, out Hart hart)
        {
            using var machine = Machine(runEngine, code, 0, out var traps);
            machine.Hart.Run(1_000_000);
            hart = machine.Hart;
            return Capture(machine, traps);
        }
        var interpreted = Run(ExecutionEngine.Interpreter, out _);
        Assert.Equal(16384UL, interpreted.Registers[A0]);
        Assert.Equal(16384UL, interpreted.Registers[A0 + 1]);
        Run(engine, out var compiled).AssertEqual(interpreted, "jump table");
        // Once a region is recompiled with the targets it was seen to jump to, the jumps stop leaving it: A's region
        // (which only ever jumps to B) takes B's code, and B's jump back to A is a jump to the region's own entry.
        // Without that every jump would enter a region (32768 entries); the two regions are recompiled after leaving a
        // few thousand times each.
        Assert.True(compiled.RegionEntries < 12_000, $"{compiled.RegionEntries} region entries for 32768 indirect jumps");
    }

    [Fact]
    public void Auto_compiles_a_region_only_once_its_entry_is_hot()
    {
        // A loop of few passes enters its head fewer times than the threshold: nothing is compiled.
        using var cold = Machine(ExecutionEngine.Auto, MemoryLoop(passes: Hart.AutoCompileThreshold / 2), TestMachine.DataBase, out _,
            Hart.AutoCompileThreshold);
        cold.Hart.Run(10_000);
        Assert.Equal(0, cold.Hart.Regions!.RegionsCompiled);
        Assert.Equal(0UL, cold.Hart.InstructionsInCompiledCode);

        // As many passes as the loop can count, well beyond the threshold: the passes after the head turned hot run
        // compiled (but for the rest of the pass whose first store left for the interpreter to centre the write window).
        const int passes = MaxPasses;
        using var hot = Machine(ExecutionEngine.Auto, MemoryLoop(passes: passes), TestMachine.DataBase, out _, Hart.AutoCompileThreshold);
        hot.Hart.Run(100_000);
        Assert.Equal(1, hot.Hart.Regions!.RegionsCompiled);
        Assert.Equal(Hart.AutoCompileThreshold, hot.Hart.Regions.Threshold);
        Assert.True(hot.Hart.InstructionsInCompiledCode >= (ulong)(passes - Hart.AutoCompileThreshold - 2) * 7,
            $"only {hot.Hart.InstructionsInCompiledCode} instructions ran compiled");
    }

    [Theory]
    [InlineData(0x33, 4, 7)]      // div
    [InlineData(0x33, 5, 7)]      // divu
    [InlineData(0x33, 6, -7)]     // rem
    [InlineData(0x33, 7, 7)]      // remu
    [InlineData(0x3b, 4, -97)]    // divw
    [InlineData(0x3b, 5, 97)]     // divuw
    [InlineData(0x3b, 6, 97)]     // remw
    [InlineData(0x3b, 7, -97)]    // remuw
    [InlineData(0x3b, 6, -1)]     // remw by -1: never speculated on
    [InlineData(0x33, 4, 0)]      // div by 0: never speculated on
    public void Divisions_by_the_divisor_seen_when_compiling_match_the_interpreter_and_survive_a_changed_divisor(uint opcode, int funct3, int divisor)
    {
        // A loop dividing a varying 64-bit dividend (t2, with its high bits set) by t1, which holds the divisor when
        // the code is compiled (at its first instruction, under the compile-at-once engine) and changes every 64
        // passes, so both the speculated and the general path run. The dividend is used in full after the division:
        // RyuJIT once reused a narrowed copy of an operand.
        uint[] code =
        [
            Encode.Addi(T0, 0, 300),                        // 0: passes
            Encode.Addi(T1, T1, 0),                         // 4: (the divisor is in t1 from the start)
            Encode.R(opcode, A0, funct3, T2, T1, 1),        // 8: loop: a0 = t2 op t1
            Encode.Add(S1, S1, A0),                         // 12: sum of results
            Encode.Add(S0, S0, T2),                         // 16: the dividend in full
            Encode.Add(T2, T2, S1),                         // 20: a new dividend
            Encode.Andi(28, T0, 63),                        // 24
            Encode.B(1, 28, 0, 8),                          // 28: every 64 passes ...
            Encode.Addi(T1, T1, 3),                         // 32: ... another divisor
            Encode.Addi(T0, T0, -1),                        // 36
            Encode.B(1, T0, 0, -32),                        // 40: bne t0, x0, loop
            Encode.Ebreak,                                  // 44
        ];
        const ulong dividend = 0x8765_4321_fedc_ba98;
        using var interpreted = Machine(ExecutionEngine.Interpreter, code, dividend, out var interpreterTraps);
        using var compiled = Machine(ExecutionEngine.Jit, code, dividend, out var compiledTraps);
        interpreted.Hart.SetRegister(T1, (ulong)(long)divisor);
        compiled.Hart.SetRegister(T1, (ulong)(long)divisor);
        interpreted.Hart.Run(100_000);
        compiled.Hart.Run(100_000);
        Assert.True(compiled.Hart.InstructionsInCompiledCode > 250 * 8, $"only {compiled.Hart.InstructionsInCompiledCode} instructions ran compiled");
        Capture(compiled, compiledTraps).AssertEqual(Capture(interpreted, interpreterTraps), $"opcode 0x{opcode:x} funct3 {funct3} by {divisor}");
    }

    /// <summary>Instructions of <see cref="MemoryLoop"/> up to the pass whose loop head has just turned hot.</summary>
    private const ulong UntilHot = 3 + (ShortLoopThreshold + 2) * 7;

    /// <summary>
    /// Runs <see cref="MemoryLoop"/> on <paramref name="machine"/> until its loop head has turned hot, then does
    /// <paramref name="meanwhile"/>, all while the compiler thread is held: the region is certainly still queued.
    /// </summary>
    private static void RunUntilHotWithTheCompilerHeld(TestMachine machine, Action meanwhile)
    {
        using (BackgroundCompiler.HoldForTest())
        {
            machine.Hart.Run(UntilHot);
            meanwhile();
        }
    }

    [Fact]
    public void Auto_compiles_in_the_background_and_installs_the_region_at_a_control_transfer()
    {
        const int passes = ShortLoopThreshold * 10;
        using var interpreted = Machine(ExecutionEngine.Interpreter, MemoryLoop(passes), TestMachine.DataBase, out var interpreterTraps);
        using var compiled = Machine(ExecutionEngine.Auto, MemoryLoop(passes), TestMachine.DataBase, out var compiledTraps, background: true);
        RunUntilHotWithTheCompilerHeld(compiled, () =>
        {
            // The loop head turned hot and its region is queued: the hart goes on interpreting without it.
            compiled.Hart.Run(7 * 10);
            Assert.Equal(0, compiled.Hart.Regions!.RegionsCompiled);
            Assert.Equal(0UL, compiled.Hart.InstructionsInCompiledCode);
        });
        compiled.Hart.WaitForBackgroundCompilation();
        Assert.Equal(1, compiled.Hart.Regions!.RegionsCompiled);
        compiled.Hart.Run(100_000);
        interpreted.Hart.Run(100_000);
        Assert.True(compiled.Hart.InstructionsInCompiledCode >= (ulong)(passes - ShortLoopThreshold - 14) * 7,
            $"only {compiled.Hart.InstructionsInCompiledCode} instructions ran compiled");
        Capture(compiled, compiledTraps).AssertEqual(Capture(interpreted, interpreterTraps), "compiled in the background");
    }

    [Fact]
    public void A_region_whose_code_changes_while_it_is_compiled_in_the_background_is_never_installed()
    {
        const int passes = ShortLoopThreshold * 10;
        using var interpreted = Machine(ExecutionEngine.Interpreter, MemoryLoop(passes), TestMachine.DataBase, out var interpreterTraps);
        using var compiled = Machine(ExecutionEngine.Auto, MemoryLoop(passes), TestMachine.DataBase, out var compiledTraps, background: true);
        // The host rewrites "s0 += 3" as "s0 += 5" while the region holding it waits for the compiler.
        RunUntilHotWithTheCompilerHeld(compiled, () => compiled.Load(TestMachine.CodeBase + 20, Encode.Addi(S0, S0, 5)));
        compiled.Hart.WaitForBackgroundCompilation();
        Assert.Equal(0, compiled.Hart.Regions!.RegionsCompiled);

        interpreted.Hart.Run(UntilHot);
        interpreted.Load(TestMachine.CodeBase + 20, Encode.Addi(S0, S0, 5));
        foreach (var machine in new[] { interpreted, compiled })
        {
            machine.Hart.Run(100_000);
        }
        Capture(compiled, compiledTraps).AssertEqual(Capture(interpreted, interpreterTraps), "code changed during compilation");

        // The new code turned hot in its turn and was compiled from the new bytes: the loop run again, now compiled
        // from its start, adds 5 per pass like the interpreter.
        compiled.Hart.WaitForBackgroundCompilation();
        Assert.Equal(1, compiled.Hart.Regions!.RegionsCompiled);
        var compiledBefore = compiled.Hart.InstructionsInCompiledCode;
        foreach (var machine in new[] { interpreted, compiled })
        {
            machine.Load(TestMachine.DataBase, 0, 0);
            machine.Hart.Pc = TestMachine.CodeBase;
            machine.Hart.Run(100_000);
        }
        Assert.True(compiled.Hart.InstructionsInCompiledCode - compiledBefore >= (passes - 2) * 7UL);
        Assert.Equal((ulong)passes * (passes - 1) / 2 * 5, compiled.Hart.GetRegister(S1));
        Capture(compiled, compiledTraps).AssertEqual(Capture(interpreted, interpreterTraps), "recompiled from the new code");
    }

    [Fact]
    public void A_region_compiled_for_a_cache_that_was_flushed_meanwhile_is_not_installed()
    {
        const int passes = ShortLoopThreshold * 10;
        using var compiled = Machine(ExecutionEngine.Auto, MemoryLoop(passes), TestMachine.DataBase, out _, background: true);
        RunUntilHotWithTheCompilerHeld(compiled, () => compiled.Hart.Regions!.Flush());
        compiled.Hart.WaitForBackgroundCompilation();
        Assert.Equal(0, compiled.Hart.Regions!.RegionsCompiled);
    }

    [Fact]
    public void A_region_called_with_no_budget_leaves_at_its_entry_without_touching_anything()
    {
        // What the background compiler relies on to have RyuJIT compile a region before its first real call.
        using var memory = new Memory.TaggedMemory(1UL << 32);
        var code = RegionCode.Collect(0x10000, Addition, 0)!;
        var region = RegionCompiler.Compile(code, memory, 0, JumpBounds.From(Capability.Root.GetBounds(), 2));
        var registers = Enumerable.Range(0, 32).Select(r => (ulong)r * 0x1111).ToArray();
        var expected = registers.ToArray();
        ulong remaining = 0;
        ulong next;
        unsafe
        {
            fixed (ulong* file = registers)
            {
                next = region(file, ref remaining);
            }
        }
        Assert.Equal(0x10000UL | 1, next);
        Assert.Equal(0UL, remaining);
        Assert.Equal(expected, registers);
    }

    [Fact]
    public void Compiling_is_limited_by_the_instructions_retired()
    {
        // Tiered compilation may compile 2^16 instructions up front, then one per 1024 retired.
        var cache = new RegionCache(1UL << 32, Hart.AutoCompileThreshold);
        using var memory = new Memory.TaggedMemory(1UL << 32);
        var compiled = RegionCompiler.Compile(RegionCode.Collect(0x10000, Addition, 0)!, memory, 0, JumpBounds.From(Capability.Root.GetBounds(), 2));
        var region = 0;
        while (cache.WithinCompileAllowance(retired: 0))
        {
            cache.Add(RegionCode.Collect(0x10000 + (ulong)region++ * 0x1000, Addition, 0)!, compiled);
        }
        Assert.Equal(1UL << 16, cache.InstructionsCompiled);
        Assert.False(cache.WithinCompileAllowance(retired: RegionCode.MaxInstructions * 1024 - 1));
        Assert.True(cache.WithinCompileAllowance(retired: RegionCode.MaxInstructions * 1024));
        // The compile-at-once mode is not limited.
        Assert.True(new RegionCache(1UL << 32, threshold: 0).WithinCompileAllowance(retired: 0));
    }

    private static FetchResult Addition(ulong pc, out DecodedInstruction instruction)
    {
        instruction = new DecodedInstruction { Op = Op.Addi, Rd = T0, Rs1 = T0, Imm = 1, Length = 4 };
        return FetchResult.Fetched;
    }

    [Fact]
    public void A_full_cache_evicts_every_region()
    {
        // Straight-line regions of MaxInstructions additions, each at its own page, until they exceed the bound.
        var cache = new RegionCache(1UL << 32, threshold: 0);
        using var memory = new Memory.TaggedMemory(1UL << 32);
        var compiled = RegionCompiler.Compile(RegionCode.Collect(0x10000, Addition, 0)!, memory, 0, JumpBounds.From(Capability.Root.GetBounds(), 2));
        var regionsThatFit = RegionCache.MaxCompiledInstructions / RegionCode.MaxInstructions;
        ulong Entry(int region) => 0x10000 + (ulong)region * 0x1000;
        for (var region = 0; region <= regionsThatFit; region++)
        {
            cache.Add(RegionCode.Collect(Entry(region), Addition, 0)!, compiled);
        }
        Assert.Equal(1, cache.Evictions);
        Assert.Null(cache.Find(Entry(0)));
        Assert.Null(cache.Find(Entry(regionsThatFit - 1)));
        Assert.NotNull(cache.Find(Entry(regionsThatFit)));
    }
}
