using Cvm.Assembly.Isa;

namespace Cvm.Assembly.Text;

internal sealed partial class AssemblyPass
{
    // Reaches as GNU as measures them: offset from the branch itself must lie in [-reach/2, reach/2).
    private const long CompressedBranchReach = 1 << 9;
    private const long CompressedJumpReach = 1 << 12;
    private const long BranchReach = 1 << 13;

    /// <summary>
    /// Conditional branches and j/jal with a label target. Their size depends on the distance, which layout
    /// settles: a compressed form when <c>.option rvc</c> is on and the target is close enough, the 32-bit form, or
    /// for a far conditional branch the inverted branch over a JAL (as GNU as relaxes it). Sizes only grow between
    /// passes.
    /// </summary>
    private bool TryBranch(string mnemonic, List<Operand> o)
    {
        var c = _statement.Location.Column;
        string? condition = null;
        Operand? rs1 = null, rs2 = null, target = null, link = null;
        switch (mnemonic)
        {
            case "beq" or "bne" or "blt" or "bge" or "bltu" or "bgeu" when o.Count == 3:
                (condition, rs1, rs2, target) = (mnemonic, o[0], o[1], o[2]);
                break;
            case "bgt" or "ble" or "bgtu" or "bleu":
                Expect(o, mnemonic, 3);
                (condition, rs1, rs2, target) = (mnemonic switch { "bgt" => "blt", "ble" => "bge", "bgtu" => "bltu", _ => "bgeu" }, o[1], o[0], o[2]);
                break;
            case "beqz" or "bnez" or "bltz" or "bgez":
                Expect(o, mnemonic, 2);
                (condition, rs1, rs2, target) = (mnemonic[..^1], o[0], Reg("zero", c), o[1]);
                break;
            case "blez" or "bgtz":
                Expect(o, mnemonic, 2);
                (condition, rs1, rs2, target) = (mnemonic == "blez" ? "bge" : "blt", Reg("zero", c), o[0], o[1]);
                break;
            case "j":
                Expect(o, mnemonic, 1);
                (link, target) = (Reg("zero", c), o[0]);
                break;
            case "jal" when o.Count == 1:
                (link, target) = (Reg("ra", c), o[0]);
                break;
            case "jal" when o.Count == 2:
                (link, target) = (o[0], o[1]);
                break;
            default:
                return false;
        }
        if (target is not ExpressionOperand targetExpression)
        {
            throw Error(target.Column, "expected a branch target (label or address)");
        }
        var distance = Distance(targetExpression.Expression);
        var size = _branchSizes.GetValueOrDefault(_statement.Index, 2);
        if (condition is not null)
        {
            EmitConditional(mnemonic, condition, rs1!, rs2!, targetExpression, distance, size);
        }
        else
        {
            EmitJump(link!, targetExpression, distance, size);
        }
        return true;
    }

    /// <summary>Target − this instruction when the target is a label in this section, from the latest layout; else null.</summary>
    private long? Distance(Expression target)
    {
        Value value;
        try
        {
            value = Evaluate(target);
        }
        catch (StatementException)
        {
            return null;
        }
        if (value.Symbol is null || value.Operator != RelocationOperator.None)
        {
            return null;
        }
        var previousHere = PreviousOffsetOfThisStatement();
        if (_previousLabels is null && !Labels.ContainsKey(value.Symbol))
        {
            // First pass, forward reference: assume the target is near; later passes grow the branch if not.
            return 0;
        }
        var label = FindLabel(value.Symbol);
        if (label is null || label.Value.Section != _section.Name)
        {
            return null;
        }
        // A label already defined in this pass lies behind us: measure in this layout; otherwise in the previous one.
        var here = Labels.ContainsKey(value.Symbol) ? _section.Size : previousHere;
        return label.Value.Offset + value.Addend - here;
    }

    /// <summary>This statement's offset in the previous pass (forward targets were measured in that layout).</summary>
    private long PreviousOffsetOfThisStatement()
    {
        var key = $"{Parser.LocalLabelPrefix}stmt_{_statement.Index}";
        var previous = _previousLabels is not null && _previousLabels.TryGetValue(key, out var p) ? p.Offset : _section.Size;
        Labels[key] = new LabelAddress(_section.Name, _section.Size);
        return previous;
    }

    private void Grow(int size) => _branchSizes[_statement.Index] = Math.Max(size, _branchSizes.GetValueOrDefault(_statement.Index));

    private void EmitConditional(string written, string condition, Operand rs1, Operand rs2, ExpressionOperand target, long? distance, int size)
    {
        var rs1Number = rs1 is RegisterOperand r1 ? RegisterNames.Parse(RegisterClass.Integer, r1.Name) : -1;
        var rs2Number = rs2 is RegisterOperand r2 ? RegisterNames.Parse(RegisterClass.Integer, r2.Name) : -1;
        // GNU as compresses beq/bne against zero (written as beqz/bnez or with zero second) on x8-x15.
        var compressible = _compressed && !_capabilityMode && condition is "beq" or "bne" && rs2Number == 0
            && rs1Number is >= 8 and <= 15 && written is "beq" or "bne" or "beqz" or "bnez";
        var needed = distance is not { } d ? 4
            : compressible && d >= -CompressedBranchReach / 2 && d < CompressedBranchReach / 2 ? 2
            : d >= -BranchReach / 2 && d < BranchReach / 2 ? 4
            : compressible ? 6 : 8;
        Grow(needed);
        size = Math.Max(size, needed);
        if (size == 2)
        {
            EmitMatching(condition == "beq" ? "c.beqz" : "c.bnez", [rs1, target]);
        }
        else if (size == 4)
        {
            EmitMatching(condition, [rs1, rs2, target]);
        }
        else
        {
            // Out of reach: branch on the opposite condition over a JAL to the target.
            var inverse = condition switch
            {
                "beq" => "bne", "bne" => "beq", "blt" => "bge", "bge" => "blt", "bltu" => "bgeu", _ => "bltu",
            };
            var skip = new ExpressionOperand(target.Column, new BinaryExpression(target.Column, "+",
                new SymbolExpression(target.Column, "."), new NumberExpression(target.Column, size)));
            if (size == 6)
            {
                EmitMatching(inverse == "beq" ? "c.beqz" : "c.bnez", [rs1, skip]);
            }
            else
            {
                EmitMatching(inverse, [rs1, rs2, skip]);
            }
            EmitMatching("jal", [Reg("zero", target.Column), target]);
        }
    }

    private void EmitJump(Operand link, ExpressionOperand target, long? distance, int size)
    {
        var linkNumber = link is RegisterOperand l ? RegisterNames.Parse(RegisterClass.Integer, l.Name) : -1;
        var compressible = _compressed && !_capabilityMode && linkNumber == 0;
        var needed = compressible && distance is { } d && d >= -CompressedJumpReach / 2 && d < CompressedJumpReach / 2 ? 2 : 4;
        Grow(needed);
        size = Math.Max(size, needed);
        if (size == 2)
        {
            EmitMatching("c.j", [target]);
        }
        else
        {
            EmitMatching("jal", [link, target]);
        }
    }
}
