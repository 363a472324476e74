using System.Text.RegularExpressions;
using Cvm.Testing;

namespace Cvm.Samples.Tests;

/// <summary>docs/getting-started.md shows what the samples really print and quotes their sources as they are.</summary>
public sealed partial class GettingStartedTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(Repository.Root, "docs", "getting-started.md"));

    [GeneratedRegex(@"^```(?<language>\w*)\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    private static string[] Blocks(string language) =>
        [.. FencedBlock().Matches(Page).Where(m => m.Groups["language"].Value == language).Select(m => m.Groups["body"].Value)];

    /// <summary>Each line of a quoted block, without the indentation it has in the source file.</summary>
    private static void AssertQuotes(string block, string sourceFile)
    {
        var source = File.ReadAllLines(Path.Combine(Repository.Samples, sourceFile)).Select(line => line.Trim()).ToArray();
        var quoted = block.TrimEnd('\n').Split('\n').Select(line => line.Trim()).ToArray();
        var found = Enumerable.Range(0, source.Length - quoted.Length + 1).Any(start => source.AsSpan(start, quoted.Length).SequenceEqual(quoted));
        Assert.True(found, $"docs/getting-started.md quotes lines that are not in samples/{sourceFile}:\n{block}");
    }

    [Fact]
    public void The_shown_HelloCvm_output_is_what_it_prints()
    {
        var output = new StringWriter { NewLine = "\n" };
        HelloCvm.Program.Run(output);
        Assert.Equal(output.ToString(), Blocks("text")[0]);
    }

    [Fact]
    public void The_shown_deployment_output_is_what_cvm_run_prints()
    {
        var result = ReferenceTools.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "cvm.dll"), "run", Path.Combine(Repository.Samples, "Intravisor", "hello.yaml")]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(result.StandardOutputText, Blocks("text")[1]);
    }

    [Fact]
    public void The_quoted_sources_are_the_samples_own()
    {
        var csharp = Blocks("csharp");
        Assert.Equal(2, csharp.Length);
        AssertQuotes(csharp[0], Path.Combine("HelloCvm", "Greeter.cs"));
        AssertQuotes(csharp[1], Path.Combine("HelloCvm", "Program.cs"));
        AssertQuotes(Assert.Single(Blocks("c")), Path.Combine("HelloCvm", "guest", "greeter.c"));
    }
}
