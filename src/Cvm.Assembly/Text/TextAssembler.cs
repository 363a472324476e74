using Cvm.Assembly.Isa;

namespace Cvm.Assembly.Text;

/// <summary>Assembler settings at the start of a file (the source can change them with <c>.option</c>).</summary>
/// <param name="Compressed">Start as if <c>.option rvc</c> were given.</param>
/// <param name="CapabilityMode">Start as if <c>.option capmode</c> were given.</param>
public sealed record AssemblerOptions(bool Compressed = false, bool CapabilityMode = false);

/// <summary>
/// Assembles GNU as syntax into an <see cref="ObjectFile"/>. Layout runs in passes until every label address and
/// every branch size is stable; branch sizes only ever grow, so this terminates. All errors of the final pass are
/// reported together.
/// </summary>
public static class TextAssembler
{
    /// <summary>
    /// Layout normally settles in two or three passes (branch sizes only grow). The bound turns a layout that refers
    /// to itself and never settles, such as <c>a: .skip 1 + b - a</c> followed by <c>b:</c>, into an error.
    /// </summary>
    private const int MaximumPasses = 200;

    /// <summary>Assembles <paramref name="source"/>; throws <see cref="AssemblyException"/> listing every error.</summary>
    public static ObjectFile Assemble(string source, string fileName = "<input>", AssemblerOptions? options = null)
    {
        options ??= new AssemblerOptions();
        var errors = new List<Diagnostic>();
        var statements = Parser.Parse(fileName, source, errors);
        var branchSizes = new Dictionary<int, int>();
        var operandCache = new Dictionary<int, object>();
        Dictionary<string, LabelAddress>? previous = null;
        AssemblyPass? pass = null;
        var settled = false;
        for (var round = 0; round < MaximumPasses && !settled; round++)
        {
            var sizesBefore = branchSizes.Count == 0 ? "" : string.Join(",", branchSizes.OrderBy(p => p.Key));
            pass = new AssemblyPass(options, previous, branchSizes, operandCache);
            pass.Run(statements);
            var sizesAfter = branchSizes.Count == 0 ? "" : string.Join(",", branchSizes.OrderBy(p => p.Key));
            settled = previous is not null && sizesBefore == sizesAfter && SameLabels(previous, pass.Labels);
            previous = pass.Labels;
        }
        errors.AddRange(pass!.Errors);
        if (!settled)
        {
            errors.Add(new Diagnostic(new SourceLocation(fileName, 1, 1), $"layout did not settle after {MaximumPasses} passes: a size or alignment depends on an address it moves"));
        }
        if (errors.Count > 0)
        {
            throw new AssemblyException(errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList());
        }
        return pass.ToObjectFile();
    }

    private static bool SameLabels(Dictionary<string, LabelAddress> a, Dictionary<string, LabelAddress> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && other == p.Value);
}

/// <summary>Where a label was defined: section name and byte offset.</summary>
internal readonly record struct LabelAddress(string Section, long Offset);
