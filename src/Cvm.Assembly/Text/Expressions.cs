using Cvm.Assembly.Isa;

namespace Cvm.Assembly.Text;

/// <summary>An assembly-time expression tree.</summary>
internal abstract record Expression(int Column);

internal sealed record NumberExpression(int Column, long Value) : Expression(Column);

internal sealed record SymbolExpression(int Column, string Name) : Expression(Column);

internal sealed record UnaryExpression(int Column, string Operator, Expression Operand) : Expression(Column);

internal sealed record BinaryExpression(int Column, string Operator, Expression Left, Expression Right) : Expression(Column);

/// <summary><c>%hi(e)</c>, <c>%lo(e)</c>, <c>%pcrel_hi(e)</c>, <c>%pcrel_lo(e)</c>.</summary>
internal sealed record RelocationExpression(int Column, RelocationOperator Operator, Expression Operand) : Expression(Column);

/// <summary>
/// The value of an expression: a constant, or a symbol plus addend (resolved by the linker), possibly under a
/// relocation operator.
/// </summary>
internal readonly record struct Value(long Addend, string? Symbol = null, RelocationOperator Operator = RelocationOperator.None)
{
    public bool IsConstant => Symbol is null && Operator == RelocationOperator.None;
}

/// <summary>Parses expressions with GNU as precedence (bitwise operators bind tighter than + and -).</summary>
internal sealed class ExpressionParser
{
    private static readonly string[][] Levels =
    [
        ["||"],
        ["&&"],
        ["==", "!=", "<", ">", "<=", ">="],
        ["+", "-"],
        ["|", "&", "^", "!"],
        ["*", "/", "%", "<<", ">>"],
    ];

    /// <summary>
    /// Bounds on expression size and nesting. Evaluation recurses over the tree, so without them hostile input could
    /// exhaust the host's stack; real code stays far below.
    /// </summary>
    private const int MaximumTokens = 1000;
    private const int MaximumNesting = 100;

    private readonly List<Token> _tokens;
    private readonly SourceLocation _line;
    private int _position;
    private int _nesting;

    private ExpressionParser(List<Token> tokens, SourceLocation line)
    {
        _tokens = tokens;
        _line = line;
    }

    /// <summary>Parses all of <paramref name="tokens"/> as one expression.</summary>
    public static Expression Parse(List<Token> tokens, SourceLocation line)
    {
        if (tokens.Count == 0)
        {
            throw new StatementException(line, "expected an expression");
        }
        if (tokens.Count > MaximumTokens)
        {
            throw new StatementException(line with { Column = tokens[0].Column }, $"expression is longer than {MaximumTokens} tokens");
        }
        var parser = new ExpressionParser(tokens, line);
        var expression = parser.ParseLevel(0);
        if (parser._position < tokens.Count)
        {
            var extra = tokens[parser._position];
            throw new StatementException(line with { Column = extra.Column }, $"unexpected '{extra.Text}' in expression");
        }
        return expression;
    }

    private Token? Peek => _position < _tokens.Count ? _tokens[_position] : null;

    private Expression ParseLevel(int level)
    {
        if (level == Levels.Length)
        {
            return ParseUnary();
        }
        var left = ParseLevel(level + 1);
        while (Peek is { Kind: TokenKind.Punctuation } op && Levels[level].Contains(op.Text))
        {
            _position++;
            var right = ParseLevel(level + 1);
            left = new BinaryExpression(op.Column, op.Text, left, right);
        }
        return left;
    }

    private Expression ParseUnary()
    {
        if (++_nesting > MaximumNesting)
        {
            throw new StatementException(_line with { Column = Peek?.Column ?? _line.Column }, $"expression nests deeper than {MaximumNesting} levels");
        }
        try
        {
            return ParseUnaryUnbounded();
        }
        finally
        {
            _nesting--;
        }
    }

    private Expression ParseUnaryUnbounded()
    {
        var token = Peek ?? throw new StatementException(_line with { Column = _tokens[^1].Column }, "expression ends too early");
        _position++;
        switch (token.Kind)
        {
            case TokenKind.Number:
                return new NumberExpression(token.Column, token.Number);
            case TokenKind.Identifier:
                return new SymbolExpression(token.Column, token.Text);
            case TokenKind.RelocationOperator:
            {
                var op = token.Text.ToLowerInvariant() switch
                {
                    "%hi" => RelocationOperator.Hi,
                    "%lo" => RelocationOperator.Lo,
                    "%pcrel_hi" => RelocationOperator.PcrelHi,
                    "%pcrel_lo" => RelocationOperator.PcrelLo,
                    _ => throw new StatementException(_line with { Column = token.Column }, $"unknown relocation operator '{token.Text}'"),
                };
                Expect("(");
                var inner = ParseLevel(0);
                Expect(")");
                return new RelocationExpression(token.Column, op, inner);
            }
            case TokenKind.Punctuation when token.Text is "-" or "~" or "!" or "+":
                return new UnaryExpression(token.Column, token.Text, ParseUnary());
            case TokenKind.Punctuation when token.Text == "(":
            {
                var inner = ParseLevel(0);
                Expect(")");
                return inner;
            }
            default:
                throw new StatementException(_line with { Column = token.Column }, $"unexpected '{token.Text}' in expression");
        }
    }

    private void Expect(string punctuation)
    {
        if (Peek is { } token && token.Is(punctuation))
        {
            _position++;
            return;
        }
        var column = Peek?.Column ?? _tokens[^1].Column;
        throw new StatementException(_line with { Column = column }, $"expected '{punctuation}'");
    }
}
