using Cvm.Assembly;
using Cvm.Assembly.Text;
using Cvm.Cheri;
using Cvm.Machine.Memory;

namespace Cvm.Machine.Tests.Cheri;

/// <summary>
/// An assembly snippet assembled in-process (Cvm.Assembly's text assembler and linker) and run on a fresh hart
/// whose trap handler stops at the first trap. By convention snippets end in <c>ebreak</c>, so a run that
/// completes stops with a breakpoint; anything else is the trap under test. Memory: the program at 0x10000
/// (64 KiB), data at <see cref="DataBase"/> (64 KiB).
/// </summary>
internal sealed class CheriProgram : IDisposable
{
    public const ulong DataBase = TestMachine.DataBase;

    private readonly StopOnTrap _traps = new();
    private readonly LinkedImage _image;

    public CheriProgram(string source)
    {
        _image = Linker.Link(TextAssembler.Assemble(source, "test.s"));
        Memory = new TaggedMemory(16 << 20);
        Memory.Map(TestMachine.CodeBase, 0x10000);
        Memory.Map(DataBase, TestMachine.DataSize);
        foreach (var section in _image.Sections)
        {
            Assert.True(Memory.TryWrite(section.Address, section.Data));
        }
        Hart = new Hart(Memory) { Pc = _image.Entry, TrapHandler = _traps };
    }

    public TaggedMemory Memory { get; }

    public Hart Hart { get; }

    /// <summary>The first trap of the last run.</summary>
    public Trap Trap => Assert.Single(_traps.Traps);

    /// <summary>Assembles and runs <paramref name="source"/> from its first instruction.</summary>
    public static CheriProgram Run(string source, Action<Hart>? setup = null)
    {
        var program = new CheriProgram(source);
        setup?.Invoke(program.Hart);
        program.Run();
        return program;
    }

    /// <summary>Runs from the current PC until the first trap.</summary>
    public void Run(ulong pc = 0)
    {
        _traps.Traps.Clear();
        if (pc != 0)
        {
            Hart.Pc = pc;
        }
        Assert.Equal(StopReason.Stopped, Hart.Run(100_000));
    }

    /// <summary>The address of a label of the program.</summary>
    public ulong Address(string label) => _image.Symbols.Single(symbol => symbol.Name == label).Address;

    public ulong X(int register) => Hart.GetRegister(register);

    public Capability C(int register) => Hart.GetCapabilityRegister(register);

    /// <summary>The run reached its closing <c>ebreak</c>.</summary>
    public void AssertCompleted()
    {
        var trap = Trap;
        Assert.True(trap.Cause == TrapCause.Breakpoint, $"expected the program to complete, but it trapped: {trap.Description} (mtval 0x{trap.Value:x}) at 0x{trap.Pc:x}");
    }

    /// <summary>The run stopped with a CHERI exception with this mtval at the instruction labelled <paramref name="label"/>.</summary>
    public void AssertCheriTrap(ulong mtval, string label)
    {
        var trap = Trap;
        Assert.True(trap.Cause == TrapCause.Cheri, $"expected a CHERI exception, got {trap.Description} (mtval 0x{trap.Value:x}) at 0x{trap.Pc:x}");
        Assert.Equal($"0x{mtval:x}", $"0x{trap.Value:x}");
        Assert.Equal(Address(label), trap.Pc);
    }

    /// <summary>The run stopped with <paramref name="cause"/> and <paramref name="mtval"/> at the instruction labelled <paramref name="label"/>.</summary>
    public void AssertTrap(TrapCause cause, ulong mtval, string label)
    {
        var trap = Trap;
        Assert.Equal(cause, trap.Cause);
        Assert.Equal($"0x{mtval:x}", $"0x{trap.Value:x}");
        Assert.Equal(Address(label), trap.Pc);
    }

    public void Dispose() => Memory.Dispose();
}
