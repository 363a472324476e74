using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Cvm.Generators.Tests;

/// <summary>Edits that leave a contract unchanged keep every output cached; contract edits regenerate it.</summary>
public sealed class IncrementalTests
{
    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun(params string[] sources)
    {
        var compilation = GeneratorHarness.Compile(sources);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Null(driver.GetRunResult().Results.Single().Exception);
        return (driver, compilation);
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, Compilation edited)
    {
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return result;
    }

    private static CSharpCompilation Edit(CSharpCompilation compilation, string path, Func<string, string> change)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var text = tree.GetText().ToString();
        var edited = change(text);
        Assert.NotEqual(text, edited);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(edited)));
    }

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs).Select(output => output.Reason);

    [Fact]
    public void Editing_an_unrelated_file_leaves_every_output_cached()
    {
        var (driver, compilation) = FirstRun(Contracts.KeyValueStore, "namespace Other { public class Unrelated { } }");
        var result = Rerun(driver, Edit(compilation, "Source1.cs", t => t.Replace("Unrelated { }", "Unrelated { public int Field; }")));

        // The attribute transform re-runs (semantics may have changed) but produces an equal model.
        Assert.Equal(IncrementalStepRunReason.Unchanged, Models.Reason(result, TrackingNames.ServiceModel));
        Assert.Equal(IncrementalStepRunReason.Cached, Models.Reason(result, TrackingNames.SupportedService));
        Assert.All(OutputReasons(result), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Assert.NotEmpty(OutputReasons(result));
    }

    [Fact]
    public void A_comment_in_the_contract_file_leaves_outputs_cached()
    {
        var (driver, compilation) = FirstRun(Contracts.KeyValueStore);
        var edited = Edit(compilation, "Source0.cs", t => t.Replace("int Put(", "// a comment\n        int Put("));
        var result = Rerun(driver, edited);

        Assert.Equal(IncrementalStepRunReason.Cached, Models.Reason(result, TrackingNames.SupportedService));
        Assert.All(OutputReasons(result), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void Changing_a_signature_regenerates_the_contract()
    {
        var (driver, compilation) = FirstRun(Contracts.KeyValueStore);
        var result = Rerun(driver, Edit(compilation, "Source0.cs", t => t.Replace("int Put(", "long Put(")));

        Assert.Equal(IncrementalStepRunReason.Modified, Models.Reason(result, TrackingNames.ServiceModel));
        Assert.Equal(IncrementalStepRunReason.Modified, Models.Reason(result, TrackingNames.SupportedService));
        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(result));
    }

    [Fact]
    public void Pipeline_models_hold_no_roslyn_objects()
    {
        var (driver, _) = FirstRun(Contracts.EveryType, Contracts.KeyValueStore, Contracts.GlobalNamespace);
        var result = driver.GetRunResult().Results.Single();
        var visited = 0;
        foreach (var name in new[] { TrackingNames.ServiceModel, TrackingNames.SupportedService })
        {
            foreach (var output in result.TrackedSteps[name].SelectMany(step => step.Outputs))
            {
                visited += Walk(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
        // Three services, each with methods, parameters, types: the walk must have looked at real object graphs.
        Assert.True(visited > 100, $"only {visited} objects visited");
    }

    /// <summary>Visits every object reachable through fields and fails on anything from Microsoft.CodeAnalysis.</summary>
    private static int Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return 1;
        }
        var type = value.GetType();
        Assert.False(type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) ?? false,
            $"{path} holds a {type.FullName}");
        Assert.False(value is ISymbol or SyntaxNode or Location or Compilation or SemanticModel, $"{path} holds a {type.FullName}");
        if (!type.IsValueType && !seen.Add(value))
        {
            return 0;
        }
        var count = 1;
        if (value is IEnumerable sequence)
        {
            var index = 0;
            foreach (var item in sequence)
            {
                count += Walk(item, $"{path}[{index++}]", seen);
            }
        }
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                count += Walk(field.GetValue(value), path + "." + field.Name, seen);
            }
        }
        return count;
    }
}
