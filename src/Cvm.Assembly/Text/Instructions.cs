using Cvm.Assembly.Isa;

namespace Cvm.Assembly.Text;

internal sealed partial class AssemblyPass
{
    /// <summary>Assembles one instruction or pseudo-instruction as written.</summary>
    private void Instruction(string mnemonic, List<Operand> operands)
    {
        if (_compressed && !_capabilityMode && FitsUncompressed(mnemonic, operands)
            && Compression.TryCompress(mnemonic, Flatten(operands)) is { } compressed)
        {
            EmitForm(compressed.Form, compressed.Values);
            return;
        }
        if (TryBranch(mnemonic, operands) || TryPseudo(mnemonic, operands))
        {
            return;
        }
        EmitMatching(mnemonic, operands);
    }

    /// <summary>
    /// True when the operands are valid for the 32-bit instruction with constant values only (so a compression rule
    /// never accepts, say, a float register where an integer one belongs). Pseudo-instructions, and pseudo spellings
    /// such as one-operand jalr, take integer registers.
    /// </summary>
    private bool FitsUncompressed(string mnemonic, List<Operand> operands)
    {
        var forms = InstructionTable.ByMnemonic(mnemonic).Where(f => f.Mode == EncodingMode.Any && OperandCountFits(f, operands.Count)).ToList();
        if (forms.Count == 0)
        {
            return operands.All(o => o is not RegisterOperand r || RegisterNames.Parse(RegisterClass.Integer, r.Name) >= 0);
        }
        foreach (var form in forms)
        {
            try
            {
                if (Resolve(form, operands, anyRegisterClass: false).Relocations.Count == 0)
                {
                    return true;
                }
            }
            catch (StatementException)
            {
                // Not this form; try the next.
            }
        }
        return false;
    }

    /// <summary>Operand values for the compression rules: registers as numbers, constants as values; null if any is symbolic.</summary>
    private long[]? Flatten(List<Operand> operands)
    {
        var values = new List<long>();
        foreach (var operand in operands)
        {
            switch (operand)
            {
                case RegisterOperand r:
                    values.Add(AnyRegisterNumber(r.Name));
                    break;
                case MemoryOperand m:
                    if (m.Offset is null)
                    {
                        values.Add(0);
                    }
                    else if (TryConstant(m.Offset) is { } offset)
                    {
                        values.Add(offset);
                    }
                    else
                    {
                        return null;
                    }
                    values.Add(AnyRegisterNumber(m.Base));
                    break;
                case ExpressionOperand e when e.Expression is SymbolExpression s && !_equates.ContainsKey(s.Name):
                    return null;
                case ExpressionOperand e:
                    if (TryConstant(e.Expression) is { } constant)
                    {
                        values.Add(constant);
                        break;
                    }
                    return null;
            }
        }
        return [.. values];
    }

    private long? TryConstant(Expression expression)
    {
        try
        {
            var value = Evaluate(expression);
            return value.IsConstant ? value.Addend : null;
        }
        catch (StatementException)
        {
            return null;
        }
    }

    private static int AnyRegisterNumber(string name)
    {
        foreach (var registerClass in new[] { RegisterClass.Integer, RegisterClass.Float, RegisterClass.Capability })
        {
            var number = RegisterNames.Parse(registerClass, name);
            if (number >= 0)
            {
                return number;
            }
        }
        return -1;
    }

    private void EmitForm(InstructionForm form, IReadOnlyList<long> values)
    {
        for (var i = 0; i < form.Fields.Count; i++)
        {
            if (form.Fields[i].Check(values[i]) is { } problem)
            {
                throw Error(_statement.Location.Column, $"{form.Mnemonic}: {problem}");
            }
        }
        EmitInstructionWord(form.Encode(values), form.Length, []);
    }

    /// <summary>Emits the first form of <paramref name="mnemonic"/> whose syntax accepts the operands.</summary>
    private void EmitMatching(string mnemonic, List<Operand> operands, bool anyRegisterClass = false)
    {
        var forms = InstructionTable.ByMnemonic(mnemonic).ToList();
        if (forms.Count == 0)
        {
            throw Error(_statement.Location.Column, $"unknown instruction '{mnemonic}'");
        }
        // Report the most telling failure: a form with the right operand count whose operands had the right kinds
        // (its error is about a value, such as a range) beats one that wanted another kind, which beats a count mismatch.
        StatementException? best = null;
        var bestRank = -1;
        foreach (var form in forms)
        {
            StatementException problem;
            if (form.Mode == EncodingMode.CapabilityOnly && !_capabilityMode)
            {
                problem = Error(_statement.Location.Column, $"'{mnemonic}' is only available after .option capmode");
            }
            else if (form.Mode == EncodingMode.IntegerOnly && _capabilityMode)
            {
                problem = Error(_statement.Location.Column, $"'{mnemonic}' is not available in capability mode (.option nocapmode)");
            }
            else
            {
                try
                {
                    EmitResolved(form, operands, anyRegisterClass);
                    return;
                }
                catch (StatementException e)
                {
                    problem = e;
                }
            }
            var rank = !OperandCountFits(form, operands.Count) ? 0 : problem.Message.StartsWith("expected", StringComparison.Ordinal) ? 1 : 2;
            if (rank > bestRank)
            {
                (best, bestRank) = (problem, rank);
            }
        }
        throw best!;
    }

    private static bool OperandCountFits(InstructionForm form, int count) =>
        count == form.Syntax.Count || (count == form.Syntax.Count - 1 && form.Syntax[^1].Field is { IsOptional: true });

    /// <summary>Resolves operands against one form and emits it, or throws with what is wrong.</summary>
    private void EmitResolved(InstructionForm form, List<Operand> operands, bool anyRegisterClass = false)
    {
        var (values, relocations) = Resolve(form, operands, anyRegisterClass);
        EmitInstructionWord(form.Encode(values), form.Length, relocations);
    }

    private (long[] Values, List<PendingRelocation> Relocations) Resolve(InstructionForm form, List<Operand> operands, bool anyRegisterClass)
    {
        if (!OperandCountFits(form, operands.Count))
        {
            throw Error(operands.Count > 0 ? operands[^1].Column : _statement.Location.Column,
                $"expected {form.Syntax.Count} operand(s) for '{form.Mnemonic}', got {operands.Count}");
        }
        var values = new List<long>();
        var relocations = new List<PendingRelocation>();
        for (var i = 0; i < form.Syntax.Count; i++)
        {
            var part = form.Syntax[i];
            if (i >= operands.Count)
            {
                values.Add(part.Field!.DefaultValue);
                continue;
            }
            var operand = operands[i];
            if (part.IsMemory)
            {
                if (operand is not MemoryOperand memory)
                {
                    throw Error(operand.Column, "expected a memory operand such as 0(a0)");
                }
                if (part.Field is { } offsetField)
                {
                    var offset = memory.Offset ?? new NumberExpression(memory.Column, 0);
                    values.Add(ResolveImmediate((ImmediateField)offsetField, offset, memory.Column, relocations));
                }
                else if (memory.Offset is not null && TryConstant(memory.Offset) != 0)
                {
                    throw Error(memory.Column, $"'{form.Mnemonic}' takes no offset, only (register)");
                }
                if (part.Base is { } baseField)
                {
                    values.Add(ResolveRegister(baseField, memory.Base, memory.BaseColumn, anyRegisterClass, isBase: true));
                }
                else
                {
                    ExpectFixedRegister(part, memory.Base, memory.BaseColumn, allowCapability: _capabilityMode);
                }
                continue;
            }
            if (part.Field is null)
            {
                ExpectFixedRegister(part, operand is RegisterOperand r ? r.Name : "", operand.Column);
                continue;
            }
            values.Add(ResolveField(part.Field, operand, anyRegisterClass, relocations));
        }
        return ([.. values], relocations);
    }

    private void ExpectFixedRegister(SyntaxPart part, string name, int column, bool allowCapability = false)
    {
        var (registerClass, number) = part.FixedRegister!.Value;
        // In capability mode a stack-relative base is csp (cheri-riscv.md §3.7).
        if (RegisterNames.Parse(registerClass, name) != number
            && !(allowCapability && RegisterNames.Parse(RegisterClass.Capability, name) == number))
        {
            throw Error(column, $"expected register {RegisterNames.Name(registerClass, number)}");
        }
    }

    private long ResolveField(OperandField field, Operand operand, bool anyRegisterClass, List<PendingRelocation> relocations)
    {
        switch (field)
        {
            case RegisterField register:
                if (operand is RegisterOperand r)
                {
                    return ResolveRegister(register, r.Name, r.Column, anyRegisterClass, isBase: false);
                }
                if (register.DdcAtZero && operand is ExpressionOperand { Expression: SymbolExpression { Name: var n } } && n.Equals("ddc", StringComparison.OrdinalIgnoreCase))
                {
                    return 0;
                }
                throw Error(operand.Column, $"expected {ClassName(register.RegisterClass)} register");
            case ImmediateField immediate:
                return operand is ExpressionOperand e
                    ? ResolveImmediate(immediate, e.Expression, e.Column, relocations)
                    : throw Error(operand.Column, "expected an immediate value");
            case NamedNumberField named:
            {
                if (operand is ExpressionOperand { Expression: SymbolExpression s } && named.TryParseName(s.Name, out var number))
                {
                    return number;
                }
                if (operand is ExpressionOperand e2 && TryConstant(e2.Expression) is { } value)
                {
                    return named.Check(value) is { } problem ? throw Error(operand.Column, problem) : value;
                }
                throw Error(operand.Column, named == Fields.Csr ? "expected a CSR name or number" : "expected a special capability register name (pcc, ddc, mtcc, ...) or number");
            }
            case RoundingModeField:
            {
                var mode = operand is ExpressionOperand { Expression: SymbolExpression s } ? RoundingModeField.Parse(s.Name) : -1;
                return mode >= 0 ? mode : throw Error(operand.Column, "expected a rounding mode (rne, rtz, rdn, rup, rmm, dyn)");
            }
            case FenceSetField:
            {
                var set = operand is ExpressionOperand { Expression: SymbolExpression s } ? FenceSetField.Parse(s.Name) : -1;
                return set >= 0 ? set : throw Error(operand.Column, "expected a fence set made of i, o, r, w");
            }
            default:
                throw Error(operand.Column, $"unsupported operand field {field.Name}");
        }
    }

    private static string ClassName(RegisterClass registerClass) => registerClass switch
    {
        RegisterClass.Integer => "an integer",
        RegisterClass.Float => "a floating-point",
        _ => "a capability",
    };

    private long ResolveRegister(RegisterField field, string name, int column, bool anyRegisterClass, bool isBase)
    {
        var number = RegisterNames.Parse(field.RegisterClass, name);
        // In capability mode the base of a standard load or store is a capability (cheri-riscv.md §4).
        if (number < 0 && (anyRegisterClass || (isBase && _capabilityMode && field.RegisterClass == RegisterClass.Integer)))
        {
            number = anyRegisterClass ? AnyRegisterNumber(name) : RegisterNames.Parse(RegisterClass.Capability, name);
        }
        if (number < 0)
        {
            throw Error(column, $"expected {ClassName(field.RegisterClass)} register, found '{name}'");
        }
        return field.Check(number) is { } problem ? throw Error(column, problem) : number;
    }

    private long ResolveImmediate(ImmediateField field, Expression expression, int column, List<PendingRelocation> relocations)
    {
        var value = Evaluate(expression);
        if (value.IsConstant && field.Style != ImmediateStyle.PcRelative)
        {
            var normalized = field.Normalize(value.Addend);
            return field.Check(normalized) is { } problem ? throw Error(column, problem) : normalized;
        }
        if (value.Symbol is null && value.Operator != RelocationOperator.None)
        {
            throw Error(column, "relocation operator needs a symbol");
        }
        var kind = field.RelocationFor(value.Operator);
        if (kind == RelocationKind.None)
        {
            throw Error(column, value.Operator == RelocationOperator.None
                ? $"a symbol cannot be used directly here; use {Suggestion(field)}"
                : $"this relocation operator does not fit this operand; use {Suggestion(field)}");
        }
        // A constant branch target is an absolute address, resolved like a symbol at link time.
        relocations.Add(new PendingRelocation(kind, value.Symbol ?? "", value.Addend, field, column));
        return 0;
    }

    private static string Suggestion(ImmediateField field) =>
        field.HiRelocation != RelocationKind.None ? "%hi(symbol) or %pcrel_hi(symbol)"
        : field.LoRelocation != RelocationKind.None ? "%lo(symbol) or %pcrel_lo(label)"
        : "a constant";
}
