using System.Buffers.Binary;
using System.Text;

namespace Cvm.Machine.Elf;

/// <summary>A malformed, hostile or unsupported ELF file; the message says which field is wrong and why.</summary>
public sealed class ElfFormatException(string message) : Exception(message);

/// <summary>ELF file types the loader accepts.</summary>
public enum ElfType : ushort
{
    Executable = 2,
    SharedObject = 3,
}

/// <summary>A loadable segment (PT_LOAD), validated against the file.</summary>
public readonly record struct ElfSegment(ulong VirtualAddress, ulong FileOffset, ulong FileSize, ulong MemorySize, uint Flags)
{
    public const uint Execute = 1, Write = 2, Read = 4;
}

/// <summary>A symbol from the symbol table (defined or not).</summary>
public readonly record struct ElfSymbol(string Name, ulong Value, ulong Size, bool IsFunction, bool IsDefined);

/// <summary>
/// A hand-written reader for static RV64 little-endian ELF executables. It exists, rather than a library, because
/// the input is hostile: every field is checked against the file's length and against fixed limits before use,
/// every offset computation is overflow-checked, and nothing is allocated in proportion to a count the file claims
/// until that count has been checked against the bytes actually present. Any problem is an
/// <see cref="ElfFormatException"/> naming the field; no other exception escapes <see cref="Parse"/>.
/// </summary>
public sealed class ElfFile
{
    /// <summary>The largest file accepted (a static executable far larger than this is not a plausible guest).</summary>
    public const int MaxFileSize = 512 << 20;

    /// <summary>At most this many program headers (Linux caps the table at 64 KiB, i.e. 1170 entries).</summary>
    public const int MaxProgramHeaders = 1024;

    /// <summary>At most this many symbols are read; more is not a program anyone wrote by hand or compiler.</summary>
    public const int MaxSymbols = 1 << 20;

    private const ushort MachineRiscV = 243;
    private const uint PtLoad = 1, PtDynamic = 2, PtInterp = 3, PtPhdr = 6, PtTls = 7;
    private const int ElfHeaderSize = 64, ProgramHeaderSize = 56, SectionHeaderSize = 64, SymbolSize = 24, RelaSize = 24;
    private const uint ShtSymtab = 2;

    private readonly byte[] _bytes;

    private ElfFile(byte[] bytes) => _bytes = bytes;

    public ElfType Type { get; private set; }

    public ulong Entry { get; private set; }

    /// <summary>File offset of the program header table (for AT_PHDR).</summary>
    public ulong ProgramHeaderOffset { get; private set; }

    public int ProgramHeaderCount { get; private set; }

    public IReadOnlyList<ElfSegment> Segments { get; private set; } = [];

    /// <summary>The PT_TLS segment, if any.</summary>
    public ElfSegment? TlsSegment { get; private set; }

    /// <summary>Virtual address of the program header table if the file says where it is loaded (PT_PHDR).</summary>
    public ulong? ProgramHeaderAddress { get; private set; }

    public IReadOnlyList<ElfSymbol> Symbols { get; private set; } = [];

    /// <summary>R_RISCV_RELATIVE relocations of a position-independent executable: (offset, addend) pairs.</summary>
    public IReadOnlyList<(ulong Offset, long Addend)> RelativeRelocations { get; private set; } = [];

    /// <summary>The file's bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The defined symbol named <paramref name="name"/>, if any.</summary>
    public ElfSymbol? FindSymbol(string name)
    {
        foreach (var symbol in Symbols)
        {
            if (symbol.IsDefined && symbol.Name == name)
            {
                return symbol;
            }
        }
        return null;
    }

    /// <summary>Parses and validates <paramref name="bytes"/> (kept, not copied).</summary>
    public static ElfFile Parse(byte[] bytes)
    {
        var file = new ElfFile(bytes);
        file.ParseHeader();
        return file;
    }

    /// <summary>Reads and parses a file, refusing ones larger than <see cref="MaxFileSize"/> before reading them.</summary>
    public static ElfFile Load(string path)
    {
        using var stream = File.OpenRead(path);
        if (stream.Length > MaxFileSize)
        {
            throw new ElfFormatException($"the file is {stream.Length} bytes; executables larger than {MaxFileSize} bytes are not accepted");
        }
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return Parse(bytes);
    }

    private void ParseHeader()
    {
        if (_bytes.Length < ElfHeaderSize)
        {
            throw new ElfFormatException($"the file is {_bytes.Length} bytes long, shorter than an ELF header ({ElfHeaderSize} bytes)");
        }
        if (_bytes[0] != 0x7f || _bytes[1] != (byte)'E' || _bytes[2] != (byte)'L' || _bytes[3] != (byte)'F')
        {
            throw new ElfFormatException("not an ELF file (bad magic number)");
        }
        if (_bytes[4] != 2)
        {
            throw new ElfFormatException("not a 64-bit ELF file (EI_CLASS is not ELFCLASS64)");
        }
        if (_bytes[5] != 1)
        {
            throw new ElfFormatException("not a little-endian ELF file (EI_DATA is not ELFDATA2LSB)");
        }
        if (_bytes[6] != 1 || U32(20) != 1)
        {
            throw new ElfFormatException("unsupported ELF version (expected EV_CURRENT)");
        }
        var type = U16(16);
        if (type is not ((ushort)ElfType.Executable or (ushort)ElfType.SharedObject))
        {
            throw new ElfFormatException($"e_type {type} is not an executable (expected ET_EXEC or a static-PIE ET_DYN)");
        }
        Type = (ElfType)type;
        if (U16(18) != MachineRiscV)
        {
            throw new ElfFormatException($"e_machine {U16(18)} is not RISC-V ({MachineRiscV})");
        }
        Entry = U64(24);
        if ((Entry & 1) != 0)
        {
            throw new ElfFormatException($"the entry point 0x{Entry:x} is not 2-byte aligned");
        }
        ProgramHeaderOffset = U64(32);
        var sectionHeaderOffset = U64(40);
        var programHeaderEntrySize = U16(54);
        var programHeaderCount = U16(56);
        var sectionHeaderEntrySize = U16(58);
        var sectionHeaderCount = U16(60);

        if (programHeaderCount == 0)
        {
            throw new ElfFormatException("the file has no program headers (e_phnum is 0), so nothing can be loaded");
        }
        if (programHeaderCount > MaxProgramHeaders)
        {
            throw new ElfFormatException($"e_phnum {programHeaderCount} exceeds the limit of {MaxProgramHeaders} program headers");
        }
        if (programHeaderEntrySize != ProgramHeaderSize)
        {
            throw new ElfFormatException($"e_phentsize {programHeaderEntrySize} is not {ProgramHeaderSize}");
        }
        ProgramHeaderCount = programHeaderCount;
        CheckRange(ProgramHeaderOffset, (ulong)programHeaderCount * ProgramHeaderSize, "the program header table (e_phoff, e_phnum)");
        ParseProgramHeaders();

        if (sectionHeaderCount != 0 && sectionHeaderOffset != 0)
        {
            if (sectionHeaderEntrySize != SectionHeaderSize)
            {
                throw new ElfFormatException($"e_shentsize {sectionHeaderEntrySize} is not {SectionHeaderSize}");
            }
            CheckRange(sectionHeaderOffset, (ulong)sectionHeaderCount * SectionHeaderSize, "the section header table (e_shoff, e_shnum)");
            ParseSymbols(sectionHeaderOffset, sectionHeaderCount);
        }
    }

    private void ParseProgramHeaders()
    {
        var segments = new List<ElfSegment>();
        ElfSegment? dynamic = null;
        for (var i = 0; i < ProgramHeaderCount; i++)
        {
            var at = (int)ProgramHeaderOffset + i * ProgramHeaderSize;
            var type = U32(at);
            var segment = new ElfSegment(U64(at + 16), U64(at + 8), U64(at + 32), U64(at + 40), U32(at + 4));
            switch (type)
            {
                case PtInterp:
                    throw new ElfFormatException("the program is dynamically linked (it has PT_INTERP); only static executables can run");
                case PtLoad:
                    CheckSegment(segment, i);
                    if (segment.MemorySize > 0)
                    {
                        segments.Add(segment);
                    }
                    break;
                case PtTls:
                    CheckSegment(segment, i);
                    TlsSegment = segment;
                    break;
                case PtDynamic:
                    CheckSegment(segment, i);
                    dynamic = segment;
                    break;
                case PtPhdr:
                    ProgramHeaderAddress = segment.VirtualAddress;
                    break;
            }
        }
        if (segments.Count == 0)
        {
            throw new ElfFormatException("the file has no loadable (PT_LOAD) segment");
        }
        segments.Sort((a, b) => a.VirtualAddress.CompareTo(b.VirtualAddress));
        for (var i = 1; i < segments.Count; i++)
        {
            var previous = segments[i - 1];
            if (segments[i].VirtualAddress < previous.VirtualAddress + previous.MemorySize)
            {
                throw new ElfFormatException(
                    $"loadable segments overlap: [0x{previous.VirtualAddress:x}, 0x{previous.VirtualAddress + previous.MemorySize:x}) and one at 0x{segments[i].VirtualAddress:x}");
            }
        }
        Segments = segments;
        if (dynamic is { } d)
        {
            ParseRelocations(d);
        }
    }

    private void CheckSegment(ElfSegment segment, int index)
    {
        if (segment.FileSize > segment.MemorySize)
        {
            throw new ElfFormatException($"program header {index}: p_filesz 0x{segment.FileSize:x} exceeds p_memsz 0x{segment.MemorySize:x}");
        }
        if (segment.VirtualAddress + segment.MemorySize < segment.VirtualAddress)
        {
            throw new ElfFormatException($"program header {index}: p_vaddr 0x{segment.VirtualAddress:x} + p_memsz 0x{segment.MemorySize:x} wraps around the address space");
        }
        CheckRange(segment.FileOffset, segment.FileSize, $"program header {index}'s file contents (p_offset, p_filesz)");
    }

    private void ParseRelocations(ElfSegment dynamic)
    {
        ulong rela = 0, relaSize = 0, relaEntry = RelaSize;
        var hasRela = false;
        for (ulong at = dynamic.FileOffset; at + 16 <= dynamic.FileOffset + dynamic.FileSize; at += 16)
        {
            var tag = U64((int)at);
            var value = U64((int)at + 8);
            switch (tag)
            {
                case 0: goto Done;
                case 7: rela = value; hasRela = true; break;
                case 8: relaSize = value; break;
                case 9: relaEntry = value; break;
            }
        }
    Done:
        if (!hasRela || relaSize == 0)
        {
            return;
        }
        if (relaEntry != RelaSize)
        {
            throw new ElfFormatException($"DT_RELAENT {relaEntry} is not {RelaSize}");
        }
        if (relaSize % RelaSize != 0)
        {
            throw new ElfFormatException($"DT_RELASZ {relaSize} is not a multiple of {RelaSize}");
        }
        var offset = FileOffsetOf(rela, relaSize) ?? throw new ElfFormatException(
            $"DT_RELA 0x{rela:x} (size {relaSize}) does not lie within the file contents of a loadable segment");
        var relocations = new List<(ulong, long)>();
        for (ulong i = 0; i < relaSize; i += RelaSize)
        {
            var at = (int)(offset + i);
            const uint RiscvRelative = 3;
            if ((uint)U64(at + 8) == RiscvRelative)
            {
                relocations.Add((U64(at), (long)U64(at + 16)));
            }
        }
        RelativeRelocations = relocations;
    }

    /// <summary>The file offset holding virtual range [address, address + length), if one segment's file bytes cover it.</summary>
    private ulong? FileOffsetOf(ulong address, ulong length)
    {
        foreach (var segment in Segments)
        {
            if (address >= segment.VirtualAddress && length <= segment.FileSize && address - segment.VirtualAddress <= segment.FileSize - length)
            {
                return segment.FileOffset + (address - segment.VirtualAddress);
            }
        }
        return null;
    }

    private void ParseSymbols(ulong sectionHeaderOffset, int sectionHeaderCount)
    {
        for (var i = 0; i < sectionHeaderCount; i++)
        {
            var at = (int)sectionHeaderOffset + i * SectionHeaderSize;
            if (U32(at + 4) != ShtSymtab)
            {
                continue;
            }
            var offset = U64(at + 24);
            var size = U64(at + 32);
            var link = U32(at + 40);
            CheckRange(offset, size, $"the symbol table (section {i})");
            if (link >= sectionHeaderCount)
            {
                throw new ElfFormatException($"the symbol table's string table index {link} is not a section");
            }
            var stringsAt = (int)sectionHeaderOffset + (int)link * SectionHeaderSize;
            var stringsOffset = U64(stringsAt + 24);
            var stringsSize = U64(stringsAt + 32);
            CheckRange(stringsOffset, stringsSize, $"the symbol string table (section {link})");
            var count = size / SymbolSize;
            if (count > MaxSymbols)
            {
                throw new ElfFormatException($"the symbol table has {count} entries, more than the limit of {MaxSymbols}");
            }
            var symbols = new List<ElfSymbol>((int)count);
            for (var s = 1; s < (int)count; s++)
            {
                var symbolAt = (int)offset + s * SymbolSize;
                var nameOffset = U32(symbolAt);
                var info = _bytes[symbolAt + 4];
                var sectionIndex = U16(symbolAt + 6);
                if (nameOffset >= stringsSize)
                {
                    throw new ElfFormatException($"symbol {s}'s name offset {nameOffset} lies outside the string table");
                }
                var nameBytes = _bytes.AsSpan((int)(stringsOffset + nameOffset), (int)(stringsSize - nameOffset));
                var end = nameBytes.IndexOf((byte)0);
                if (end < 0)
                {
                    throw new ElfFormatException($"symbol {s}'s name is not terminated within the string table");
                }
                symbols.Add(new ElfSymbol(Encoding.UTF8.GetString(nameBytes[..end]), U64(symbolAt + 8), U64(symbolAt + 16),
                    IsFunction: (info & 0xf) == 2, IsDefined: sectionIndex != 0));
            }
            Symbols = symbols;
            return;
        }
    }

    /// <summary>Checks that [offset, offset + length) lies within the file.</summary>
    private void CheckRange(ulong offset, ulong length, string what)
    {
        if (offset > (ulong)_bytes.Length || length > (ulong)_bytes.Length - offset)
        {
            throw new ElfFormatException($"{what} at offset 0x{offset:x}, 0x{length:x} bytes long, extends past the end of the {_bytes.Length}-byte file");
        }
    }

    private ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(at, 2));

    private uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(at, 4));

    private ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan(at, 8));
}
