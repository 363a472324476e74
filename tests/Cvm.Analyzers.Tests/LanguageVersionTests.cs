using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Cvm.Analyzers.Tests;

/// <summary>
/// CVM3001's threshold is a fact about the generator's output: the generated code for a contract using every kind
/// of value compiles without errors at <see cref="ContractAnalyzer.MinimumLanguageVersion"/> and fails one version below (so the rule neither lets errors into generated files nor rejects versions that work).
/// </summary>
public sealed class LanguageVersionTests
{
    private const string Contract = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Cvm.Sdk;

        namespace Demo
        {
            public struct Point { public int X; public int Y; }
            public enum Mode : byte { Read, Write }

            [CvmService("everything"), CvmBudget(Instructions = 1000)]
            public interface IEverything
            {
                [CvmMethod(Id = 1)] int Put(ReadOnlySpan<byte> key, Span<int> values, byte[] raw, string label, CvmCapFile file);
                [CvmMethod(Id = 2)] Point Move(Point from, in Point by, Mode mode, ref long counter, out bool moved);
                [CvmMethod(Id = 3)] Task<long[]> AllAsync(CancellationToken cancellationToken);
                [CvmMethod(Id = 4)] ValueTask<string> NameAsync();
            }
        }
        """;

    private static IReadOnlyList<Diagnostic> GeneratedCodeErrors(LanguageVersion version)
    {
        var options = new CSharpParseOptions(version);
        var compilation = CSharpCompilation.Create("Consumer",
            new[] { CSharpSyntaxTree.ParseText(Contract, options, path: "Contract.cs") },
            OfflineReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error));
        var driver = CSharpGeneratorDriver.Create(new[] { new Cvm.Generators.CvmServiceGenerator().AsSourceGenerator() }, parseOptions: options);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        Assert.True(output.SyntaxTrees.Count() > 1, "the generator emitted nothing for a valid contract");
        return output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    [Fact]
    public void Generated_code_compiles_at_the_minimum_version() =>
        Assert.Empty(GeneratedCodeErrors(ContractAnalyzer.MinimumLanguageVersion));

    /// <summary>The version just before <see cref="ContractAnalyzer.MinimumLanguageVersion"/>.</summary>
    private const LanguageVersion OneBelowMinimum = LanguageVersion.CSharp8;

    [Fact]
    public void Generated_code_fails_below_the_minimum_version()
    {
        Assert.True(OneBelowMinimum < ContractAnalyzer.MinimumLanguageVersion);
        Assert.NotEmpty(GeneratedCodeErrors(OneBelowMinimum));
    }
}
