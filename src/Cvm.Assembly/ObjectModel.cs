using Cvm.Assembly.Isa;

namespace Cvm.Assembly;

/// <summary>How a symbolic value is patched into code or data when the program is linked.</summary>
public enum RelocationKind
{
    None,
    /// <summary>Absolute little-endian data of 1, 2, 4 or 8 bytes (<c>.byte</c>, <c>.half</c>, <c>.word</c>, <c>.dword</c>).</summary>
    Absolute8, Absolute16, Absolute32, Absolute64,
    /// <summary><c>%hi(sym)</c> in LUI; <c>%lo(sym)</c> in an I- or S-type immediate.</summary>
    Hi20, Lo12I, Lo12S,
    /// <summary><c>%pcrel_hi(sym)</c> in AUIPC; <c>%pcrel_lo(label)</c> names the AUIPC's label.</summary>
    PcrelHi20, PcrelLo12I, PcrelLo12S,
    /// <summary>PC-relative branch and jump targets.</summary>
    Branch, Jal, RvcBranch, RvcJump,
    /// <summary>An AUIPC+JALR pair (<c>call</c>, <c>tail</c>).</summary>
    Call,
}

/// <summary>Where a statement came from, for diagnostics.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// A symbolic reference to patch at link time: at byte <c>Offset</c> of its section, the value of <c>Symbol</c> plus
/// <c>Addend</c> goes into <c>Field</c> (null for data and <see cref="RelocationKind.Call"/>).
/// </summary>
public sealed record Relocation(int Offset, RelocationKind Kind, string Symbol, long Addend, OperandField? Field, SourceLocation Location);

/// <summary>What a section holds, which decides its segment and order in the linked image.</summary>
public enum SectionKind { Code, ReadOnlyData, Data, Uninitialized }

/// <summary>An assembled section: bytes (none for .bss), alignment and pending relocations.</summary>
public sealed class Section
{
    public Section(string name, SectionKind kind)
    {
        Name = name;
        Kind = kind;
    }

    public string Name { get; }
    public SectionKind Kind { get; }
    public List<byte> Data { get; } = [];

    /// <summary>Size in bytes; for .bss, the reserved size.</summary>
    public long Size { get; set; }

    public int Alignment { get; set; } = 1;
    public List<Relocation> Relocations { get; } = [];
}

/// <summary>The ELF symbol type recorded by <c>.type</c>.</summary>
public enum SymbolKind { None, Function, Object }

/// <summary>A label or <c>.equ</c> constant. Section is null for absolute symbols.</summary>
public sealed record Symbol(string Name, string? Section, long Value, bool IsGlobal, SymbolKind Kind, long Size)
{
    /// <summary>Assembler-local labels (<c>.L…</c>, numeric labels) resolve references but stay out of symbol tables, as with GNU as.</summary>
    public static bool IsHiddenName(string name) => name.StartsWith(".L", StringComparison.Ordinal);
}

/// <summary>The assembler's output before linking: sections, symbols and relocations.</summary>
public sealed class ObjectFile
{
    public List<Section> Sections { get; } = [];
    public List<Symbol> Symbols { get; } = [];

    /// <summary>True when compressed instructions were enabled anywhere (the ELF RVC flag, as GNU as sets it).</summary>
    public bool UsesCompressed { get; set; }

    public Section? FindSection(string name) => Sections.FirstOrDefault(s => s.Name == name);
}
