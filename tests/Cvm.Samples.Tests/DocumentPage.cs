using System.Text.RegularExpressions;

namespace Cvm.Samples.Tests;

/// <summary>A page of docs/ whose fenced blocks show what the samples print and quote their sources.</summary>
internal sealed partial class DocumentPage(string name)
{
    private readonly string _text = File.ReadAllText(Path.Combine(Repository.Root, "docs", name));

    [GeneratedRegex(@"^```(?<language>\w*)\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    /// <summary>The bodies of the page's fenced blocks in <paramref name="language"/>, in order.</summary>
    public string[] Blocks(string language) =>
        [.. FencedBlock().Matches(_text).Where(m => m.Groups["language"].Value == language).Select(m => m.Groups["body"].Value)];

    /// <summary>Asserts that the lines of <paramref name="block"/> appear, in a row, in samples/<paramref name="sourceFile"/> (indentation aside).</summary>
    public void AssertQuotes(string block, string sourceFile)
    {
        var source = File.ReadAllLines(Path.Combine(Repository.Samples, sourceFile)).Select(line => line.Trim()).ToArray();
        var quoted = block.TrimEnd('\n').Split('\n').Select(line => line.Trim()).ToArray();
        var found = Enumerable.Range(0, source.Length - quoted.Length + 1).Any(start => source.AsSpan(start, quoted.Length).SequenceEqual(quoted));
        Assert.True(found, $"docs/{name} quotes lines that are not in samples/{sourceFile}:\n{block}");
    }
}
