using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Cvm.Analyzers.Tests;

/// <summary>
/// Offline references for every test compilation: .NET 10 reference assemblies from Basic.Reference.Assemblies and
/// the real Cvm.Sdk with the CvmSdk assemblies it exposes. The empty <see cref="ReferenceAssemblies"/> keeps the
/// testing framework from resolving (and downloading) a reference pack of its own.
/// </summary>
internal static class OfflineReferences
{
    public static readonly ReferenceAssemblies None = new("net10.0");

    public static readonly MetadataReference[] All = Net100.References.All
        .Concat(typeof(Cvm.Sdk.CvmHost).Assembly.GetReferencedAssemblies()
            .Where(static name => name.Name!.StartsWith("Cvm.", StringComparison.Ordinal))
            .Select(static name => System.Reflection.Assembly.Load(name))
            .Append(typeof(Cvm.Sdk.CvmHost).Assembly)
            .Select(static assembly => (MetadataReference)MetadataReference.CreateFromFile(assembly.Location)))
        .ToArray();

    public static void Apply(ProjectState state, LanguageVersion languageVersion, List<Func<Solution, ProjectId, Solution>> transforms)
    {
        state.AdditionalReferences.AddRange(All);
        transforms.Add((solution, project) =>
        {
            var state = solution.GetProject(project)!;
            var parseOptions = ((CSharpParseOptions)state.ParseOptions!).WithLanguageVersion(languageVersion);
            // Unsafe code is allowed so that contracts with pointers reach the analyzer instead of stopping at CS0227.
            var compilationOptions = ((CSharpCompilationOptions)state.CompilationOptions!).WithAllowUnsafe(true);
            return solution.WithProjectParseOptions(project, parseOptions).WithProjectCompilationOptions(project, compilationOptions);
        });
    }
}

/// <summary>Runs one analyzer over markup source and compares its diagnostics with the markup's.</summary>
internal static class AnalyzerVerifier<TAnalyzer> where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => new(new TAnalyzer().SupportedDiagnostics.Single(d => d.Id == id));

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, LanguageVersion.Latest, expected);

    public static async Task VerifyAsync(string source, LanguageVersion languageVersion, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = OfflineReferences.None,
            TestCode = source,
        };
        OfflineReferences.Apply(test.TestState, languageVersion, test.SolutionTransforms);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }
}

/// <summary>Runs one analyzer and one code fix: the markup's diagnostics, then the fixed text.</summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static async Task VerifyAsync(string source, string fixedSource, int? codeActionIndex = null, params DiagnosticResult[] remaining)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = OfflineReferences.None,
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionIndex = codeActionIndex,
        };
        OfflineReferences.Apply(test.TestState, LanguageVersion.Latest, test.SolutionTransforms);
        test.FixedState.ExpectedDiagnostics.AddRange(remaining);
        await test.RunAsync();
    }
}
