using Cvm.Machine.Memory;

namespace Cvm.Machine.Tests;

/// <summary>A small machine for unit tests: 16 MiB of address space, code at <see cref="CodeBase"/>, data at <see cref="DataBase"/>.</summary>
internal sealed class TestMachine : IDisposable
{
    public const ulong CodeBase = 0x10000;
    public const ulong DataBase = 0x100000;
    public const ulong DataSize = 0x10000;

    public TestMachine(params uint[] code)
    {
        Memory = new TaggedMemory(16 << 20);
        Memory.Map(CodeBase, 0x10000);
        Memory.Map(DataBase, DataSize);
        Hart = new Hart(Memory) { Pc = CodeBase };
        Load(CodeBase, code);
    }

    public TaggedMemory Memory { get; }

    public Hart Hart { get; }

    public void Load(ulong address, params uint[] words)
    {
        var bytes = new byte[words.Length * 4];
        Buffer.BlockCopy(words, 0, bytes, 0, bytes.Length);
        Assert.True(Memory.TryWrite(address, bytes));
    }

    public ulong ReadUInt64(ulong address)
    {
        var bytes = new byte[8];
        Assert.True(Memory.TryRead(address, bytes));
        return BitConverter.ToUInt64(bytes);
    }

    public ulong Csr(int number)
    {
        Assert.True(Hart.TryReadCsr(number, out var value));
        return value;
    }

    public void Dispose() => Memory.Dispose();
}

/// <summary>A trap handler that records every trap and stops the run at the first.</summary>
internal sealed class StopOnTrap : ITrapHandler
{
    public List<Trap> Traps { get; } = new();

    public TrapDisposition HandleTrap(Hart hart, in Trap trap)
    {
        Traps.Add(trap);
        return TrapDisposition.Stop;
    }
}
