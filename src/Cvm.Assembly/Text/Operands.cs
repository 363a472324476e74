namespace Cvm.Assembly.Text;

/// <summary>A parsed instruction operand.</summary>
internal abstract record Operand(int Column);

/// <summary>A bare register name (any register file; the form decides which one it must be).</summary>
internal sealed record RegisterOperand(int Column, string Name) : Operand(Column);

/// <summary>An expression: immediate, symbol, CSR/SCR name, rounding mode, fence set.</summary>
internal sealed record ExpressionOperand(int Column, Expression Expression) : Operand(Column);

/// <summary><c>offset(base)</c> or <c>(base)</c>.</summary>
internal sealed record MemoryOperand(int Column, Expression? Offset, string Base, int BaseColumn) : Operand(Column);

internal static class OperandParser
{
    public static Operand Parse(List<Token> tokens, SourceLocation line)
    {
        if (tokens.Count == 0)
        {
            throw new StatementException(line, "missing operand");
        }
        var column = tokens[0].Column;
        if (tokens.Count == 1 && tokens[0].Kind == TokenKind.Identifier && RegisterNames.IsAnyRegister(tokens[0].Text))
        {
            return new RegisterOperand(column, tokens[0].Text.ToLowerInvariant());
        }
        if (tokens.Count >= 3 && tokens[^1].Is(")") && tokens[^3].Is("(") && tokens[^2].Kind == TokenKind.Identifier
            && RegisterNames.IsAnyRegister(tokens[^2].Text))
        {
            var offsetTokens = tokens.Take(tokens.Count - 3).ToList();
            var offset = offsetTokens.Count == 0 ? null : ExpressionParser.Parse(offsetTokens, line with { Column = column });
            return new MemoryOperand(column, offset, tokens[^2].Text.ToLowerInvariant(), tokens[^2].Column);
        }
        return new ExpressionOperand(column, ExpressionParser.Parse(tokens, line with { Column = column }));
    }
}
