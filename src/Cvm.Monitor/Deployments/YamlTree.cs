using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Cvm.Monitor.Deployments;

/// <summary>A YAML node with the position where it starts.</summary>
internal abstract record YamlNode(SourcePosition Position);

/// <summary>A scalar; <see cref="IsNull"/> for an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
internal sealed record YamlScalar(string Value, bool IsPlain, SourcePosition Position) : YamlNode(Position)
{
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";
}

/// <summary>A mapping whose keys are scalars, in file order, without duplicates.</summary>
internal sealed record YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries, SourcePosition Position) : YamlNode(Position);

/// <summary>A sequence.</summary>
internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, SourcePosition Position) : YamlNode(Position);

/// <summary>
/// Turns YAML text into <see cref="YamlNode"/> documents through YamlDotNet's event parser, refusing what a
/// deployment never needs and a hostile file could abuse: anchors and aliases (the "billion laughs" expansion),
/// tags, non-scalar keys, duplicate keys, nesting deeper than <see cref="MaxDepth"/> and more than
/// <see cref="MaxNodes"/> nodes. Every refusal and every syntax error becomes one message with its position.
/// </summary>
internal sealed class YamlTree
{
    /// <summary>Deepest nesting accepted; a deployment needs five levels.</summary>
    public const int MaxDepth = 16;

    /// <summary>Most nodes accepted in one file.</summary>
    public const int MaxNodes = 100_000;

    private readonly IParser _parser;
    private int _nodes;

    private YamlTree(IParser parser) => _parser = parser;

    /// <summary>The documents of <paramref name="text"/>, or null with <paramref name="error"/> set.</summary>
    public static IReadOnlyList<YamlNode?>? Parse(string text, out (SourcePosition Position, string Message) error)
    {
        var tree = new YamlTree(new Parser(new StringReader(text)));
        error = default;
        try
        {
            return tree.ParseStream();
        }
        catch (YamlTreeException e)
        {
            error = (e.Position, e.Message);
        }
        catch (YamlException e)
        {
            error = (ToPosition(e.Start), $"the file is not valid YAML: {e.Message}");
        }
        // YamlDotNet's scanner also throws InvalidOperationException on some truncated flow collections; the file
        // is just as invalid, so the report must be the same kind of message rather than a crash.
        catch (InvalidOperationException)
        {
            error = (tree._lastStart, "the file is not valid YAML: a flow collection ('[' or '{') is not closed after this value");
        }
        return null;
    }

    private List<YamlNode?> ParseStream()
    {
        var documents = new List<YamlNode?>();
        Expect<StreamStart>();
        while (!Accept<StreamEnd>())
        {
            Expect<DocumentStart>();
            documents.Add(Accept<DocumentEnd>() ? null : ParseNode(depth: 1));
            Expect<DocumentEnd>();
        }
        return documents;
    }

    private YamlNode ParseNode(int depth)
    {
        var current = Next();
        if (++_nodes > MaxNodes)
        {
            throw new YamlTreeException(ToPosition(current.Start), $"the file has more than {MaxNodes} values; deployments are far smaller");
        }
        if (current is AnchorAlias alias)
        {
            throw new YamlTreeException(ToPosition(alias.Start), $"aliases (*{alias.Value}) are not supported in deployment files; write the value out");
        }
        if (current is NodeEvent node)
        {
            if (!node.Anchor.IsEmpty)
            {
                throw new YamlTreeException(ToPosition(node.Start), $"anchors (&{node.Anchor}) are not supported in deployment files; write the value out");
            }
            if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific)
            {
                throw new YamlTreeException(ToPosition(node.Start), $"tags ({node.Tag}) are not supported in deployment files");
            }
        }
        if (depth > MaxDepth)
        {
            throw new YamlTreeException(ToPosition(current.Start), $"values are nested more than {MaxDepth} levels deep");
        }
        var position = ToPosition(current.Start);
        switch (current)
        {
            case Scalar scalar:
                return new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, position);
            case SequenceStart:
                var items = new List<YamlNode>();
                while (!Accept<SequenceEnd>())
                {
                    items.Add(ParseNode(depth + 1));
                }
                Next();
                return new YamlSequence(items, position);
            case MappingStart:
                var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (!Accept<MappingEnd>())
                {
                    var keyStart = ToPosition(Peek().Start);
                    if (ParseNode(depth + 1) is not YamlScalar key)
                    {
                        throw new YamlTreeException(keyStart, "mapping keys must be plain names, not lists or mappings");
                    }
                    if (!seen.Add(key.Value))
                    {
                        throw new YamlTreeException(key.Position, $"'{key.Value}' appears twice in the same mapping");
                    }
                    entries.Add(new(key, ParseNode(depth + 1)));
                }
                Next();
                return new YamlMapping(entries, position);
            default:
                throw new YamlTreeException(position, "the file is not valid YAML: a value was expected here");
        }
    }

    private ParsingEvent? _lookahead;
    private SourcePosition _lastStart = new(1, 1);

    /// <summary>The next event, without consuming it.</summary>
    private ParsingEvent Peek()
    {
        if (_lookahead is null)
        {
            if (!_parser.MoveNext() || _parser.Current is not { } current)
            {
                throw new YamlTreeException(_lastStart, "the file is not valid YAML: it ends in the middle of a value");
            }
            _lookahead = current;
        }
        return _lookahead;
    }

    private ParsingEvent Next()
    {
        var current = Peek();
        _lookahead = null;
        _lastStart = ToPosition(current.Start);
        return current;
    }

    private bool Accept<T>() where T : ParsingEvent => Peek() is T;

    private void Expect<T>() where T : ParsingEvent
    {
        var current = Next();
        if (current is not T)
        {
            throw new YamlTreeException(ToPosition(current.Start), "the file is not valid YAML: unexpected content here");
        }
    }

    private static SourcePosition ToPosition(Mark mark) => new((int)Math.Min(mark.Line, int.MaxValue), (int)Math.Min(mark.Column, int.MaxValue));

    private sealed class YamlTreeException(SourcePosition position, string message) : Exception(message)
    {
        public SourcePosition Position { get; } = position;
    }
}
