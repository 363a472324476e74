using System.Collections.Immutable;
using System.Reflection;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Cvm.Generators.Tests;

/// <summary>Builds test compilations offline and runs the generator on them with step tracking on.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>.NET 10 reference assemblies plus the CvmSdk runtime and the assemblies its public API uses.</summary>
    public static readonly ImmutableArray<MetadataReference> References = Net100.References.All
        .Concat(new[] { typeof(Cvm.Sdk.CvmContract), typeof(Cvm.Monitor.CvmMonitor) }
            .Select(t => t.Assembly)
            .SelectMany(a => a.GetReferencedAssemblies().Where(n => n.Name!.StartsWith("Cvm.", StringComparison.Ordinal)).Select(System.Reflection.Assembly.Load).Append(a))
            .Distinct()
            .Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location)))
        .ToImmutableArray();

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "Contracts",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new CvmServiceGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator and checks it neither threw nor reported anything (it never reports).</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(Compilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        return (result, output);
    }

    /// <summary>Warnings and errors of a compilation, generated code included.</summary>
    public static ImmutableArray<Diagnostic> Problems(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
}
