namespace Cvm.Monitor.Deployments;

/// <summary>A place in a deployment file: 1-based line and column.</summary>
public readonly record struct SourcePosition(int Line, int Column);

/// <summary>
/// One thing wrong with a deployment. From a file it reads <c>file:line:column: message</c>; built in code it
/// reads <c>subject: message</c>, where the subject names the cVM, buffer or call concerned.
/// </summary>
public sealed record DeploymentDiagnostic(string Subject, string Message, string? File = null, SourcePosition? Position = null)
{
    /// <inheritdoc />
    public override string ToString() => Position is { } at
        ? $"{File ?? "deployment"}:{at.Line}:{at.Column}: {Message}"
        : $"{Subject}: {Message}";
}

/// <summary>
/// Where each value of a deployment came from: keys are paths such as <c>cVMs[1].isolation.size</c> (the value)
/// or <c>capfiles[0].access.hello#key</c> (the key itself).
/// </summary>
public sealed class DeploymentSource
{
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);

    /// <summary>Creates an empty map for the file named <paramref name="file"/>.</summary>
    public DeploymentSource(string file) => File = file;

    /// <summary>The file name used in messages.</summary>
    public string File { get; }

    internal void Record(string path, SourcePosition position) => _positions.TryAdd(path, position);

    /// <summary>
    /// The position of <paramref name="path"/>, or of its nearest enclosing value when it was not written (a
    /// defaulted value is reported where its cVM or buffer starts).
    /// </summary>
    public SourcePosition? Find(string path)
    {
        for (string current = path; current.Length > 0; current = Parent(current))
        {
            if (_positions.TryGetValue(current, out var position))
            {
                return position;
            }
        }
        return null;
    }

    private static string Parent(string path)
    {
        int cut = path.LastIndexOfAny(['.', '[', '#']);
        return cut < 0 ? "" : path[..cut];
    }
}
