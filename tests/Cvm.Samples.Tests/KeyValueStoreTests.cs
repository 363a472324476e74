namespace Cvm.Samples.Tests;

/// <summary>
/// samples/KeyValueStore: the host and the honest client cVM use the store through the contract (the client's bulk
/// value through the shared buffer), while the intruder's read of the store's memory is a contained CHERI fault.
/// </summary>
public sealed class KeyValueStoreTests
{
    private const string Interaction =
        "[store] store: ready\n" +
        "[client] client: put colour: stored\n" +
        "[client] client: put greeting (bulk): stored\n" +
        "[client] client: get colour: blue\n" +
        "[client] client: keys stored: 2\n" +
        // Not granted: the lookup is CVM_EPERM, and a hostcall with a pointer outside the intruder is CVM_EFAULT.
        "[intruder] intruder: lookup kv__Get: -1\n" +
        "[intruder] intruder: write the store's memory to the console: -3\n" +
        "[intruder] intruder: reading the store's memory directly\n" +
        "[host] put motd: True\n" +
        "[host] get motd: cVMs share one address space\n" +
        // Written by the client into the shared buffer and read there by the store: the host sees the stored copy.
        "[host] get greeting: hello from the client, through the shared buffer\n" +
        "[host] keys stored: 3\n" +
        "[host] contained: cVM 'intruder' stopped by CHERI exception: length (bounds) violation on DDC\n" +
        "[host] client: Exited, exit code 0; intruder: Faulted\n";

    [Fact]
    public void The_honest_client_and_the_host_use_the_store_and_the_intruder_is_stopped_by_a_CHERI_fault()
    {
        var output = new StringWriter { NewLine = "\n" };
        KeyValueStore.Program.Run(output);
        Assert.Equal(Interaction, output.ToString());
    }

    [Fact]
    public void With_stats_each_cvm_reports_its_instructions_crossings_and_shared_bytes()
    {
        var output = new StringWriter { NewLine = "\n" };
        KeyValueStore.Program.Run(output, stats: true);
        var text = output.ToString();
        Assert.StartsWith(Interaction, text);
        var stats = text[Interaction.Length..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["store", "client", "intruder"], stats.Select(line => line.Split(':')[0]["[stats] ".Length..]));
        foreach (var line in stats)
        {
            Assert.Matches(@"^\[stats\] \w+: [1-9]\d* instructions, [1-9]\d* crossings, \d+ bytes shared$", line);
        }
        // The store and the client were each granted the 256-byte bulk buffer; the intruder nothing.
        Assert.EndsWith("256 bytes shared", stats[0]);
        Assert.EndsWith("256 bytes shared", stats[1]);
        Assert.EndsWith(" 0 bytes shared", stats[2]);
    }

    [Fact]
    public void An_unknown_argument_is_refused_before_anything_runs()
    {
        Assert.Equal(2, KeyValueStore.Program.Main(["--stat"]));
    }
}
