using System.Globalization;
using Cvm.Assembly.Isa;

namespace Cvm.Assembly.Text;

internal sealed partial class AssemblyPass
{
    private IReadOnlyList<List<Token>> Operands => _statement.Operands;

    private void ExpectOperands(string directive, int minimum, int maximum)
    {
        var count = Operands.Count;
        if (count < minimum || count > maximum)
        {
            var expected = minimum == maximum ? minimum.ToString(CultureInfo.InvariantCulture) : $"{minimum} to {maximum}";
            throw Error(_statement.Location.Column, $"{directive} takes {expected} operand(s), got {count}");
        }
    }

    private string NameOperand(int index, string directive)
    {
        var tokens = Operands[index];
        return tokens is [{ Kind: TokenKind.Identifier } token] ? token.Text
            : throw Error(tokens.Count > 0 ? tokens[0].Column : _statement.Location.Column, $"{directive} expects a symbol name");
    }

    private void Directive(string name)
    {
        switch (name)
        {
            case ".text": ExpectOperands(name, 0, 0); _section = GetSection(".text", SectionKind.Code); break;
            case ".data": ExpectOperands(name, 0, 0); _section = GetSection(".data", SectionKind.Data); break;
            case ".rodata": ExpectOperands(name, 0, 0); _section = GetSection(".rodata", SectionKind.ReadOnlyData); break;
            case ".bss": ExpectOperands(name, 0, 0); _section = GetSection(".bss", SectionKind.Uninitialized); break;
            case ".section": SectionDirective(); break;
            case ".byte": Data(1); break;
            case ".half" or ".short" or ".2byte": Data(2); break;
            case ".word" or ".long" or ".4byte": Data(4); break;
            case ".dword" or ".quad" or ".8byte": Data(8); break;
            case ".ascii": Strings(terminate: false); break;
            case ".asciz" or ".string": Strings(terminate: true); break;
            case ".zero": ExpectOperands(name, 1, 1); Fill(Size(0, name), 0); break;
            case ".space" or ".skip":
                ExpectOperands(name, 1, 2);
                Fill(Size(0, name), Operands.Count == 2 ? (byte)Constant(Operands[1], name) : (byte)0);
                break;
            case ".align" or ".p2align": Align(name, powerOfTwo: true); break;
            case ".balign": Align(name, powerOfTwo: false); break;
            case ".globl" or ".global":
                for (var i = 0; i < Operands.Count; i++)
                {
                    _globals.Add(NameOperand(i, name));
                }
                break;
            case ".local":
                for (var i = 0; i < Operands.Count; i++)
                {
                    _globals.Remove(NameOperand(i, name));
                }
                break;
            case ".equ" or ".set": Equate(name); break;
            case ".type": TypeDirective(); break;
            case ".size":
                ExpectOperands(name, 2, 2);
                _sizes[NameOperand(0, name)] = Constant(Operands[1], name);
                break;
            case ".option": OptionDirective(); break;
            case ".insn": InsnDirective(); break;
            default:
                throw Error(_statement.Location.Column, $"unknown directive '{name}'");
        }
    }

    private void SectionDirective()
    {
        ExpectOperands(".section", 1, 3);
        var name = string.Concat(Operands[0].Select(t => t.Text));
        var flags = Operands.Count >= 2 && Operands[1] is [{ Kind: TokenKind.String } f] ? System.Text.Encoding.ASCII.GetString(f.Bytes!) : null;
        var type = Operands.Count >= 3 ? string.Concat(Operands[2].Select(t => t.Text)) : "";
        var kind = name switch
        {
            _ when name.StartsWith(".text", StringComparison.Ordinal) => SectionKind.Code,
            _ when name.StartsWith(".rodata", StringComparison.Ordinal) => SectionKind.ReadOnlyData,
            _ when name.StartsWith(".bss", StringComparison.Ordinal) || name.StartsWith(".sbss", StringComparison.Ordinal) => SectionKind.Uninitialized,
            _ when name.StartsWith(".data", StringComparison.Ordinal) || name.StartsWith(".sdata", StringComparison.Ordinal) => SectionKind.Data,
            _ when flags is null => throw Error(Operands[0][0].Column, $"section '{name}' needs flags (\"ax\", \"aw\" or \"a\")"),
            _ when flags.Contains('x') => SectionKind.Code,
            _ when flags.Contains('w') => type.Contains("nobits", StringComparison.Ordinal) ? SectionKind.Uninitialized : SectionKind.Data,
            _ => SectionKind.ReadOnlyData,
        };
        _section = GetSection(name, kind);
    }

    private void Data(int size)
    {
        foreach (var tokens in Operands)
        {
            var expression = ExpressionParser.Parse(tokens, _statement.Location with { Column = tokens.Count > 0 ? tokens[0].Column : 0 });
            var value = Evaluate(expression);
            if (value.Operator != RelocationOperator.None)
            {
                throw Error(expression.Column, "relocation operators are only allowed in instruction operands");
            }
            if (value.Symbol is not null)
            {
                if (size < 4)
                {
                    throw Error(expression.Column, "a symbol address needs .word or .dword");
                }
                _section.Relocations.Add(new Relocation((int)_section.Size, size == 4 ? RelocationKind.Absolute32 : RelocationKind.Absolute64,
                    value.Symbol, value.Addend, null, At(expression.Column)));
            }
            var data = new byte[size];
            var constant = value.Symbol is null ? value.Addend : 0;
            if (size < 8 && (constant < -(1L << (size * 8 - 1)) || constant >= 1L << (size * 8)))
            {
                throw Error(expression.Column, $"value {constant} does not fit in {size} byte(s)");
            }
            for (var i = 0; i < size; i++)
            {
                data[i] = (byte)(constant >> (8 * i));
            }
            EmitBytes(data);
        }
    }

    private void Strings(bool terminate)
    {
        foreach (var tokens in Operands)
        {
            if (tokens is not [{ Kind: TokenKind.String } token])
            {
                throw Error(tokens.Count > 0 ? tokens[0].Column : _statement.Location.Column, "expected a string in double quotes");
            }
            EmitBytes(token.Bytes);
            if (terminate)
            {
                EmitBytes([0]);
            }
        }
    }

    private long Size(int index, string directive)
    {
        var size = Constant(Operands[index], directive);
        return size is >= 0 and <= MaximumSectionSize ? size : throw Error(Operands[index][0].Column, $"{directive} size {size} is out of range");
    }

    private void Fill(long count, byte value)
    {
        var bytes = new byte[count];
        Array.Fill(bytes, value);
        EmitBytes(bytes);
    }

    /// <summary>.align/.p2align take a power of two (as on RISC-V GNU as); .balign takes a byte count.</summary>
    private void Align(string directive, bool powerOfTwo)
    {
        ExpectOperands(directive, 1, 3);
        var amount = Constant(Operands[0], directive);
        if (powerOfTwo ? amount is < 0 or > 16 : amount < 1 || amount > 1 << 16 || (amount & (amount - 1)) != 0)
        {
            throw Error(Operands[0][0].Column, powerOfTwo ? "alignment must be a power of two exponent 0-16" : "alignment must be a power of two");
        }
        var alignment = powerOfTwo ? 1L << (int)amount : amount;
        byte? fill = Operands.Count >= 2 && Operands[1].Count > 0 ? (byte)Constant(Operands[1], directive) : null;
        var maximum = Operands.Count == 3 ? Constant(Operands[2], directive) : long.MaxValue;
        _section.Alignment = (int)Math.Max(_section.Alignment, alignment);
        var padding = (-_section.Size) & (alignment - 1);
        if (padding == 0 || padding > maximum)
        {
            return;
        }
        if (fill is null && _section.Kind == SectionKind.Code)
        {
            EmitBytes(Nops((int)padding));
        }
        else
        {
            Fill(padding, fill ?? 0);
        }
    }

    private void Equate(string directive)
    {
        ExpectOperands(directive, 2, 2);
        var name = NameOperand(0, directive);
        if (Labels.ContainsKey(name))
        {
            throw Error(Operands[0][0].Column, $"symbol '{name}' is already defined as a label");
        }
        var value = Evaluate(ExpressionParser.Parse(Operands[1], _statement.Location with { Column = Operands[1].Count > 0 ? Operands[1][0].Column : 0 }));
        _equates[name] = value;
    }

    private void TypeDirective()
    {
        ExpectOperands(".type", 2, 2);
        var name = NameOperand(0, ".type");
        var type = string.Concat(Operands[1].Select(t => t.Text)).TrimStart('@', '%').ToLowerInvariant();
        _types[name] = type switch
        {
            "function" or "stt_func" => SymbolKind.Function,
            "object" or "stt_object" => SymbolKind.Object,
            "notype" or "stt_notype" => SymbolKind.None,
            _ => throw Error(Operands[1][0].Column, $"unknown symbol type '{type}' (use @function, @object or @notype)"),
        };
    }

    private void OptionDirective()
    {
        ExpectOperands(".option", 1, 1);
        var option = NameOperand(0, ".option").ToLowerInvariant();
        switch (option)
        {
            case "rvc": _compressed = true; _usedCompressed = true; break;
            case "norvc": _compressed = false; break;
            case "capmode": _capabilityMode = true; break;
            case "nocapmode": _capabilityMode = false; break;
            case "push": _optionStack.Push((_compressed, _capabilityMode)); break;
            case "pop":
                if (_optionStack.Count == 0)
                {
                    throw Error(Operands[0][0].Column, ".option pop without a matching .option push");
                }
                (_compressed, _capabilityMode) = _optionStack.Pop();
                break;
            // The output is always statically linked by this assembler, so linker relaxation and PIC do not apply.
            case "relax" or "norelax" or "pic" or "nopic": break;
            default:
                throw Error(Operands[0][0].Column, $"unknown option '{option}' (rvc, norvc, capmode, nocapmode, push, pop)");
        }
    }
}
