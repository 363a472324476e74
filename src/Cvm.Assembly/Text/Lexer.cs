using System.Globalization;
using System.Text;

namespace Cvm.Assembly.Text;

internal enum TokenKind { Identifier, Number, String, Punctuation, RelocationOperator }

/// <summary>A token with the column (1-based) it starts at. Numbers carry their value; strings their decoded bytes.</summary>
internal sealed record Token(TokenKind Kind, string Text, int Column, long Number = 0, byte[]? Bytes = null)
{
    public bool Is(string punctuation) => Kind == TokenKind.Punctuation && Text == punctuation;
}

/// <summary>
/// Splits GNU as source lines into statements' tokens. <c>#</c> and <c>//</c> start comments, <c>/* */</c> may span
/// lines, <c>;</c> separates statements on one line.
/// </summary>
internal static class Lexer
{
    private static readonly string[] TwoCharPunctuation = ["<<", ">>", "&&", "||", "==", "!=", "<=", ">="];

    /// <summary>Tokenizes a whole file into lines of statements: (line number, tokens) per statement.</summary>
    public static IEnumerable<(int Line, List<Token> Tokens)> Tokenize(string file, string source, List<Diagnostic> errors)
    {
        var lines = source.Split('\n');
        var inBlockComment = false;
        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var line = lines[index].TrimEnd('\r');
            var tokens = new List<Token>();
            var i = 0;
            while (i < line.Length)
            {
                if (inBlockComment)
                {
                    var end = line.IndexOf("*/", i, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        i = line.Length;
                        break;
                    }
                    inBlockComment = false;
                    i = end + 2;
                    continue;
                }
                var c = line[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '#' || (c == '/' && i + 1 < line.Length && line[i + 1] == '/'))
                {
                    break;
                }
                else if (c == '/' && i + 1 < line.Length && line[i + 1] == '*')
                {
                    inBlockComment = true;
                    i += 2;
                }
                else if (c == ';')
                {
                    if (tokens.Count > 0)
                    {
                        yield return (lineNumber, tokens);
                    }
                    tokens = [];
                    i++;
                }
                else
                {
                    try
                    {
                        tokens.Add(Next(line, ref i));
                    }
                    catch (StatementException e)
                    {
                        errors.Add(new Diagnostic(new SourceLocation(file, lineNumber, e.Location.Column), e.Message));
                        tokens.Clear();
                        break;
                    }
                }
            }
            if (tokens.Count > 0)
            {
                yield return (lineNumber, tokens);
            }
        }
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or '.' or '$';
    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '$';

    private static Token Next(string line, ref int i)
    {
        var start = i;
        var c = line[i];
        var location = new SourceLocation("", 0, start + 1);
        if (IsIdentifierStart(c))
        {
            while (i < line.Length && IsIdentifierPart(line[i]))
            {
                i++;
            }
            return new Token(TokenKind.Identifier, line[start..i], start + 1);
        }
        if (char.IsAsciiDigit(c))
        {
            while (i < line.Length && char.IsAsciiLetterOrDigit(line[i]))
            {
                i++;
            }
            var text = line[start..i];
            // A numeric local label reference: 1b / 1f.
            if (text.Length > 1 && (text[^1] is 'b' or 'f') && text[..^1].All(char.IsAsciiDigit))
            {
                return new Token(TokenKind.Identifier, text, start + 1);
            }
            return new Token(TokenKind.Number, text, start + 1, ParseNumber(text, location));
        }
        if (c == '\'')
        {
            // GNU as character constant: 'a or 'a' (escape sequences allowed).
            i++;
            var value = ReadCharacter(line, ref i, location);
            if (i < line.Length && line[i] == '\'')
            {
                i++;
            }
            return new Token(TokenKind.Number, line[start..i], start + 1, value);
        }
        if (c == '"')
        {
            i++;
            var bytes = new List<byte>();
            while (true)
            {
                if (i >= line.Length)
                {
                    throw new StatementException(location, "unterminated string");
                }
                if (line[i] == '"')
                {
                    i++;
                    break;
                }
                var ch = ReadCharacter(line, ref i, location);
                if (ch < 0x80)
                {
                    bytes.Add((byte)ch);
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32((int)ch)));
                }
            }
            return new Token(TokenKind.String, line[start..i], start + 1, 0, [.. bytes]);
        }
        if (c == '%' && i + 1 < line.Length && char.IsAsciiLetter(line[i + 1]))
        {
            i++;
            while (i < line.Length && IsIdentifierPart(line[i]))
            {
                i++;
            }
            return new Token(TokenKind.RelocationOperator, line[start..i], start + 1);
        }
        if (i + 1 < line.Length && TwoCharPunctuation.Contains(line.Substring(i, 2)))
        {
            i += 2;
            return new Token(TokenKind.Punctuation, line[start..i], start + 1);
        }
        if ("+-*/%&|^~!(),:=<>@".Contains(c))
        {
            i++;
            return new Token(TokenKind.Punctuation, c.ToString(), start + 1);
        }
        throw new StatementException(location, $"unexpected character '{c}'");
    }

    private static long ReadCharacter(string line, ref int i, SourceLocation location)
    {
        if (i >= line.Length)
        {
            throw new StatementException(location, "unterminated character constant");
        }
        if (line[i] != '\\')
        {
            var codePoint = char.ConvertToUtf32(line, i);
            i += char.IsSurrogatePair(line, i) ? 2 : 1;
            return codePoint;
        }
        i++;
        if (i >= line.Length)
        {
            throw new StatementException(location, "unterminated escape sequence");
        }
        var e = line[i++];
        switch (e)
        {
            case 'n': return '\n';
            case 't': return '\t';
            case 'r': return '\r';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'v': return '\v';
            case 'a': return 7;
            case 'e': return 27;
            case '\\': return '\\';
            case '"': return '"';
            case '\'': return '\'';
            case 'x':
            {
                var start = i;
                while (i < line.Length && char.IsAsciiHexDigit(line[i]))
                {
                    i++;
                }
                if (start == i)
                {
                    throw new StatementException(location, "\\x needs hexadecimal digits");
                }
                return long.Parse(line[start..i], NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0xFF;
            }
            default:
                if (e is >= '0' and <= '7')
                {
                    long value = e - '0';
                    for (var n = 0; n < 2 && i < line.Length && line[i] is >= '0' and <= '7'; n++)
                    {
                        value = value * 8 + (line[i++] - '0');
                    }
                    return value & 0xFF;
                }
                return e;
        }
    }

    /// <summary>Decimal, 0x hex, 0b binary, leading-0 octal, as GNU as reads them.</summary>
    internal static long ParseNumber(string text, SourceLocation location)
    {
        try
        {
            var lower = text.ToLowerInvariant();
            if (lower.StartsWith("0x", StringComparison.Ordinal) && lower.Length > 2)
            {
                return (long)ulong.Parse(lower[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            }
            if (lower.StartsWith("0b", StringComparison.Ordinal) && lower.Length > 2)
            {
                return (long)Convert.ToUInt64(lower[2..], 2);
            }
            if (lower.Length > 1 && lower[0] == '0')
            {
                return (long)Convert.ToUInt64(lower[1..], 8);
            }
            return (long)ulong.Parse(lower, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new StatementException(location, $"invalid number '{text}'");
        }
    }
}
