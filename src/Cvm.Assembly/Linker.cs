using System.Buffers.Binary;
using Cvm.Assembly.Isa;
using Cvm.Assembly.Text;

namespace Cvm.Assembly;

/// <summary>A section placed at its final address, with relocations applied.</summary>
public sealed record LinkedSection(string Name, SectionKind Kind, ulong Address, byte[] Data, long Size, int Alignment);

/// <summary>A symbol at its final address (or an absolute value, with a null section).</summary>
public sealed record LinkedSymbol(string Name, string? Section, ulong Address, bool IsGlobal, SymbolKind Kind, long Size);

/// <summary>
/// A statically linked program: sections at addresses (code, read-only data, then data and .bss on the next page),
/// resolved symbols and the entry point (<c>_start</c>, else the start of .text).
/// </summary>
public sealed class LinkedImage
{
    /// <summary>The page size used to align segments (and their file offsets in ELF output).</summary>
    public const ulong PageSize = 0x1000;

    public const ulong DefaultBaseAddress = 0x10000;

    internal LinkedImage(ulong baseAddress, ulong entry, IReadOnlyList<LinkedSection> sections, IReadOnlyList<LinkedSymbol> symbols,
        bool usesCompressed)
    {
        BaseAddress = baseAddress;
        Entry = entry;
        Sections = sections;
        Symbols = symbols;
        UsesCompressed = usesCompressed;
    }

    public ulong BaseAddress { get; }
    public ulong Entry { get; }
    public IReadOnlyList<LinkedSection> Sections { get; }
    public IReadOnlyList<LinkedSymbol> Symbols { get; }

    /// <summary>True when the program contains compressed instructions (the ELF RVC flag).</summary>
    public bool UsesCompressed { get; }

    /// <summary>The memory image from the base address to the end of the last section with contents; gaps are zero.</summary>
    public byte[] ToFlatBinary()
    {
        var loaded = Sections.Where(s => s.Kind != SectionKind.Uninitialized && s.Size > 0).ToList();
        if (loaded.Count == 0)
        {
            return [];
        }
        var end = loaded.Max(s => s.Address + (ulong)s.Size);
        var image = new byte[end - BaseAddress];
        foreach (var section in loaded)
        {
            section.Data.CopyTo(image, (int)(section.Address - BaseAddress));
        }
        return image;
    }

    /// <summary>The value of a symbol, or null when it is not defined.</summary>
    public ulong? AddressOf(string name) => Symbols.FirstOrDefault(s => s.Name == name)?.Address;
}

/// <summary>Places sections, resolves symbols and applies relocations.</summary>
public static class Linker
{
    /// <summary>Links one assembled object at <paramref name="baseAddress"/>; throws <see cref="AssemblyException"/> on unresolved or out-of-range references.</summary>
    public static LinkedImage Link(ObjectFile obj, ulong baseAddress = LinkedImage.DefaultBaseAddress)
    {
        obj = MergeSections(obj);
        var addresses = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var address = baseAddress;
        var ordered = obj.Sections.OrderBy(s => s.Kind).ToList();
        var placedData = false;
        foreach (var section in ordered)
        {
            if (section.Kind >= SectionKind.Data && !placedData)
            {
                // Writable data starts a new page so it can get its own read-write segment.
                address = AlignUp(address, LinkedImage.PageSize);
                placedData = true;
            }
            address = AlignUp(address, (ulong)section.Alignment);
            addresses[section.Name] = address;
            address += (ulong)section.Size;
        }

        var symbols = obj.Symbols.Select(s => new LinkedSymbol(s.Name, s.Section,
            s.Section is null ? (ulong)s.Value : addresses[s.Section] + (ulong)s.Value, s.IsGlobal, s.Kind, s.Size)).ToList();
        var symbolValues = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            symbolValues[symbol.Name] = symbol.Address;
        }

        var errors = new List<Diagnostic>();
        var linked = new List<LinkedSection>();
        foreach (var section in ordered)
        {
            var data = section.Data.ToArray();
            var sectionAddress = addresses[section.Name];
            foreach (var relocation in section.Relocations)
            {
                try
                {
                    Apply(relocation, data, sectionAddress, section, symbolValues);
                }
                catch (StatementException e)
                {
                    errors.Add(new Diagnostic(e.Location, e.Message));
                }
            }
            linked.Add(new LinkedSection(section.Name, section.Kind, sectionAddress, data, section.Size, section.Alignment));
        }
        if (errors.Count > 0)
        {
            throw new AssemblyException(errors);
        }
        var entry = symbolValues.TryGetValue("_start", out var start) ? start : addresses.GetValueOrDefault(".text", baseAddress);
        return new LinkedImage(baseAddress, entry, linked, symbols, obj.UsesCompressed);
    }

    /// <summary>
    /// The output section an input section goes into, as in GNU ld's default script: <c>.text.*</c> into
    /// <c>.text</c>, <c>.rodata.*</c> into <c>.rodata</c>, <c>.data.*</c>/<c>.sdata*</c> into <c>.data</c>,
    /// <c>.bss.*</c>/<c>.sbss*</c> into <c>.bss</c>. Other names stay as they are.
    /// </summary>
    public static string OutputSectionName(string name) => name switch
    {
        _ when name == ".text" || name.StartsWith(".text.", StringComparison.Ordinal) => ".text",
        _ when name == ".rodata" || name.StartsWith(".rodata.", StringComparison.Ordinal) => ".rodata",
        _ when name == ".data" || name.StartsWith(".data.", StringComparison.Ordinal) || name.StartsWith(".sdata", StringComparison.Ordinal) => ".data",
        _ when name == ".bss" || name.StartsWith(".bss.", StringComparison.Ordinal) || name.StartsWith(".sbss", StringComparison.Ordinal) => ".bss",
        _ => name,
    };

    /// <summary>Concatenates input sections into output sections (each input aligned), moving relocations and symbols along.</summary>
    private static ObjectFile MergeSections(ObjectFile obj)
    {
        var merged = new ObjectFile { UsesCompressed = obj.UsesCompressed };
        var placement = new Dictionary<string, (string Output, int Delta)>(StringComparer.Ordinal);
        foreach (var input in obj.Sections)
        {
            var name = OutputSectionName(input.Name);
            var output = merged.FindSection(name);
            if (output is null)
            {
                output = new Section(name, input.Kind) { Alignment = input.Alignment };
                merged.Sections.Add(output);
            }
            output.Alignment = Math.Max(output.Alignment, input.Alignment);
            var delta = (int)AlignUp((ulong)output.Size, (ulong)input.Alignment);
            if (output.Kind != SectionKind.Uninitialized)
            {
                output.Data.AddRange(new byte[delta - output.Data.Count]);
                output.Data.AddRange(input.Data);
            }
            output.Size = delta + input.Size;
            output.Relocations.AddRange(input.Relocations.Select(r => r with { Offset = r.Offset + delta }));
            placement[input.Name] = (name, delta);
        }
        merged.Symbols.AddRange(obj.Symbols.Select(s => s.Section is null ? s
            : s with { Section = placement[s.Section].Output, Value = s.Value + placement[s.Section].Delta }));
        return merged;
    }

    private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);

    private static void Apply(Relocation relocation, byte[] data, ulong sectionAddress, Section section, Dictionary<string, ulong> symbols)
    {
        var location = relocation.Location;
        var symbolAddress = Resolve(relocation.Symbol, location, symbols);
        var target = (long)(symbolAddress + (ulong)relocation.Addend);
        var place = (long)(sectionAddress + (ulong)relocation.Offset);
        switch (relocation.Kind)
        {
            case RelocationKind.Absolute32:
                if (target < int.MinValue || target > uint.MaxValue)
                {
                    throw new StatementException(location, $"address 0x{target:x} of '{Parser.DisplayName(relocation.Symbol)}' does not fit in 32 bits");
                }
                BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(relocation.Offset), (uint)target);
                break;
            case RelocationKind.Absolute64:
                BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(relocation.Offset), (ulong)target);
                break;
            case RelocationKind.Hi20:
                RequireInt32(target, location, "%hi");
                Patch(data, relocation, ((target + 0x800) >> 12) & 0xFFFFF);
                break;
            case RelocationKind.Lo12I or RelocationKind.Lo12S:
                Patch(data, relocation, AssemblyPass.SignExtend12(target));
                break;
            case RelocationKind.PcrelHi20:
                RequireInt32(target - place, location, "%pcrel_hi");
                Patch(data, relocation, ((target - place + 0x800) >> 12) & 0xFFFFF);
                break;
            case RelocationKind.PcrelLo12I or RelocationKind.PcrelLo12S:
                Patch(data, relocation, AssemblyPass.SignExtend12(PcrelHiOffset(relocation, (ulong)target, section, sectionAddress, symbols)));
                break;
            case RelocationKind.Branch or RelocationKind.Jal or RelocationKind.RvcBranch or RelocationKind.RvcJump:
            {
                var offset = target - place;
                if (relocation.Field!.Check(offset) is not null)
                {
                    var name = relocation.Symbol.Length == 0 ? $"0x{target:x}" : $"'{Parser.DisplayName(relocation.Symbol)}'";
                    throw new StatementException(location, $"branch target {name} is out of range (offset {offset})");
                }
                Patch(data, relocation, offset);
                break;
            }
            case RelocationKind.Call:
            {
                var offset = target - place;
                RequireInt32(offset, location, "call");
                var hi = (offset + 0x800) >> 12;
                var lo = offset - (hi << 12);
                Patch(data, relocation with { Field = Fields.Upper20 }, hi & 0xFFFFF);
                Patch(data, relocation with { Offset = relocation.Offset + 4, Field = Fields.Imm12 }, lo);
                break;
            }
            default:
                throw new StatementException(location, $"unsupported relocation {relocation.Kind}");
        }
    }

    /// <summary>A symbol's address; the empty name stands for address 0 (a constant branch target is absolute).</summary>
    private static ulong Resolve(string symbol, SourceLocation location, Dictionary<string, ulong> symbols)
    {
        if (symbol.Length == 0)
        {
            return 0;
        }
        if (symbols.TryGetValue(symbol, out var value))
        {
            return value;
        }
        throw new StatementException(location, $"undefined symbol '{Parser.DisplayName(symbol)}'");
    }

    /// <summary>For %pcrel_lo(label): the offset computed by the %pcrel_hi relocation on the AUIPC at that label.</summary>
    private static long PcrelHiOffset(Relocation low, ulong anchor, Section section, ulong sectionAddress, Dictionary<string, ulong> symbols)
    {
        var high = section.Relocations.FirstOrDefault(r =>
            r.Kind is RelocationKind.PcrelHi20 && sectionAddress + (ulong)r.Offset == anchor);
        if (high is null)
        {
            throw new StatementException(low.Location,
                $"%pcrel_lo({Parser.DisplayName(low.Symbol)}) must name the label of an auipc with %pcrel_hi");
        }
        var target = Resolve(high.Symbol, high.Location, symbols) + (ulong)high.Addend;
        return (long)(target - anchor);
    }

    private static void RequireInt32(long value, SourceLocation location, string what)
    {
        if (value < int.MinValue || value > int.MaxValue)
        {
            throw new StatementException(location, $"{what} value 0x{value:x} is out of the ±2 GiB range");
        }
    }

    private static void Patch(byte[] data, Relocation relocation, long value)
    {
        var field = relocation.Field!;
        var span = data.AsSpan(relocation.Offset);
        var isCompressed = field.Mask <= 0xFFFF && (span[0] & 3) != 3;
        var word = isCompressed ? BinaryPrimitives.ReadUInt16LittleEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
        word = (word & ~field.Mask) | field.Encode(value);
        if (isCompressed)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)word);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, word);
        }
    }
}
