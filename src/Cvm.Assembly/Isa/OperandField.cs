using System.Globalization;

namespace Cvm.Assembly.Isa;

/// <summary>How the disassembler spells an immediate (following GNU objdump's conventions per operand).</summary>
public enum ImmediateStyle { Decimal, Hex, PcRelative }

/// <summary>Which relocation operator, if any, wrapped an immediate in the source.</summary>
public enum RelocationOperator { None, Hi, Lo, PcrelHi, PcrelLo }

/// <summary>
/// One operand of an instruction form: where its bits live in the instruction word, which values are legal, and how
/// it is written. Encoder, decoder, assembler and disassembler all go through these, so a field is defined once.
/// </summary>
public abstract class OperandField
{
    protected OperandField(string name) => Name = name;

    /// <summary>The name used in syntax templates (e.g. <c>rd</c>, <c>imm12</c>).</summary>
    public string Name { get; }

    /// <summary>The instruction bits this field occupies.</summary>
    public abstract uint Mask { get; }

    /// <summary>Places a legal value into its bits.</summary>
    public abstract uint Encode(long value);

    /// <summary>Extracts the value from an instruction word.</summary>
    public abstract long Decode(uint word);

    /// <summary>Null when <paramref name="value"/> can be encoded, otherwise why not (for an error message).</summary>
    public abstract string? Check(long value);

    /// <summary>True when the field must be present (false only for an optional rounding mode).</summary>
    public virtual bool IsOptional => false;

    /// <summary>The value used when an optional operand is left out.</summary>
    public virtual long DefaultValue => 0;
}

/// <summary>A register number stored in five bits, or in three bits (x8–x15) for compressed "prime" fields.</summary>
public sealed class RegisterField : OperandField
{
    private readonly int _lowBit;
    private readonly bool _prime;

    public RegisterField(string name, RegisterClass registerClass, int lowBit, bool prime = false,
        bool nonZero = false, bool notSp = false, bool ddcAtZero = false) : base(name)
    {
        RegisterClass = registerClass;
        _lowBit = lowBit;
        _prime = prime;
        NonZero = nonZero;
        NotSp = notSp;
        DdcAtZero = ddcAtZero;
    }

    public RegisterClass RegisterClass { get; }
    public bool NonZero { get; }
    public bool NotSp { get; }

    /// <summary>Register 0 in this operand means DDC (cheri-riscv.md §3: CToPtr, CFromPtr, CBuildCap, CTestSubset).</summary>
    public bool DdcAtZero { get; }

    public override uint Mask => (_prime ? 7u : 31u) << _lowBit;

    public override uint Encode(long value) => (uint)((_prime ? value - 8 : value) << _lowBit) & Mask;

    public override long Decode(uint word) => _prime ? ((word >> _lowBit) & 7) + 8 : (word >> _lowBit) & 31;

    public override string? Check(long value)
    {
        if (_prime && (value < 8 || value > 15))
        {
            return "a compressed instruction can only use registers x8-x15 (s0, s1, a0-a5) here";
        }
        if (NonZero && value == 0)
        {
            return "register 0 is not allowed here";
        }
        if (NotSp && value == 2)
        {
            return "sp is not allowed here";
        }
        return null;
    }

    public string Format(long value) =>
        DdcAtZero && value == 0 ? "ddc" : RegisterNames.Name(RegisterClass, (int)value);
}

/// <summary>
/// An immediate whose bits may be scattered over the word. Each segment copies immediate bits
/// [High..Low] to instruction bits starting at <c>At</c>; immediate bits below the lowest segment must be zero.
/// </summary>
public sealed class ImmediateField : OperandField
{
    private readonly (int High, int Low, int At)[] _segments;
    private readonly int _width;
    private readonly int _alignBits;
    private readonly uint _mask;
    private readonly int _hexWidth;

    public ImmediateField(string name, bool signed, ImmediateStyle style, (int High, int Low, int At)[] segments,
        bool nonZero = false, int hexWidth = 0, RelocationKind plainRelocation = RelocationKind.None,
        RelocationKind hiRelocation = RelocationKind.None, RelocationKind loRelocation = RelocationKind.None,
        RelocationKind pcrelHiRelocation = RelocationKind.None, RelocationKind pcrelLoRelocation = RelocationKind.None)
        : base(name)
    {
        Signed = signed;
        Style = style;
        _segments = segments;
        NonZero = nonZero;
        _width = segments.Max(s => s.High) + 1;
        _hexWidth = hexWidth == 0 ? _width : hexWidth;
        _alignBits = segments.Min(s => s.Low);
        foreach (var (high, low, at) in segments)
        {
            _mask |= (uint)(((1UL << (high - low + 1)) - 1) << at);
        }
        PlainRelocation = plainRelocation;
        HiRelocation = hiRelocation;
        LoRelocation = loRelocation;
        PcrelHiRelocation = pcrelHiRelocation;
        PcrelLoRelocation = pcrelLoRelocation;
    }

    public bool Signed { get; }
    public ImmediateStyle Style { get; }
    public bool NonZero { get; }
    public RelocationKind PlainRelocation { get; }
    public RelocationKind HiRelocation { get; }
    public RelocationKind LoRelocation { get; }
    public RelocationKind PcrelHiRelocation { get; }
    public RelocationKind PcrelLoRelocation { get; }

    public override uint Mask => _mask;

    public long Minimum => Signed ? -(1L << (_width - 1)) : 0;
    public long Maximum => Signed ? (1L << (_width - 1)) - 1 : (1L << _width) - 1;

    public override uint Encode(long value)
    {
        uint bits = 0;
        foreach (var (high, low, at) in _segments)
        {
            var part = (ulong)value >> low & ((1UL << (high - low + 1)) - 1);
            bits |= (uint)(part << at);
        }
        return bits;
    }

    public override long Decode(uint word)
    {
        ulong value = 0;
        foreach (var (high, low, at) in _segments)
        {
            var part = (word >> at) & ((1UL << (high - low + 1)) - 1);
            value |= part << low;
        }
        if (Signed && (value >> (_width - 1) & 1) != 0)
        {
            value |= ~0UL << _width;
        }
        return (long)value;
    }

    public override string? Check(long value)
    {
        if (value < Minimum || value > Maximum)
        {
            return $"immediate {value} is out of range [{Minimum}, {Maximum}]";
        }
        if ((value & ((1L << _alignBits) - 1)) != 0)
        {
            return $"immediate {value} must be a multiple of {1L << _alignBits}";
        }
        if (NonZero && value == 0)
        {
            return "immediate must not be zero";
        }
        return null;
    }

    /// <summary>The relocation this field takes for a symbolic value under <paramref name="op"/>.</summary>
    public RelocationKind RelocationFor(RelocationOperator op) => op switch
    {
        RelocationOperator.Hi => HiRelocation,
        RelocationOperator.Lo => LoRelocation,
        RelocationOperator.PcrelHi => PcrelHiRelocation,
        RelocationOperator.PcrelLo => PcrelLoRelocation,
        _ => PlainRelocation,
    };

    /// <summary>
    /// Maps a source value written as an unsigned number of the printed width (C.LUI's <c>0xfffe1</c>) onto the
    /// signed value it stands for; other values are returned unchanged.
    /// </summary>
    public long Normalize(long value) =>
        Signed && _hexWidth > _width && value >= (1L << _hexWidth) - (1L << (_width - 1)) && value < 1L << _hexWidth
            ? value - (1L << _hexWidth)
            : value;

    public string Format(long value) => Style == ImmediateStyle.Hex
        ? "0x" + ((ulong)value & ((1UL << _hexWidth) - 1)).ToString("x", CultureInfo.InvariantCulture)
        : value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A named-or-numbered 12-bit value (CSR number) or 5-bit value (special capability register).</summary>
public sealed class NamedNumberField : OperandField
{
    private readonly int _lowBit;
    private readonly int _bits;
    private readonly IReadOnlyDictionary<int, string> _names;
    private readonly Dictionary<string, int> _numbers;

    public NamedNumberField(string name, int lowBit, int bits, IReadOnlyDictionary<int, string> names) : base(name)
    {
        _lowBit = lowBit;
        _bits = bits;
        _names = names;
        _numbers = names.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
    }

    public override uint Mask => ((1u << _bits) - 1) << _lowBit;
    public override uint Encode(long value) => ((uint)value << _lowBit) & Mask;
    public override long Decode(uint word) => (word >> _lowBit) & ((1u << _bits) - 1);

    public override string? Check(long value) =>
        value < 0 || value >= 1L << _bits ? $"value {value} does not fit in {_bits} bits" : null;

    public bool TryParseName(string text, out int value) => _numbers.TryGetValue(text, out value);

    /// <summary>True when the number has a name (the random-encoding tests stick to these).</summary>
    public bool HasName(long value) => _names.ContainsKey((int)value);

    public string Format(long value) =>
        _names.TryGetValue((int)value, out var n) ? n : "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}

/// <summary>The floating-point rounding mode (funct3); optional in source, where it defaults to <c>dyn</c>.</summary>
public sealed class RoundingModeField : OperandField
{
    private static readonly string?[] Names = ["rne", "rtz", "rdn", "rup", "rmm", null, null, "dyn"];

    public RoundingModeField() : base("rm") { }

    public override uint Mask => 7u << 12;
    public override uint Encode(long value) => (uint)value << 12;
    public override long Decode(uint word) => (word >> 12) & 7;
    public override string? Check(long value) =>
        value is < 0 or > 7 || Names[value] is null ? "invalid rounding mode" : null;
    public override bool IsOptional => true;
    public override long DefaultValue => 7;

    public static int Parse(string text) => Array.IndexOf(Names, text.ToLowerInvariant());

    /// <summary>objdump leaves the dynamic mode unprinted.</summary>
    public static string? Format(long value) => value == 7 ? null : Names[value];
}

/// <summary>A FENCE predecessor or successor set, written as a subset of "iorw".</summary>
public sealed class FenceSetField : OperandField
{
    private readonly int _lowBit;

    public FenceSetField(string name, int lowBit) : base(name) => _lowBit = lowBit;

    public override uint Mask => 15u << _lowBit;
    public override uint Encode(long value) => (uint)value << _lowBit;
    public override long Decode(uint word) => (word >> _lowBit) & 15;
    public override string? Check(long value) => value is < 1 or > 15 ? "a fence set must name at least one of i, o, r, w" : null;

    public static int Parse(string text)
    {
        var set = 0;
        foreach (var c in text.ToLowerInvariant())
        {
            var bit = c switch { 'i' => 8, 'o' => 4, 'r' => 2, 'w' => 1, _ => -1 };
            if (bit < 0 || (set & bit) != 0)
            {
                return -1;
            }
            set |= bit;
        }
        return set == 0 ? -1 : set;
    }

    public static string Format(long value) =>
        string.Concat((value & 8) != 0 ? "i" : "", (value & 4) != 0 ? "o" : "", (value & 2) != 0 ? "r" : "", (value & 1) != 0 ? "w" : "");
}
