using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Cvm.Analyzers.Tests;

/// <summary>
/// The CVM1001 fix promises that writing out the implicit ids changes nothing on the wire: the generator's output
/// (contract hash, ids, descriptors, guest bindings) for the fixed contract equals the output for the original.
/// </summary>
public sealed class ExplicitIdsKeepTheContractTests
{
    private const string Implicit = """
        using Cvm.Sdk;
        namespace Demo
        {
            [CvmService("kv")]
            public interface IStore
            {
                int Put(int value);
                [CvmMethod(Id = 1)] int Get();
                [CvmMethod] int Count();
                int Clear();
            }
        }
        """;

    /// <summary>The code fix's output for <see cref="Implicit"/> (as checked in CodeFixTests).</summary>
    private const string Explicit = """
        using Cvm.Sdk;
        namespace Demo
        {
            [CvmService("kv")]
            public interface IStore
            {
                [CvmMethod(Id = 2)]
                int Put(int value);
                [CvmMethod(Id = 1)] int Get();
                [CvmMethod(Id = 3)] int Count();
                [CvmMethod(Id = 4)]
                int Clear();
            }
        }
        """;

    private static IReadOnlyList<string> Generated(string source)
    {
        var compilation = CSharpCompilation.Create("Consumer", new[] { CSharpSyntaxTree.ParseText(source, path: "Contract.cs") },
            OfflineReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var driver = CSharpGeneratorDriver.Create(new Cvm.Generators.CvmServiceGenerator()).RunGenerators(compilation);
        return driver.GetRunResult().GeneratedTrees.Select(static t => t.GetText().ToString()).ToList();
    }

    [Fact]
    public void Generated_contract_is_identical()
    {
        var before = Generated(Implicit);
        Assert.NotEmpty(before);
        Assert.Equal(before, Generated(Explicit));
    }

    [Fact]
    public void Different_ids_do_change_the_contract() =>
        Assert.NotEqual(Generated(Implicit), Generated(Explicit.Replace("Id = 4", "Id = 5")));
}
