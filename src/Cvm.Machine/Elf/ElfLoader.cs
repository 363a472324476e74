using Cvm.Machine.Memory;

namespace Cvm.Machine.Elf;

/// <summary>Where a program ended up in guest memory.</summary>
public sealed record LoadedProgram(
    ElfFile File,
    ulong LoadBias,
    ulong Entry,
    ulong LowestAddress,
    ulong EndAddress,
    ulong? ProgramHeaderAddress)
{
    /// <summary>The address of a defined symbol after relocation, if the symbol table has it.</summary>
    public ulong? SymbolAddress(string name) => File.FindSymbol(name) is { } symbol ? symbol.Value + LoadBias : null;

    /// <summary>
    /// Names <paramref name="address"/> as "symbol+0xoffset": the function symbol containing it, or else (for
    /// hand-written code whose labels carry no type or size) the nearest defined symbol at or below it. Mapping
    /// symbols ("$x…", "$d…") and unnamed ones are not names.
    /// </summary>
    public string? Symbolize(ulong address)
    {
        ElfSymbol? containing = null, nearest = null;
        foreach (var symbol in File.Symbols)
        {
            var start = symbol.Value + LoadBias;
            if (!symbol.IsDefined || symbol.Value == 0 || symbol.Name.Length == 0 || symbol.Name[0] == '$' || address < start)
            {
                continue;
            }
            if (symbol.IsFunction && address - start < symbol.Size && (containing is null || symbol.Value > containing.Value.Value))
            {
                containing = symbol;
            }
            if (nearest is null || symbol.Value > nearest.Value.Value)
            {
                nearest = symbol;
            }
        }
        return (containing ?? nearest) is { } found ? $"{found.Name}+0x{address - (found.Value + LoadBias):x}" : null;
    }
}

/// <summary>Maps an <see cref="ElfFile"/>'s segments into a <see cref="TaggedMemory"/> and applies its relocations.</summary>
public static class ElfLoader
{
    /// <summary>
    /// Where a position-independent executable (ET_DYN) is placed: low, like a non-PIE executable's usual
    /// 0x10000, so both kinds share one layout.
    /// </summary>
    public const ulong PositionIndependentBase = 0x10000;

    /// <summary>
    /// Loads <paramref name="file"/>: maps and fills every PT_LOAD segment (the bss part reads zero), relocates a
    /// static PIE by <see cref="PositionIndependentBase"/>, and applies its R_RISCV_RELATIVE relocations (other
    /// relocation kinds, such as IRELATIVE, are left to the program's own start-up code, as glibc's static-PIE
    /// start-up expects). Throws <see cref="ElfFormatException"/> if a segment does not fit the address space.
    /// </summary>
    public static LoadedProgram Load(ElfFile file, TaggedMemory memory)
    {
        var bias = file.Type == ElfType.SharedObject ? PositionIndependentBase - AlignDown(file.Segments[0].VirtualAddress) : 0;
        var lowest = ulong.MaxValue;
        ulong end = 0;
        foreach (var segment in file.Segments)
        {
            // For a PIE, offsets from the first segment are what matter; checking them before adding the base
            // keeps a hostile p_vaddr from wrapping the sum around.
            var offsetFromFirst = segment.VirtualAddress - AlignDown(file.Segments[0].VirtualAddress);
            if (bias != 0 && offsetFromFirst >= memory.Size)
            {
                throw new ElfFormatException($"segment at 0x{segment.VirtualAddress:x} lies too far from the first segment to fit the address space");
            }
            var start = segment.VirtualAddress + bias;
            if (start < TaggedMemory.PageSize || start >= memory.Size || segment.MemorySize > memory.Size - start)
            {
                throw new ElfFormatException(
                    $"segment [0x{start:x}, +0x{segment.MemorySize:x}) lies outside the emulated address space [0x{TaggedMemory.PageSize:x}, 0x{memory.Size:x})");
            }
            lowest = Math.Min(lowest, AlignDown(start));
            end = Math.Max(end, start + segment.MemorySize);
        }
        foreach (var segment in file.Segments)
        {
            var start = segment.VirtualAddress + bias;
            memory.Map(AlignDown(start), AlignUp(start + segment.MemorySize) - AlignDown(start));
            memory.TryWrite(start, file.Bytes.Slice((int)segment.FileOffset, (int)segment.FileSize));
        }
        Span<byte> word = stackalloc byte[8];
        foreach (var (offset, addend) in file.RelativeRelocations)
        {
            BitConverter.TryWriteBytes(word, (ulong)addend + bias);
            if (!memory.TryWrite(offset + bias, word))
            {
                throw new ElfFormatException($"relocation at 0x{offset:x} does not lie in a loaded segment");
            }
        }

        return new LoadedProgram(file, bias, file.Entry + bias, lowest, end, ProgramHeaderAddress(file, bias));
    }

    /// <summary>
    /// Where the program header table lies once <paramref name="file"/> is loaded with <paramref name="bias"/>
    /// (AT_PHDR, which static glibc needs to find its TLS segment), or null if no loaded byte holds it.
    /// </summary>
    public static ulong? ProgramHeaderAddress(ElfFile file, ulong bias)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.ProgramHeaderAddress is { } declared)
        {
            return declared + bias;
        }
        // Without PT_PHDR, the table is visible if a segment's file contents include it.
        var tableSize = (ulong)file.ProgramHeaderCount * 56;
        foreach (var segment in file.Segments)
        {
            if (file.ProgramHeaderOffset >= segment.FileOffset && file.ProgramHeaderOffset - segment.FileOffset + tableSize <= segment.FileSize)
            {
                return segment.VirtualAddress + bias + (file.ProgramHeaderOffset - segment.FileOffset);
            }
        }
        return null;
    }

    private static ulong AlignDown(ulong value) => value & ~(ulong)(TaggedMemory.PageSize - 1);

    private static ulong AlignUp(ulong value) => (value + TaggedMemory.PageSize - 1) & ~(ulong)(TaggedMemory.PageSize - 1);
}
