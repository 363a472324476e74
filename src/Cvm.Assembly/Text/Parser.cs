using System.Globalization;

namespace Cvm.Assembly.Text;

/// <summary>
/// One source statement: labels defined before it, then a mnemonic or directive with its comma-separated operands.
/// Numeric local labels (<c>1:</c>, <c>1b</c>, <c>1f</c>) are already renamed to unique internal names.
/// </summary>
internal sealed record Statement(int Index, SourceLocation Location, IReadOnlyList<(string Name, SourceLocation Location)> Labels,
    string? Name, IReadOnlyList<List<Token>> Operands);

/// <summary>Turns token lines into statements.</summary>
internal static class Parser
{
    /// <summary>Prefix of the internal names of numeric local labels; never written by users, never in symbol tables.</summary>
    public const string LocalLabelPrefix = ".L\u0002";

    public static List<Statement> Parse(string file, string source, List<Diagnostic> errors)
    {
        var statements = new List<Statement>();
        var localCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, tokens) in Lexer.Tokenize(file, source, errors))
        {
            var location = new SourceLocation(file, line, tokens[0].Column);
            try
            {
                statements.Add(ParseStatement(statements.Count, file, line, tokens, localCounts));
            }
            catch (StatementException e)
            {
                errors.Add(new Diagnostic(e.Location.File.Length == 0 ? location : e.Location, e.Message));
            }
        }
        return statements;
    }

    private static Statement ParseStatement(int index, string file, int line, List<Token> tokens, Dictionary<string, int> localCounts)
    {
        var labels = new List<(string, SourceLocation)>();
        var position = 0;
        while (position + 1 < tokens.Count && tokens[position + 1].Is(":")
               && tokens[position].Kind is TokenKind.Identifier or TokenKind.Number)
        {
            var label = tokens[position];
            var name = label.Text;
            if (label.Kind == TokenKind.Number)
            {
                localCounts[name] = localCounts.GetValueOrDefault(name) + 1;
                name = LocalName(name, localCounts[name]);
            }
            labels.Add((name, new SourceLocation(file, line, label.Column)));
            position += 2;
        }

        // Rename numeric label references now that this statement's own labels are counted.
        var rest = tokens.Skip(position).Select(t => RenameLocalReference(t, localCounts, file, line)).ToList();
        if (rest.Count == 0)
        {
            return new Statement(index, new SourceLocation(file, line, tokens[0].Column), labels, null, []);
        }
        var head = rest[0];
        // "name = expr" is ".set name, expr".
        if (rest.Count >= 2 && head.Kind == TokenKind.Identifier && rest[1].Is("="))
        {
            var operands = new List<List<Token>> { new() { head }, rest.Skip(2).ToList() };
            return new Statement(index, new SourceLocation(file, line, head.Column), labels, ".set", operands);
        }
        if (head.Kind != TokenKind.Identifier)
        {
            throw new StatementException(new SourceLocation(file, line, head.Column), $"expected a mnemonic or directive, found '{head.Text}'");
        }
        return new Statement(index, new SourceLocation(file, line, head.Column), labels, head.Text.ToLowerInvariant(),
            SplitOperands(rest.Skip(1).ToList()));
    }

    private static string LocalName(string number, int instance) =>
        LocalLabelPrefix + number + "_" + instance.ToString(CultureInfo.InvariantCulture);

    private static Token RenameLocalReference(Token token, Dictionary<string, int> localCounts, string file, int line)
    {
        if (token.Kind != TokenKind.Identifier || token.Text.Length < 2 || !char.IsAsciiDigit(token.Text[0])
            || token.Text[^1] is not ('b' or 'f'))
        {
            return token;
        }
        var number = token.Text[..^1];
        var defined = localCounts.GetValueOrDefault(number);
        if (token.Text[^1] == 'b' && defined == 0)
        {
            throw new StatementException(new SourceLocation(file, line, token.Column),
                $"backward reference '{token.Text}' has no earlier label '{number}:'");
        }
        return token with { Text = LocalName(number, token.Text[^1] == 'b' ? defined : defined + 1) };
    }

    /// <summary>Splits at commas outside parentheses.</summary>
    private static List<List<Token>> SplitOperands(List<Token> tokens)
    {
        var operands = new List<List<Token>>();
        if (tokens.Count == 0)
        {
            return operands;
        }
        var current = new List<Token>();
        var depth = 0;
        foreach (var token in tokens)
        {
            if (token.Is("("))
            {
                depth++;
            }
            else if (token.Is(")"))
            {
                depth--;
            }
            if (token.Is(",") && depth == 0)
            {
                operands.Add(current);
                current = [];
                continue;
            }
            current.Add(token);
        }
        operands.Add(current);
        return operands;
    }

    /// <summary>The user-facing name of a label (numeric local labels print as their number).</summary>
    public static string DisplayName(string name) =>
        name.StartsWith(LocalLabelPrefix, StringComparison.Ordinal) ? name[LocalLabelPrefix.Length..name.LastIndexOf('_')] : name;
}
