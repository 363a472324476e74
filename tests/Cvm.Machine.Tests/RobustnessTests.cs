using Cvm.Machine.Memory;

namespace Cvm.Machine.Tests;

public class RobustnessTests
{
    private static readonly HashSet<TrapCause> ArchitecturalCauses =
    [
        TrapCause.InstructionAddressMisaligned, TrapCause.InstructionAccessFault, TrapCause.IllegalInstruction,
        TrapCause.Breakpoint, TrapCause.LoadAddressMisaligned, TrapCause.LoadAccessFault, TrapCause.StoreAddressMisaligned,
        TrapCause.StoreAccessFault, TrapCause.EnvironmentCallFromUser, TrapCause.EnvironmentCallFromMachine,
        // An access that wraps past 2^64 exceeds even the root DDC's bounds: a CHERI length violation, as in Sail.
        TrapCause.Cheri,
    ];

    /// <summary>On any trap, checks it is architectural and carries on at a random code address.</summary>
    private sealed class Scatter(Random random, ulong codeBase, int codeBytes) : ITrapHandler
    {
        public int Traps { get; private set; }

        public TrapDisposition HandleTrap(Hart hart, in Trap trap)
        {
            Assert.Contains(trap.Cause, ArchitecturalCauses);
            Traps++;
            hart.Pc = codeBase + (ulong)random.Next(codeBytes / 2) * 2;
            return TrapDisposition.Resume;
        }
    }

    [Theory]
    [InlineData(1, PrivilegeMode.Machine)]
    [InlineData(2, PrivilegeMode.User)]
    [InlineData(3, PrivilegeMode.Machine)]
    public void Random_words_executed_as_code_raise_only_architectural_traps(int seed, PrivilegeMode privilege)
    {
        const ulong CodeBase = 0x10000;
        const int CodeBytes = 0x4000;
        var random = new Random(seed);
        using var memory = new TaggedMemory(1 << 24);
        memory.Map(CodeBase, CodeBytes);
        memory.Map(0x100000, 0x10000);
        var words = new byte[CodeBytes];
        random.NextBytes(words);
        memory.TryWrite(CodeBase, words);
        var hart = new Hart(memory) { Pc = CodeBase, Privilege = privilege };
        hart.EnableFloatingPoint();
        for (var register = 1; register < 32; register++)
        {
            // Half the registers point into mapped data, so loads and stores do happen.
            hart.SetRegister(register, random.Next(2) == 0 ? 0x100000 + (ulong)random.Next(0x10000) : (ulong)random.NextInt64());
        }
        var handler = new Scatter(random, CodeBase, CodeBytes);
        hart.TrapHandler = handler;
        for (var slice = 0; slice < 20; slice++)
        {
            Assert.Equal(StopReason.BudgetExhausted, hart.Run(10_000));
        }
        Assert.Equal(200_000UL, hart.InstructionsRetired);
        Assert.True(handler.Traps > 0);
    }
}
