namespace Cvm.Monitor.Tests;

/// <summary>Properties of the assembled switcher that the monitor's trap handler and layout rely on.</summary>
public sealed class SwitcherTests
{
    private const ulong CodeBase = 0x0100_0000, GlobalPage = 0x0100_1000;

    [Fact]
    public void The_switcher_fits_its_page_and_enters_the_host_only_at_its_three_ecalls()
    {
        var switcher = Switcher.Assemble(CodeBase, GlobalPage);
        Assert.True(switcher.End <= GlobalPage);
        var code = switcher.Image.ToFlatBinary();
        var ecalls = new List<ulong>();
        for (var offset = 0; offset + 4 <= code.Length; offset += 4)
        {
            if (BitConverter.ToUInt32(code, offset) == 0x00000073)
            {
                ecalls.Add(CodeBase + (ulong)offset);
            }
        }
        Assert.Equal([switcher.HostcallEcall, switcher.HostReturnEcall, switcher.BadReturnEcall], ecalls);
        Assert.All([switcher.HostcallEntry, switcher.CallEntry, switcher.ReturnEntry], entry => Assert.InRange(entry, CodeBase, switcher.End - 4));
    }

    [Fact]
    public void Every_path_back_to_a_caller_clears_the_temporaries_and_unused_arguments()
    {
        // return_to_caller is the one exit to guest code after a hostcall, a refused call or a returning call.
        var source = Switcher.Source(GlobalPage);
        var exit = source[source.IndexOf("return_to_caller:", StringComparison.Ordinal)..source.IndexOf("bad_return_ecall", StringComparison.Ordinal)];
        foreach (var register in new[] { "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a2", "a3", "a4", "a5", "a6", "a7" })
        {
            Assert.Contains($"    li {register}, 0 ", exit);
        }
        Assert.Equal(1, exit.Split("jalr.cap").Length - 1);
    }
}
