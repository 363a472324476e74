using System.Buffers.Binary;
using System.Text;

namespace Cvm.Machine.Tests;

/// <summary>
/// Writes small, valid RV64 ELF executables for tests: one PT_LOAD segment per (address, bytes, memory size), an
/// optional symbol table, and an entry point. Tests mutate the result to make hostile files.
/// </summary>
internal sealed class ElfBuilder
{
    public const int HeaderSize = 64, ProgramHeaderSize = 56, SectionHeaderSize = 64;

    private readonly List<(ulong Address, byte[] Bytes, ulong MemorySize, uint Flags)> _segments = new();
    private readonly List<(string Name, ulong Value)> _symbols = new();

    public ulong Entry { get; set; }

    public ushort Type { get; set; } = 2;

    public ElfBuilder Segment(ulong address, byte[] bytes, ulong? memorySize = null, uint flags = 7)
    {
        _segments.Add((address, bytes, memorySize ?? (ulong)bytes.Length, flags));
        return this;
    }

    public ElfBuilder Code(ulong address, params uint[] words)
    {
        var bytes = new byte[words.Length * 4];
        Buffer.BlockCopy(words, 0, bytes, 0, bytes.Length);
        Entry = address;
        return Segment(address, bytes, flags: 5);
    }

    public ElfBuilder Symbol(string name, ulong value)
    {
        _symbols.Add((name, value));
        return this;
    }

    /// <summary>File offset of program header <paramref name="index"/>.</summary>
    public static int ProgramHeaderOffset(int index) => HeaderSize + index * ProgramHeaderSize;

    public byte[] Build()
    {
        var output = new List<byte>(new byte[HeaderSize + _segments.Count * ProgramHeaderSize]);
        var offsets = new List<int>();
        foreach (var segment in _segments)
        {
            offsets.Add(output.Count);
            output.AddRange(segment.Bytes);
        }

        int symbolTableOffset = 0, stringTableOffset = 0, stringTableSize = 0, sectionHeadersOffset = 0;
        if (_symbols.Count > 0)
        {
            var strings = new List<byte> { 0 };
            var symbols = new List<byte>(new byte[24]);
            foreach (var (name, value) in _symbols)
            {
                var entry = new byte[24];
                BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)strings.Count);
                entry[4] = 0x11; // global object
                BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(6), 1);
                BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), value);
                BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(16), 8);
                symbols.AddRange(entry);
                strings.AddRange(Encoding.ASCII.GetBytes(name));
                strings.Add(0);
            }
            symbolTableOffset = output.Count;
            output.AddRange(symbols);
            stringTableOffset = output.Count;
            stringTableSize = strings.Count;
            output.AddRange(strings);
            while (output.Count % 8 != 0)
            {
                output.Add(0);
            }
            sectionHeadersOffset = output.Count;
            output.AddRange(new byte[SectionHeaderSize]); // SHN_UNDEF
            output.AddRange(SectionHeader(2, symbolTableOffset, symbols.Count, link: 2));
            output.AddRange(SectionHeader(3, stringTableOffset, stringTableSize, link: 0));
        }

        var file = output.ToArray();
        var header = file.AsSpan();
        header[0] = 0x7f; header[1] = (byte)'E'; header[2] = (byte)'L'; header[3] = (byte)'F';
        header[4] = 2; header[5] = 1; header[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(header[16..], Type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[18..], 243);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], Entry);
        BinaryPrimitives.WriteUInt64LittleEndian(header[32..], HeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(header[40..], (ulong)sectionHeadersOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(header[52..], HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[54..], ProgramHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[56..], (ushort)_segments.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(header[58..], SectionHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[60..], (ushort)(_symbols.Count > 0 ? 3 : 0));
        for (var i = 0; i < _segments.Count; i++)
        {
            var ph = header[ProgramHeaderOffset(i)..];
            var (address, bytes, memorySize, flags) = _segments[i];
            BinaryPrimitives.WriteUInt32LittleEndian(ph, 1);
            BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], flags);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[8..], (ulong)offsets[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[16..], address);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[24..], address);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[32..], (ulong)bytes.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[40..], memorySize);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[48..], 0x1000);
        }
        return file;
    }

    private static byte[] SectionHeader(uint type, int offset, int size, uint link)
    {
        var header = new byte[SectionHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), type);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(32), (ulong)size);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), link);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(56), type == 2 ? 24UL : 0);
        return header;
    }
}
