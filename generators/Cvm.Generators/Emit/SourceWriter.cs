using System;
using System.Text;

namespace Cvm.Generators.Emit;

/// <summary>
/// Text with indentation and \n newlines (the same bytes on every platform, so snapshots compare), re-indenting
/// every line of a multi-line string and never leaving trailing whitespace on blank lines.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder text = new();
    private readonly string indentUnit;
    private int indent;

    public SourceWriter(string indentUnit = "    ") => this.indentUnit = indentUnit;

    public void Indent() => indent++;

    public void Outdent() => indent = indent > 0 ? indent - 1 : throw new InvalidOperationException("indentation below zero");

    public SourceWriter Line(string line = "")
    {
        foreach (var part in line.Split('\n'))
        {
            if (part.Length > 0)
            {
                for (var i = 0; i < indent; i++)
                {
                    text.Append(indentUnit);
                }
                text.Append(part);
            }
            text.Append('\n');
        }
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until <see cref="Close"/>.</summary>
    public void Open(string header)
    {
        Line(header);
        Line("{");
        Indent();
    }

    public void Close(string brace = "}")
    {
        Outdent();
        Line(brace);
    }

    public override string ToString() => text.ToString();
}

/// <summary>One generated file.</summary>
internal sealed record GeneratedFile(string HintName, string Text);
