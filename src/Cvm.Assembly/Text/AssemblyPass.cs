using Cvm.Assembly.Isa;

namespace Cvm.Assembly.Text;

/// <summary>
/// One layout pass over all statements: defines labels, runs directives and encodes instructions into fresh
/// sections. Forward references use the label addresses of the previous pass.
/// </summary>
internal sealed partial class AssemblyPass
{
    private readonly Dictionary<string, LabelAddress>? _previousLabels;
    private readonly Dictionary<int, int> _branchSizes;
    private readonly Dictionary<int, object> _operandCache;
    private readonly List<Section> _sections = [];
    private readonly Dictionary<string, Value> _equates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _globals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SymbolKind> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _sizes = new(StringComparer.Ordinal);
    private readonly Stack<(bool Compressed, bool CapabilityMode)> _optionStack = new();
    private Section _section;
    private bool _compressed;
    private bool _capabilityMode;
    private bool _usedCompressed;
    private Statement _statement = null!;
    private readonly int _initialCodeAlignment;

    public AssemblyPass(AssemblerOptions options, Dictionary<string, LabelAddress>? previousLabels, Dictionary<int, int> branchSizes,
        Dictionary<int, object> operandCache)
    {
        _operandCache = operandCache;
        _previousLabels = previousLabels;
        _branchSizes = branchSizes;
        _compressed = options.Compressed;
        _initialCodeAlignment = options.Compressed ? 2 : 4;
        _usedCompressed = options.Compressed;
        _capabilityMode = options.CapabilityMode;
        _section = GetSection(".text", SectionKind.Code);
    }

    public Dictionary<string, LabelAddress> Labels { get; } = new(StringComparer.Ordinal);
    public List<Diagnostic> Errors { get; } = [];

    private SourceLocation At(int column) => _statement.Location with { Column = column };

    private StatementException Error(int column, string message) => new(At(column), message);

    public void Run(IEnumerable<Statement> statements)
    {
        foreach (var statement in statements)
        {
            _statement = statement;
            try
            {
                foreach (var (name, location) in statement.Labels)
                {
                    DefineLabel(name, location);
                }
                if (statement.Name is { } name2)
                {
                    if (name2.StartsWith('.'))
                    {
                        Directive(name2);
                    }
                    else
                    {
                        Instruction(name2, ParsedOperands(statement));
                    }
                }
            }
            catch (StatementException e)
            {
                Errors.Add(new Diagnostic(e.Location, e.Message));
            }
        }
        foreach (var section in _sections.Where(s => s.Kind == SectionKind.Code))
        {
            // GNU as pads the end of a code section to the section's alignment with NOPs.
            var padding = (int)((-section.Data.Count) & (section.Alignment - 1));
            section.Data.AddRange(Nops(padding));
            section.Size = section.Data.Count;
        }
    }

    /// <summary>
    /// The statement's operands, parsed once and shared by every pass (they do not depend on layout). A parse error
    /// is rethrown in each pass so the final pass reports it.
    /// </summary>
    private List<Operand> ParsedOperands(Statement statement)
    {
        if (!_operandCache.TryGetValue(statement.Index, out var parsed))
        {
            try
            {
                parsed = statement.Operands.Select(o => OperandParser.Parse(o, statement.Location)).ToList();
            }
            catch (StatementException e)
            {
                parsed = e;
            }
            _operandCache[statement.Index] = parsed;
        }
        return parsed is StatementException error ? throw new StatementException(error.Location, error.Message) : (List<Operand>)parsed;
    }

    private void DefineLabel(string name, SourceLocation location)
    {
        if (Labels.ContainsKey(name) || _equates.ContainsKey(name))
        {
            throw new StatementException(location, $"symbol '{Parser.DisplayName(name)}' is already defined");
        }
        Labels[name] = new LabelAddress(_section.Name, _section.Size);
    }

    private Section GetSection(string name, SectionKind kind)
    {
        var section = _sections.FirstOrDefault(s => s.Name == name);
        if (section is null)
        {
            // GNU as aligns code sections to 4 bytes, or 2 when the architecture includes C from the start.
            section = new Section(name, kind) { Alignment = kind == SectionKind.Code ? _initialCodeAlignment : 1 };
            _sections.Add(section);
        }
        return section;
    }

    // ---- Emission

    /// <summary>The largest section this assembler builds, so hostile input cannot exhaust memory.</summary>
    internal const long MaximumSectionSize = 64L << 20;

    private void EmitBytes(ReadOnlySpan<byte> bytes)
    {
        if (_section.Size + bytes.Length > MaximumSectionSize)
        {
            throw Error(_statement.Location.Column, $"section '{_section.Name}' would exceed {MaximumSectionSize >> 20} MiB");
        }
        if (_section.Kind == SectionKind.Uninitialized)
        {
            if (bytes.IndexOfAnyExcept((byte)0) >= 0)
            {
                throw Error(_statement.Location.Column, $"section '{_section.Name}' holds no data; only zeros may be reserved in it");
            }
            _section.Size += bytes.Length;
            return;
        }
        foreach (var b in bytes)
        {
            _section.Data.Add(b);
        }
        _section.Size = _section.Data.Count;
    }

    private void EmitInstructionWord(uint word, int length, IEnumerable<PendingRelocation> relocations)
    {
        if (_section.Kind == SectionKind.Uninitialized)
        {
            throw Error(_statement.Location.Column, $"instructions cannot be placed in section '{_section.Name}'");
        }
        var offset = (int)_section.Size;
        foreach (var relocation in relocations)
        {
            _section.Relocations.Add(new Relocation(offset, relocation.Kind, relocation.Symbol,
                relocation.Addend, relocation.Field, At(relocation.Column)));
        }
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(word >> (8 * i));
        }
        EmitBytes(bytes[..length]);
        if (length == 2)
        {
            _usedCompressed = true;
        }
    }

    /// <summary>GNU as code padding: a zero byte for odd counts, at most one C.NOP, then 4-byte NOPs.</summary>
    private static byte[] Nops(int count)
    {
        var bytes = new List<byte>();
        if (count % 2 == 1)
        {
            bytes.Add(0);
        }
        if ((count - bytes.Count) % 4 == 2)
        {
            bytes.AddRange([0x01, 0x00]);
        }
        while (bytes.Count < count)
        {
            bytes.AddRange([0x13, 0x00, 0x00, 0x00]);
        }
        return [.. bytes];
    }

    // ---- Expressions

    private LabelAddress? FindLabel(string name) =>
        Labels.TryGetValue(name, out var here) ? here
        : _previousLabels is not null && _previousLabels.TryGetValue(name, out var before) ? before
        : null;

    /// <summary>Evaluates an expression to a constant or symbol+addend. Label differences in one section fold to constants.</summary>
    internal Value Evaluate(Expression expression)
    {
        switch (expression)
        {
            case NumberExpression n:
                return new Value(n.Value);
            case SymbolExpression { Name: "." }:
                return new Value(0, CurrentLocationSymbol());
            case SymbolExpression s:
                return _equates.TryGetValue(s.Name, out var equate) ? equate : new Value(0, s.Name);
            case RelocationExpression r:
            {
                var inner = Evaluate(r.Operand);
                if (inner.Operator != RelocationOperator.None)
                {
                    throw Error(r.Column, "relocation operators cannot be nested");
                }
                if (inner.Symbol is null)
                {
                    return r.Operator switch
                    {
                        RelocationOperator.Hi => new Value(((inner.Addend + 0x800) >> 12) & 0xFFFFF),
                        RelocationOperator.Lo => new Value(SignExtend12(inner.Addend)),
                        _ => throw Error(r.Column, "%pcrel_hi/%pcrel_lo need a symbol, not a constant"),
                    };
                }
                return inner with { Operator = r.Operator };
            }
            case UnaryExpression u:
            {
                var operand = Constant(u.Operand, u.Operator);
                return new Value(u.Operator switch
                {
                    "-" => -operand,
                    "~" => ~operand,
                    "!" => operand == 0 ? 1 : 0,
                    _ => operand,
                });
            }
            case BinaryExpression b:
                return EvaluateBinary(b);
            default:
                throw Error(expression.Column, "unsupported expression");
        }
    }

    private Value EvaluateBinary(BinaryExpression b)
    {
        var left = Evaluate(b.Left);
        var right = Evaluate(b.Right);
        if (left.Operator != RelocationOperator.None || right.Operator != RelocationOperator.None)
        {
            throw Error(b.Column, "a relocation operator must apply to the whole operand");
        }
        if (b.Operator == "+")
        {
            if (left.Symbol is not null && right.Symbol is not null)
            {
                throw Error(b.Column, "cannot add two symbols");
            }
            return new Value(left.Addend + right.Addend, left.Symbol ?? right.Symbol);
        }
        if (b.Operator == "-" && right.Symbol is not null)
        {
            if (left.Symbol is null)
            {
                throw Error(b.Column, "cannot subtract a symbol from a constant");
            }
            return new Value(SymbolDifference(left.Symbol, right.Symbol, b.Column) + left.Addend - right.Addend);
        }
        if (b.Operator == "-")
        {
            return left with { Addend = left.Addend - right.Addend };
        }
        if (left.Symbol is not null || right.Symbol is not null)
        {
            throw Error(b.Column, $"operator '{b.Operator}' needs constant operands");
        }
        long l = left.Addend, r = right.Addend;
        return new Value(b.Operator switch
        {
            "*" => l * r,
            // long.MinValue / -1 overflows in .NET; as in two's complement hardware, the quotient wraps and the remainder is 0.
            "/" => r == 0 ? throw Error(b.Column, "division by zero") : r == -1 ? unchecked(-l) : l / r,
            "%" => r == 0 ? throw Error(b.Column, "division by zero") : r == -1 ? 0 : l % r,
            "<<" => l << (int)(r & 63),
            ">>" => l >> (int)(r & 63),
            "|" => l | r,
            "&" => l & r,
            "^" => l ^ r,
            "!" => l | ~r,
            "&&" => l != 0 && r != 0 ? 1 : 0,
            "||" => l != 0 || r != 0 ? 1 : 0,
            "==" => l == r ? -1 : 0,
            "!=" => l != r ? -1 : 0,
            "<" => l < r ? -1 : 0,
            ">" => l > r ? -1 : 0,
            "<=" => l <= r ? -1 : 0,
            ">=" => l >= r ? -1 : 0,
            _ => throw Error(b.Column, $"unknown operator '{b.Operator}'"),
        });
    }

    private long SymbolDifference(string a, string b, int column)
    {
        var first = FindLabel(a);
        var second = FindLabel(b);
        if (first is null || second is null)
        {
            if (_previousLabels is null)
            {
                return 0; // First pass: the forward label gets an address in the next pass.
            }
            throw Error(column, $"undefined symbol '{Parser.DisplayName(first is null ? a : b)}' in a difference");
        }
        if (first.Value.Section != second.Value.Section)
        {
            throw Error(column, "cannot subtract symbols in different sections");
        }
        return first.Value.Offset - second.Value.Offset;
    }

    private long Constant(Expression expression, string what)
    {
        var value = Evaluate(expression);
        return value.IsConstant ? value.Addend : throw Error(expression.Column, $"'{what}' needs a constant expression");
    }

    private long Constant(List<Token> tokens, string what) =>
        Constant(ExpressionParser.Parse(tokens, _statement.Location with { Column = tokens.Count > 0 ? tokens[0].Column : _statement.Location.Column }), what);

    /// <summary>A hidden label at the current location (for <c>.</c> and for AUIPC pairs).</summary>
    private string CurrentLocationSymbol(string purpose = "here")
    {
        var name = $"{Parser.LocalLabelPrefix}{purpose}_{_statement.Index}_{_section.Size}";
        Labels.TryAdd(name, new LabelAddress(_section.Name, _section.Size));
        return name;
    }

    internal static long SignExtend12(long value) => ((value & 0xFFF) ^ 0x800) - 0x800;

    // ---- Output

    public ObjectFile ToObjectFile()
    {
        var result = new ObjectFile { UsesCompressed = _usedCompressed };
        result.Sections.AddRange(_sections.Where(s => s.Size > 0 || s.Name == ".text"));
        foreach (var (name, address) in Labels)
        {
            result.Symbols.Add(new Symbol(name, address.Section, address.Offset, _globals.Contains(name),
                _types.GetValueOrDefault(name), _sizes.GetValueOrDefault(name)));
        }
        foreach (var (name, value) in _equates)
        {
            if (value.IsConstant && !name.StartsWith(".L", StringComparison.Ordinal))
            {
                result.Symbols.Add(new Symbol(name, null, value.Addend, _globals.Contains(name), _types.GetValueOrDefault(name), 0));
            }
        }
        return result;
    }
}

/// <summary>A relocation produced while encoding one instruction, before its section offset is known.</summary>
internal sealed record PendingRelocation(RelocationKind Kind, string Symbol, long Addend, OperandField? Field, int Column);
