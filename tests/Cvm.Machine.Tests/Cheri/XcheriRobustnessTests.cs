using Cvm.Cheri;

namespace Cvm.Machine.Tests.Cheri;

/// <summary>
/// Hostile Xcheri code: random words of the CHERI encoding spaces, run with capabilities of every kind in the
/// registers, must only ever raise architectural traps, never a host exception.
/// </summary>
public sealed class XcheriRobustnessTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_Xcheri_words_raise_only_architectural_traps(int seed)
    {
        var random = new Random(seed);
        var words = new uint[4096];
        for (var i = 0; i < words.Length; i++)
        {
            var word = (uint)random.NextInt64(0, 1L << 32);
            // Mostly the 0x5B space (two-operand, load, store and CInvoke classes weighted up), plus LQ/SQ and the
            // capability AMOs.
            words[i] = random.Next(6) switch
            {
                0 => (word & 0x01FF_FF80u) | 0xFE00_005Bu,
                1 => (word & 0x01FF_8F80u) | 0xFA00_005Bu,
                2 => (word & 0x01FF_8F80u) | 0xF800_005Bu,
                3 => (word & ~0x7000u & ~0x7Fu) | 0x200Fu,
                4 => (word & ~0x7000u & ~0x7Fu & 0x07FF_FFFFu) | (random.Next(4) == 0 ? 0x0800_402Fu : 0x1000_402Fu),
                _ => (word & ~0x7Fu) | 0x5Bu,
            };
        }
        using var machine = new TestMachine(words);
        var handler = new SkipTraps(TestMachine.CodeBase, (ulong)words.Length * 4);
        machine.Hart.TrapHandler = handler;
        var data = Capability.Root.SetAddress(TestMachine.DataBase).SetBounds(0x100);
        Capability[] seeds =
        [
            Capability.Root, data, data.SealEntry(), data.ClearTag(), data.Seal(Capability.Root.SetAddress(5)),
            Capability.Root.SetAddress(TestMachine.CodeBase + 0x40).SetBounds(0x80), Capability.FromInteger(TestMachine.DataBase + 8),
        ];
        for (var register = 1; register < 32; register++)
        {
            machine.Hart.SetCapabilityRegister(register, seeds[register % seeds.Length]);
        }

        machine.Hart.Run(50_000);

        Assert.True(handler.Traps > 100, $"only {handler.Traps} traps: the words hardly exercised the checks");
        Assert.Contains(TrapCause.Cheri, handler.Causes);
        Assert.Contains(TrapCause.IllegalInstruction, handler.Causes);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_words_in_capability_mode_raise_only_architectural_traps(int seed)
    {
        // Any word, weighted to the opcodes capability mode redefines: loads, stores, AMOs, FP accesses, LC/SC,
        // AUIPC/JAL/JALR and the compressed quadrants (two 16-bit parcels per word).
        var random = new Random(seed);
        uint[] majors = [0x03, 0x23, 0x2F, 0x07, 0x27, 0x0F, 0x17, 0x6F, 0x67, 0x5B];
        var words = new uint[4096];
        for (var i = 0; i < words.Length; i++)
        {
            var word = (uint)random.NextInt64(0, 1L << 32);
            words[i] = random.Next(3) == 0 ? word & ~0x0003_0003u | (uint)random.Next(3) | (uint)random.Next(3) << 16
                : (word & ~0x7Fu) | majors[random.Next(majors.Length)];
        }
        using var machine = new TestMachine(words);
        machine.Hart.EnableFloatingPoint();
        var handler = new SkipTraps(TestMachine.CodeBase, (ulong)words.Length * 4, capabilityMode: true);
        machine.Hart.TrapHandler = handler;
        machine.Hart.Pcc = Capability.Root.SetFlag(true).SetAddress(TestMachine.CodeBase);
        var data = Capability.Root.SetAddress(TestMachine.DataBase).SetBounds(0x100);
        Capability[] seeds =
        [
            Capability.Root, data, data.SealEntry(), data.ClearTag(), data.Seal(Capability.Root.SetAddress(5)),
            Capability.Root.SetFlag(true).SetAddress(TestMachine.CodeBase + 0x40).SetBounds(0x80), Capability.FromInteger(TestMachine.DataBase + 8),
        ];
        for (var register = 1; register < 32; register++)
        {
            machine.Hart.SetCapabilityRegister(register, seeds[register % seeds.Length]);
        }

        machine.Hart.Run(50_000);

        Assert.True(handler.Traps > 100, $"only {handler.Traps} traps: the words hardly exercised the checks");
        Assert.Contains(TrapCause.Cheri, handler.Causes);
        Assert.Contains(TrapCause.IllegalInstruction, handler.Causes);
    }

    /// <summary>Resumes after every trap at the next word of the program under the root PCC (in the given mode), up to a limit.</summary>
    private sealed class SkipTraps(ulong codeBase, ulong codeLength, bool capabilityMode = false) : ITrapHandler
    {
        public int Traps { get; private set; }

        public HashSet<TrapCause> Causes { get; } = [];

        public TrapDisposition HandleTrap(Hart hart, in Trap trap)
        {
            Traps++;
            Causes.Add(trap.Cause);
            if (Traps > 20_000)
            {
                return TrapDisposition.Stop;
            }
            var next = trap.Pc - codeBase < codeLength - 4 ? trap.Pc + 4 : codeBase + (ulong)(Traps * 4 % (int)codeLength);
            hart.Pcc = Capability.Root.SetFlag(capabilityMode).SetAddress(next & ~3UL);
            hart.SetDataCapability(Capability.Root);
            return TrapDisposition.Resume;
        }
    }
}
