namespace Cvm.Samples.Tests;

/// <summary>docs/contracts.md quotes the samples' sources as they are, so its examples are compiled code.</summary>
public sealed class ContractsGuideTests
{
    private static readonly DocumentPage Page = new("contracts.md");

    [Fact]
    public void The_quoted_sources_are_the_samples_own()
    {
        var csharp = Page.Blocks("csharp");
        Assert.Equal(3, csharp.Length);
        Page.AssertQuotes(csharp[0], Path.Combine("KeyValueStore", "KeyValueStore.cs"));
        Page.AssertQuotes(csharp[1], Path.Combine("KeyValueStore", "Program.cs"));
        Page.AssertQuotes(csharp[2], Path.Combine("SandboxedParser", "Program.cs"));
        Page.AssertQuotes(Assert.Single(Page.Blocks("c")), Path.Combine("KeyValueStore", "guest", "store.c"));
    }
}
