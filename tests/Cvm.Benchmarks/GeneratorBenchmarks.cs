using System.Text;
using BenchmarkDotNet.Attributes;
using Basic.Reference.Assemblies;
using Cvm.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Cvm.Benchmarks;

/// <summary>
/// The [CvmService] generator on a project of 100 contracts (ten methods each, every marshalled kind): a full
/// run from a new driver (a clean build), and a rerun after a no-op edit (a comment typed in one contract file,
/// as in an IDE), which must leave every output cached; setup refuses to measure if it does not.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int ContractCount = 100;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        var trees = new List<SyntaxTree>();
        for (var i = 0; i < ContractCount; i++)
        {
            trees.Add(CSharpSyntaxTree.ParseText(Contract(i), ParseOptions, path: $"Contract{i}.cs"));
        }
        var sdk = new[] { typeof(Cvm.Sdk.CvmContract).Assembly, typeof(Cvm.Monitor.CvmMonitor).Assembly }
            .Select(a => MetadataReference.CreateFromFile(a.Location));
        _compilation = CSharpCompilation.Create("Contracts", trees, Net100.References.All.Concat(sdk),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var tree = trees[ContractCount / 2 - 1];
        _edited = _compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(tree.GetText() + "\n// edited\n", Encoding.UTF8)));

        _warm = NewDriver().RunGenerators(_compilation);
        var generated = _warm.GetRunResult().GeneratedTrees.Length;
        // Contract descriptor, proxy, skeleton and guest files of every contract.
        if (generated != 4 * ContractCount)
        {
            throw new InvalidOperationException($"expected {4 * ContractCount} generated files, got {generated}");
        }
        var reasons = _warm.RunGenerators(_edited).GetRunResult().Results[0].TrackedOutputSteps
            .SelectMany(step => step.Value).SelectMany(run => run.Outputs).Select(output => output.Reason).ToList();
        if (reasons.Count == 0 || reasons.Any(reason => reason != IncrementalStepRunReason.Cached))
        {
            throw new InvalidOperationException("a no-op edit did not leave every output cached: " + string.Join(", ", reasons.Distinct()));
        }
    }

    /// <summary>A clean build: every contract is modelled and emitted.</summary>
    [Benchmark]
    public int Full_run_100_contracts() => NewDriver().RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    /// <summary>An IDE keystroke in one contract file that changes nothing: models re-derived, outputs cached.</summary>
    [Benchmark]
    public int No_op_edit_100_contracts() => _warm.RunGenerators(_edited).GetRunResult().GeneratedTrees.Length;

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(new[] { new CvmServiceGenerator().AsSourceGenerator() }, parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static string Contract(int index) => $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Cvm.Sdk;

        namespace Bench.Contracts{{index}}
        {
            public struct Point{{index}} { public int X; public int Y; public double Weight; }
            public enum Mode{{index}} : short { Off, On }

            [CvmService("service{{index}}")]
            public interface IService{{index}}
            {
                void Ping();
                int Add(int a, long b, ushort c);
                bool Check(Mode{{index}} mode, out int reason);
                Point{{index}} Move(Point{{index}} point, ref double distance);
                int Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);
                int Get(ReadOnlySpan<byte> key, Span<byte> value);
                string Greet(string name);
                int[] Sort(int[] values);
                Task FlushAsync(CancellationToken cancellationToken);
                ValueTask<long> CountAsync(CancellationToken cancellationToken = default);
            }
        }
        """;
}
