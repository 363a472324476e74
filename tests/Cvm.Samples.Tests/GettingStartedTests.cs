using Cvm.Testing;

namespace Cvm.Samples.Tests;

/// <summary>docs/getting-started.md shows what the samples really print and quotes their sources as they are.</summary>
public sealed class GettingStartedTests
{
    private static readonly DocumentPage Page = new("getting-started.md");

    [Fact]
    public void The_shown_HelloCvm_output_is_what_it_prints()
    {
        var output = new StringWriter { NewLine = "\n" };
        HelloCvm.Program.Run(output);
        Assert.Equal(output.ToString(), Page.Blocks("text")[0]);
    }

    [Fact]
    public void The_shown_deployment_output_is_what_cvm_run_prints()
    {
        var result = ReferenceTools.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "cvm.dll"), "run", Path.Combine(Repository.Samples, "Intravisor", "hello.yaml")]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(result.StandardOutputText, Page.Blocks("text")[1]);
    }

    [Fact]
    public void The_quoted_sources_are_the_samples_own()
    {
        var csharp = Page.Blocks("csharp");
        Assert.Equal(2, csharp.Length);
        Page.AssertQuotes(csharp[0], Path.Combine("HelloCvm", "Greeter.cs"));
        Page.AssertQuotes(csharp[1], Path.Combine("HelloCvm", "Program.cs"));
        Page.AssertQuotes(Assert.Single(Page.Blocks("c")), Path.Combine("HelloCvm", "guest", "greeter.c"));
    }
}
