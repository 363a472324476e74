using System.Buffers.Binary;
using System.Text;

namespace Cvm.Assembly;

/// <summary>
/// Writes and reads the ELF64 little-endian RISC-V executables this SDK produces: ET_EXEC, EM_RISCV, page-aligned
/// PT_LOAD segments (code and read-only data; data and .bss), and .symtab/.strtab so disassemblers show symbols.
/// </summary>
public static class Elf
{
    private const ushort MachineRiscV = 243;
    private const uint FlagRvc = 0x1;
    private const uint FlagFloatAbiDouble = 0x4;
    private const uint SectionProgBits = 1, SectionSymTab = 2, SectionStrTab = 3, SectionNoBits = 8;
    private const ulong FlagWrite = 1, FlagAlloc = 2, FlagExec = 4;
    private const ushort SectionIndexAbsolute = 0xFFF1;

    /// <summary>The ELF flags GNU ld gives an rv64gc/lp64d program: double-float ABI, plus RVC when compressed code is present.</summary>
    public static uint Flags(LinkedImage image) => FlagFloatAbiDouble | (image.UsesCompressed ? FlagRvc : 0);

    public static byte[] Write(LinkedImage image)
    {
        var sections = image.Sections.Where(s => s.Size > 0 || s.Name == ".text").ToList();
        var text = sections.Where(s => s.Kind <= SectionKind.ReadOnlyData).ToList();
        var data = sections.Where(s => s.Kind >= SectionKind.Data).ToList();
        var segments = new List<(List<LinkedSection> Sections, uint Flags)> { (text, 5) };
        if (data.Count > 0)
        {
            segments.Add((data, 6));
        }

        const int headerSize = 64, programHeaderSize = 56, sectionHeaderSize = 64;
        var output = new List<byte>(new byte[headerSize + programHeaderSize * segments.Count]);
        var fileOffsets = new Dictionary<string, long>();
        foreach (var (segmentSections, _) in segments)
        {
            // File offset ≡ virtual address (mod page size), as the loader maps whole pages.
            var first = segmentSections[0].Address;
            var offset = AlignUp(output.Count, (long)LinkedImage.PageSize) + (long)(first % LinkedImage.PageSize);
            Pad(output, offset);
            foreach (var section in segmentSections)
            {
                var sectionOffset = offset + (long)(section.Address - first);
                fileOffsets[section.Name] = sectionOffset;
                if (section.Kind != SectionKind.Uninitialized)
                {
                    Pad(output, sectionOffset);
                    output.AddRange(section.Data);
                }
            }
        }

        // Symbol table: the null symbol, locals, then globals (ELF requires locals first).
        var strtab = new StringTable();
        var symtab = new List<byte>(new byte[24]);
        var ordered = image.Symbols.Where(s => !Symbol.IsHiddenName(s.Name)).OrderBy(s => s.IsGlobal).ToList();
        var firstGlobal = 1 + ordered.Count(s => !s.IsGlobal);
        foreach (var symbol in ordered)
        {
            var entry = new byte[24];
            BinaryPrimitives.WriteUInt32LittleEndian(entry, strtab.Add(symbol.Name));
            var type = symbol.Kind switch { SymbolKind.Object => 1, SymbolKind.Function => 2, _ => 0 };
            entry[4] = (byte)((symbol.IsGlobal ? 1 : 0) << 4 | type);
            var index = symbol.Section is null ? SectionIndexAbsolute : (ushort)(sections.FindIndex(s => s.Name == symbol.Section) + 1);
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(6), index);
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), symbol.Address);
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(16), (ulong)symbol.Size);
            symtab.AddRange(entry);
        }
        var shstrtab = new StringTable();

        Pad(output, AlignUp(output.Count, 8));
        var symtabOffset = output.Count;
        output.AddRange(symtab);
        var strtabOffset = output.Count;
        output.AddRange(strtab.Bytes);
        var headers = new List<byte[]> { new byte[sectionHeaderSize] };
        foreach (var section in sections)
        {
            var flags = FlagAlloc | (section.Kind == SectionKind.Code ? FlagExec : 0)
                | (section.Kind >= SectionKind.Data ? FlagWrite : 0);
            headers.Add(SectionHeader(shstrtab.Add(section.Name), section.Kind == SectionKind.Uninitialized ? SectionNoBits : SectionProgBits,
                flags, section.Address, fileOffsets[section.Name], section.Size, 0, 0, section.Alignment, 0));
        }
        var strtabIndex = (uint)headers.Count + 1;
        headers.Add(SectionHeader(shstrtab.Add(".symtab"), SectionSymTab, 0, 0, symtabOffset, symtab.Count, strtabIndex, (uint)firstGlobal, 8, 24));
        headers.Add(SectionHeader(shstrtab.Add(".strtab"), SectionStrTab, 0, 0, strtabOffset, strtab.Bytes.Count, 0, 0, 1, 0));
        var shstrtabName = shstrtab.Add(".shstrtab");
        var shstrtabOffset = output.Count;
        output.AddRange(shstrtab.Bytes);
        headers.Add(SectionHeader(shstrtabName, SectionStrTab, 0, 0, shstrtabOffset, shstrtab.Bytes.Count, 0, 0, 1, 0));
        Pad(output, AlignUp(output.Count, 8));
        var sectionHeadersOffset = output.Count;
        foreach (var header in headers)
        {
            output.AddRange(header);
        }

        var bytes = output.ToArray();
        WriteFileHeader(bytes, image, segments.Count, sectionHeadersOffset, headers.Count, headers.Count - 1);
        for (var i = 0; i < segments.Count; i++)
        {
            var (segmentSections, flags) = segments[i];
            var first = segmentSections[0];
            var last = segmentSections[^1];
            var memorySize = last.Address + (ulong)last.Size - first.Address;
            var fileSize = segmentSections.Where(s => s.Kind != SectionKind.Uninitialized)
                .Select(s => s.Address + (ulong)s.Size - first.Address).DefaultIfEmpty(0UL).Max();
            var ph = bytes.AsSpan(headerSize + i * programHeaderSize, programHeaderSize);
            BinaryPrimitives.WriteUInt32LittleEndian(ph, 1); // PT_LOAD
            BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], flags);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[8..], (ulong)fileOffsets[first.Name]);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[16..], first.Address);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[24..], first.Address);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[32..], fileSize);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[40..], memorySize);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[48..], LinkedImage.PageSize);
        }
        return bytes;
    }

    private static void WriteFileHeader(byte[] bytes, LinkedImage image, int programHeaders, long sectionHeadersOffset, int sectionCount, int shstrtabIndex)
    {
        var h = bytes.AsSpan(0, 64);
        h[0] = 0x7F; h[1] = (byte)'E'; h[2] = (byte)'L'; h[3] = (byte)'F';
        h[4] = 2; // 64-bit
        h[5] = 1; // little-endian
        h[6] = 1; // version
        BinaryPrimitives.WriteUInt16LittleEndian(h[16..], 2); // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(h[18..], MachineRiscV);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(h[24..], image.Entry);
        BinaryPrimitives.WriteUInt64LittleEndian(h[32..], 64);
        BinaryPrimitives.WriteUInt64LittleEndian(h[40..], (ulong)sectionHeadersOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(h[48..], Flags(image));
        BinaryPrimitives.WriteUInt16LittleEndian(h[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(h[54..], 56);
        BinaryPrimitives.WriteUInt16LittleEndian(h[56..], (ushort)programHeaders);
        BinaryPrimitives.WriteUInt16LittleEndian(h[58..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(h[60..], (ushort)sectionCount);
        BinaryPrimitives.WriteUInt16LittleEndian(h[62..], (ushort)shstrtabIndex);
    }

    private static byte[] SectionHeader(uint name, uint type, ulong flags, ulong address, long offset, long size, uint link, uint info,
        long alignment, long entrySize)
    {
        var header = new byte[64];
        var s = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, name);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], type);
        BinaryPrimitives.WriteUInt64LittleEndian(s[8..], flags);
        BinaryPrimitives.WriteUInt64LittleEndian(s[16..], address);
        BinaryPrimitives.WriteUInt64LittleEndian(s[24..], (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(s[32..], (ulong)size);
        BinaryPrimitives.WriteUInt32LittleEndian(s[40..], link);
        BinaryPrimitives.WriteUInt32LittleEndian(s[44..], info);
        BinaryPrimitives.WriteUInt64LittleEndian(s[48..], (ulong)alignment);
        BinaryPrimitives.WriteUInt64LittleEndian(s[56..], (ulong)entrySize);
        return header;
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) & ~(alignment - 1);

    private static void Pad(List<byte> output, long length)
    {
        while (output.Count < length)
        {
            output.Add(0);
        }
    }

    private sealed class StringTable
    {
        public List<byte> Bytes { get; } = [0];

        public uint Add(string name)
        {
            var offset = (uint)Bytes.Count;
            Bytes.AddRange(Encoding.UTF8.GetBytes(name));
            Bytes.Add(0);
            return offset;
        }
    }

    /// <summary>What <see cref="Read"/> found in an ELF file: loadable sections with their bytes, and symbols.</summary>
    public sealed record ElfContents(ulong Entry, uint Flags, IReadOnlyList<(string Name, ulong Address, byte[] Data, bool Executable)> Sections,
        IReadOnlyList<(string Name, ulong Address, int SectionIndex, byte Type)> Symbols);

    /// <summary>True when <paramref name="bytes"/> start with the ELF magic number.</summary>
    public static bool IsElf(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[0] == 0x7F && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';

    /// <summary>Reads a 64-bit little-endian RISC-V ELF file. Every offset is bounds-checked: a malformed file gives an <see cref="InvalidDataException"/>.</summary>
    public static ElfContents Read(byte[] bytes)
    {
        if (!IsElf(bytes) || bytes.Length < 64 || bytes[4] != 2 || bytes[5] != 1)
        {
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        }
        var machine = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(18));
        if (machine != MachineRiscV)
        {
            throw new InvalidDataException($"ELF machine {machine} is not RISC-V");
        }
        var entry = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(24));
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(48));
        var shoff = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(40));
        var shentsize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(58));
        var shnum = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(60));
        var shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(62));
        if (shnum == 0)
        {
            return new ElfContents(entry, flags, [], []);
        }
        if (shentsize < 64 || shoff > (ulong)bytes.Length || (ulong)shnum * shentsize > (ulong)bytes.Length - shoff || shstrndx >= shnum)
        {
            throw new InvalidDataException("ELF section header table is out of bounds");
        }
        var headers = new (uint Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size, uint Link)[shnum];
        for (var i = 0; i < shnum; i++)
        {
            var s = bytes.AsSpan((int)shoff + i * shentsize, 64);
            headers[i] = (BinaryPrimitives.ReadUInt32LittleEndian(s), BinaryPrimitives.ReadUInt32LittleEndian(s[4..]),
                BinaryPrimitives.ReadUInt64LittleEndian(s[8..]), BinaryPrimitives.ReadUInt64LittleEndian(s[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(s[24..]), BinaryPrimitives.ReadUInt64LittleEndian(s[32..]),
                BinaryPrimitives.ReadUInt32LittleEndian(s[40..]));
        }
        byte[] Contents(int index)
        {
            var h = headers[index];
            if (h.Type == SectionNoBits)
            {
                return [];
            }
            if (h.Offset > (ulong)bytes.Length || h.Size > (ulong)bytes.Length - h.Offset)
            {
                throw new InvalidDataException($"ELF section {index} lies outside the file");
            }
            return bytes.AsSpan((int)h.Offset, (int)h.Size).ToArray();
        }
        string Name(byte[] table, uint offset)
        {
            if (offset >= table.Length)
            {
                throw new InvalidDataException("ELF string offset is out of bounds");
            }
            var end = Array.IndexOf(table, (byte)0, (int)offset);
            return Encoding.UTF8.GetString(table, (int)offset, (end < 0 ? table.Length : end) - (int)offset);
        }
        var sectionNames = Contents(shstrndx);
        var sections = new List<(string, ulong, byte[], bool)>();
        var symbols = new List<(string, ulong, int, byte)>();
        for (var i = 0; i < shnum; i++)
        {
            var h = headers[i];
            if ((h.Flags & FlagAlloc) != 0 && h.Type == SectionProgBits)
            {
                sections.Add((Name(sectionNames, h.Name), h.Address, Contents(i), (h.Flags & FlagExec) != 0));
            }
            if (h.Type == SectionSymTab)
            {
                if (h.Link >= shnum)
                {
                    throw new InvalidDataException("ELF symbol table links to a missing string table");
                }
                var table = Contents(i);
                var names = Contents((int)h.Link);
                for (var offset = 24; offset + 24 <= table.Length; offset += 24)
                {
                    var symbolEntry = table.AsSpan(offset, 24);
                    var type = (byte)(symbolEntry[4] & 0xF);
                    var name = Name(names, BinaryPrimitives.ReadUInt32LittleEndian(symbolEntry));
                    var sectionIndex = BinaryPrimitives.ReadUInt16LittleEndian(symbolEntry[6..]);
                    // Section symbols (type 3), file symbols (4) and mapping symbols ($x, $d) are not labels.
                    if (name.Length > 0 && type is not (3 or 4) && !name.StartsWith('$'))
                    {
                        symbols.Add((name, BinaryPrimitives.ReadUInt64LittleEndian(symbolEntry[8..]), sectionIndex, type));
                    }
                }
            }
        }
        return new ElfContents(entry, flags, sections, symbols);
    }
}
