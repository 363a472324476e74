using System.Buffers.Binary;
using System.Globalization;
using Cvm.Assembly.Isa;

namespace Cvm.Assembly;

/// <summary>How to print decoded instructions.</summary>
/// <param name="NoAliases">Print every instruction under its own mnemonic (objdump's <c>-M no-aliases</c>).</param>
/// <param name="CapabilityMode">Decode as PCC.flag = 1 would (cheri-riscv.md §3.7).</param>
/// <param name="SymbolAt">Names an address for branch targets (e.g. <c>_start+0x8</c>), or null.</param>
public sealed record DisassemblyOptions(bool NoAliases = true, bool CapabilityMode = false, Func<ulong, string?>? SymbolAt = null);

/// <summary>One decoded instruction. <see cref="Form"/> is null for an encoding no form matches.</summary>
public sealed record DecodedInstruction(ulong Address, int Length, uint Word, InstructionForm? Form, IReadOnlyList<long> Values,
    string Mnemonic, string Operands)
{
    /// <summary>The instruction as objdump prints it: mnemonic, a tab, operands.</summary>
    public string Text => Operands.Length == 0 ? Mnemonic : Mnemonic + "\t" + Operands;
}

/// <summary>Decodes RV64GC + Xcheri instruction words using <see cref="InstructionTable"/>.</summary>
public static class Disassembler
{
    /// <summary>Length in bytes of the instruction starting with <paramref name="firstHalf"/> (2 or 4).</summary>
    public static int InstructionLength(ushort firstHalf) => (firstHalf & 3) == 3 ? 4 : 2;

    /// <summary>
    /// Forms grouped by the bits every form of a length fixes — the major opcode of 32-bit forms, the quadrant and
    /// funct3 of 16-bit ones — in table order, so a lookup scans only the rows that can match.
    /// </summary>
    private static readonly ILookup<uint, InstructionForm> FormsByOpcode =
        InstructionTable.Forms.ToLookup(f => OpcodeKey(f.Match, f.Length));

    private static uint OpcodeKey(uint word, int length) =>
        length == 4 ? word & 0x7F : 0x80 | (word & 3) | ((word >> 13) & 7) << 2;

    /// <summary>The first form that matches <paramref name="word"/>, honouring the CHERI encoding mode.</summary>
    public static InstructionForm? FindForm(uint word, int length, bool capabilityMode)
    {
        foreach (var form in FormsByOpcode[OpcodeKey(word, length)])
        {
            if (form.Length != length || form.Mode == (capabilityMode ? EncodingMode.IntegerOnly : EncodingMode.CapabilityOnly))
            {
                continue;
            }
            if (form.Matches(word))
            {
                return form;
            }
        }
        return null;
    }

    /// <summary>Decodes the instruction at the start of <paramref name="code"/>, which sits at <paramref name="address"/>.</summary>
    public static DecodedInstruction Decode(ReadOnlySpan<byte> code, ulong address, DisassemblyOptions? options = null)
    {
        options ??= new DisassemblyOptions();
        if (code.Length < 2)
        {
            return Unknown(address, code.Length, code.Length == 1 ? code[0] : 0u, ".byte");
        }
        var length = InstructionLength(BinaryPrimitives.ReadUInt16LittleEndian(code));
        if (code.Length < length)
        {
            return Unknown(address, 2, BinaryPrimitives.ReadUInt16LittleEndian(code), ".short");
        }
        var word = length == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(code) : BinaryPrimitives.ReadUInt16LittleEndian(code);
        var form = FindForm(word, length, options.CapabilityMode);
        if (form is null)
        {
            return Unknown(address, length, word, length == 4 ? ".word" : ".short");
        }
        var values = form.Fields.Select(f => f.Decode(word)).ToArray();
        var (mnemonic, operands) = options.NoAliases ? (form.Mnemonic, FormatOperands(form, values, address, options))
            : Aliases.Describe(form, values, address, options);
        return new DecodedInstruction(address, length, word, form, values, mnemonic, operands);
    }

    private static DecodedInstruction Unknown(ulong address, int length, uint word, string directive)
    {
        var digits = length == 4 ? 8 : length * 2;
        return new DecodedInstruction(address, length, word, null, [], directive,
            "0x" + word.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    /// <summary>Spells the operands of a form, with values in field order.</summary>
    internal static string FormatOperands(InstructionForm form, IReadOnlyList<long> values, ulong address, DisassemblyOptions options)
    {
        var parts = new List<string>();
        var index = 0;
        foreach (var part in form.Syntax)
        {
            string? text = null;
            if (part.Field is { } field)
            {
                text = FormatValue(field, values[index++], address, options);
            }
            var register = part.Base is { } baseField ? FormatBase(baseField.RegisterClass, (int)values[index++], part.IsMemory, options)
                : part.FixedRegister is { } fixedRegister ? FormatBase(fixedRegister.Class, fixedRegister.Number, part.IsMemory, options)
                : null;
            if (register is not null)
            {
                text = part.IsMemory ? (text ?? "") + "(" + register + ")" : register;
            }
            if (text is not null)
            {
                parts.Add(text);
            }
        }
        return string.Join(",", parts);
    }

    /// <summary>In capability mode, memory accesses are relative to a capability register (cheri-riscv.md §4).</summary>
    private static string FormatBase(RegisterClass registerClass, int number, bool isMemory, DisassemblyOptions options) =>
        RegisterNames.Name(isMemory && options.CapabilityMode ? RegisterClass.Capability : registerClass, number);

    internal static string? FormatValue(OperandField field, long value, ulong address, DisassemblyOptions options) => field switch
    {
        RegisterField register => register.Format(value),
        ImmediateField { Style: ImmediateStyle.PcRelative } => FormatTarget(address + (ulong)value, options),
        ImmediateField immediate => immediate.Format(value),
        NamedNumberField named => named.Format(value),
        RoundingModeField => RoundingModeField.Format(value),
        FenceSetField => FenceSetField.Format(value),
        _ => throw new InvalidOperationException($"no formatter for field {field.Name}"),
    };

    /// <summary>A branch target as objdump prints it: <c>0x1c</c> alone, or <c>1c &lt;loop+0x4&gt;</c> with symbols.</summary>
    public static string FormatTarget(ulong target, DisassemblyOptions options) =>
        options.SymbolAt?.Invoke(target) is { } symbol
            ? target.ToString("x", CultureInfo.InvariantCulture) + " <" + symbol + ">"
            : "0x" + target.ToString("x", CultureInfo.InvariantCulture);
}
