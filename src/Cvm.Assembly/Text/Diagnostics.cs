namespace Cvm.Assembly.Text;

/// <summary>One assembly error, located at file:line:column.</summary>
public sealed record Diagnostic(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location}: error: {Message}";
}

/// <summary>Thrown when assembly fails; carries every error found, not just the first.</summary>
public sealed class AssemblyException : Exception
{
    public AssemblyException(IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics)) => Diagnostics = diagnostics;

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}

/// <summary>An error in one statement; the assembler records it and carries on with the next statement.</summary>
internal sealed class StatementException(SourceLocation location, string message) : Exception(message)
{
    public SourceLocation Location { get; } = location;
}
