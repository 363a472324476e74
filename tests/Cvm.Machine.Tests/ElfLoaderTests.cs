using System.Buffers.Binary;
using Cvm.Machine.Elf;
using Cvm.Machine.Memory;
using Cvm.Testing;

namespace Cvm.Machine.Tests;

public class ElfLoaderTests
{
    private static byte[] ValidElf() => new ElfBuilder()
        .Code(0x10000, Encode.Addi(10, 0, 3), Encode.Addi(17, 0, 93), Encode.Ecall)
        .Segment(0x11000, [1, 2, 3, 4], memorySize: 0x2000, flags: 6)
        .Symbol("answer", 0x11000)
        .Build();

    private static LoadedProgram Load(byte[] bytes, TaggedMemory memory) => ElfLoader.Load(ElfFile.Parse(bytes), memory);

    [Fact]
    public void A_valid_file_loads_its_segments_zeroes_bss_and_reads_symbols()
    {
        using var memory = new TaggedMemory(1 << 24);
        var program = Load(ValidElf(), memory);
        Assert.Equal(0x10000UL, program.Entry);
        Assert.Equal(0x11000UL, program.SymbolAddress("answer"));
        Assert.Null(program.SymbolAddress("missing"));
        Assert.Equal(0x13000UL, program.EndAddress);
        var data = new byte[8];
        Assert.True(memory.TryRead(0x11000, data));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 0, 0, 0, 0 }, data);
        Assert.True(memory.IsMapped(0x12fff, 1));
        Assert.False(memory.IsMapped(0x13000, 1));
    }

    [Fact]
    public void Addresses_are_named_by_the_nearest_symbol_below_them()
    {
        using var memory = new TaggedMemory(1 << 24);
        var program = Load(ValidElf(), memory);
        Assert.Equal("answer+0x4", program.Symbolize(0x11004));
        Assert.Null(program.Symbolize(0x10ffc));
    }

    [Fact]
    public void Every_truncation_is_rejected_with_a_format_error()
    {
        var bytes = ValidElf();
        for (var length = 0; length < bytes.Length; length++)
        {
            var truncated = bytes[..length];
            Assert.Throws<ElfFormatException>(() =>
            {
                using var memory = new TaggedMemory(1 << 24);
                Load(truncated, memory);
            });
        }
    }

    public static TheoryData<string, int, int, ulong, string> HostileFields => new()
    {
        // description, offset of the field, its width, the hostile value, a fragment of the expected message
        { "zero program headers", 56, 2, 0, "e_phnum is 0" },
        { "too many program headers", 56, 2, 65535, "exceeds the limit" },
        { "program headers past the end", 32, 8, 1UL << 40, "extends past the end" },
        { "program header offset that wraps", 32, 8, ulong.MaxValue - 8, "extends past the end" },
        { "wrong machine", 18, 2, 62, "not RISC-V" },
        { "32-bit class", 4, 1, 1, "not a 64-bit" },
        { "big endian", 5, 1, 2, "not a little-endian" },
        { "relocatable object", 16, 2, 1, "not an executable" },
        { "segment contents past the end", ElfBuilder.ProgramHeaderOffset(0) + 8, 8, 1UL << 33, "extends past the end" },
        { "file size larger than memory size", ElfBuilder.ProgramHeaderOffset(0) + 32, 8, 0x100, "exceeds p_memsz" },
        { "huge segment", ElfBuilder.ProgramHeaderOffset(1) + 40, 8, 1UL << 50, "outside the emulated address space" },
        { "segment that wraps", ElfBuilder.ProgramHeaderOffset(1) + 40, 8, ulong.MaxValue - 0x1000, "wraps around" },
        { "overlapping segments", ElfBuilder.ProgramHeaderOffset(1) + 16, 8, 0x10004, "overlap" },
        { "segment in the NULL page", ElfBuilder.ProgramHeaderOffset(0) + 16, 8, 0, "outside the emulated address space" },
        { "odd entry point", 24, 8, 0x10001, "not 2-byte aligned" },
        { "symbol table past the end", 0, 0, 0, "" },
    };

    [Theory]
    [MemberData(nameof(HostileFields))]
    public void Hostile_fields_are_rejected_with_a_clear_message(string description, int offset, int width, ulong value, string message)
    {
        var bytes = ValidElf();
        if (width == 0)
        {
            // The symbol table's sh_offset (section 1): point it far outside the file.
            var sectionHeaders = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(40));
            offset = sectionHeaders + ElfBuilder.SectionHeaderSize + 24;
            width = 8;
            value = 1UL << 36;
            message = "extends past the end";
        }
        var field = bytes.AsSpan(offset, width);
        switch (width)
        {
            case 1: field[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)value); break;
            case 8: BinaryPrimitives.WriteUInt64LittleEndian(field, value); break;
        }
        using var memory = new TaggedMemory(1 << 24);
        var error = Assert.Throws<ElfFormatException>(() => Load(bytes, memory));
        Assert.True(error.Message.Contains(message, StringComparison.Ordinal), $"{description}: '{error.Message}'");
    }

    [Fact]
    public void Random_byte_mutations_never_escape_as_anything_but_a_format_error()
    {
        var random = new Random(20261126);
        var original = ValidElf();
        for (var i = 0; i < 3000; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            using var memory = new TaggedMemory(1 << 24);
            try
            {
                Load(bytes, memory);
            }
            catch (ElfFormatException)
            {
            }
        }
    }

    [ReferenceFact("riscv64-linux-gnu-gcc")]
    public void A_glibc_static_executable_and_a_static_pie_load_with_their_program_headers_visible()
    {
        var directory = Directory.CreateTempSubdirectory("cvm-elf-");
        try
        {
            var source = Path.Combine(directory.FullName, "p.c");
            File.WriteAllText(source, "int main(void) { return 0; }\n");
            foreach (var (flags, type) in new[] { ("-static", ElfType.Executable), ("-static-pie", ElfType.SharedObject) })
            {
                var output = Path.Combine(directory.FullName, $"p{flags}");
                var compiled = ReferenceTools.Run("riscv64-linux-gnu-gcc", ["-O2", flags, source, "-o", output]);
                if (compiled.ExitCode != 0 && flags == "-static-pie")
                {
                    // Debian's cross glibc ships no rcrt1.o; static-PIE relocation is covered by the hand-built file below.
                    continue;
                }
                Assert.True(compiled.ExitCode == 0, compiled.StandardError);
                var file = ElfFile.Load(output);
                Assert.Equal(type, file.Type);
                using var memory = new TaggedMemory(1UL << 32);
                var program = ElfLoader.Load(file, memory);
                Assert.NotNull(program.ProgramHeaderAddress);
                Assert.True(memory.IsMapped(program.Entry, 4));
                Assert.NotNull(program.SymbolAddress("main"));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_position_independent_executable_is_placed_and_its_relative_relocations_applied()
    {
        // ET_DYN linked at 0: code, then a data word that an R_RISCV_RELATIVE relocation points at 0x1008 + base.
        var data = new byte[0x100];
        var dynamicOffsetInSegment = 0x20;
        var relaOffsetInSegment = 0x60;
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(dynamicOffsetInSegment), 7); // DT_RELA
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(dynamicOffsetInSegment + 8), 0x1000 + (ulong)relaOffsetInSegment);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(dynamicOffsetInSegment + 16), 8); // DT_RELASZ
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(dynamicOffsetInSegment + 24), 24);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(relaOffsetInSegment), 0x1000); // r_offset
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(relaOffsetInSegment + 8), 3); // R_RISCV_RELATIVE
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(relaOffsetInSegment + 16), 0x1008); // addend
        var builder = new ElfBuilder { Type = 3 }.Code(0x0, Encode.Addi(0, 0, 0)).Segment(0x1000, data, flags: 6);
        var bytes = builder.Build();
        // The data segment also holds the dynamic array: describe it with an added PT_DYNAMIC header.
        var withDynamic = AddDynamicHeader(bytes, fileOffsetOfData: (ulong)FindSegmentOffset(bytes, 1), dynamicOffsetInSegment, 0x1000);
        using var memory = new TaggedMemory(1 << 24);
        var program = Load(withDynamic, memory);
        Assert.Equal(ElfLoader.PositionIndependentBase, program.LoadBias);
        Assert.Equal(ElfLoader.PositionIndependentBase, program.Entry);
        var word = new byte[8];
        Assert.True(memory.TryRead(ElfLoader.PositionIndependentBase + 0x1000, word));
        Assert.Equal(ElfLoader.PositionIndependentBase + 0x1008, BitConverter.ToUInt64(word));
    }

    private static long FindSegmentOffset(byte[] bytes, int index) =>
        (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(ElfBuilder.ProgramHeaderOffset(index) + 8));

    /// <summary>Rebuilds the file with a third program header, PT_DYNAMIC, covering the dynamic array.</summary>
    private static byte[] AddDynamicHeader(byte[] bytes, ulong fileOffsetOfData, int dynamicOffsetInSegment, ulong dataAddress)
    {
        var headerEnd = ElfBuilder.ProgramHeaderOffset(2);
        var result = new byte[bytes.Length + ElfBuilder.ProgramHeaderSize];
        bytes.AsSpan(0, headerEnd).CopyTo(result);
        bytes.AsSpan(headerEnd).CopyTo(result.AsSpan(headerEnd + ElfBuilder.ProgramHeaderSize));
        // Every file offset after the header table moved by one header.
        for (var i = 0; i < 2; i++)
        {
            var offsetField = result.AsSpan(ElfBuilder.ProgramHeaderOffset(i) + 8, 8);
            BinaryPrimitives.WriteUInt64LittleEndian(offsetField, BinaryPrimitives.ReadUInt64LittleEndian(offsetField) + ElfBuilder.ProgramHeaderSize);
        }
        var dynamic = result.AsSpan(headerEnd, ElfBuilder.ProgramHeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(dynamic, 2);
        BinaryPrimitives.WriteUInt64LittleEndian(dynamic[8..], fileOffsetOfData + ElfBuilder.ProgramHeaderSize + (ulong)dynamicOffsetInSegment);
        BinaryPrimitives.WriteUInt64LittleEndian(dynamic[16..], dataAddress + (ulong)dynamicOffsetInSegment);
        BinaryPrimitives.WriteUInt64LittleEndian(dynamic[32..], 48);
        BinaryPrimitives.WriteUInt64LittleEndian(dynamic[40..], 48);
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(56), 3);
        return result;
    }

    [Fact]
    public void A_dynamically_linked_program_is_refused()
    {
        var bytes = ValidElf();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(ElfBuilder.ProgramHeaderOffset(1)), 3); // PT_INTERP
        var error = Assert.Throws<ElfFormatException>(() => ElfFile.Parse(bytes));
        Assert.Contains("dynamically linked", error.Message);
    }
}
