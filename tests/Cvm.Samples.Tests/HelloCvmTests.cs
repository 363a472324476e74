namespace Cvm.Samples.Tests;

/// <summary>samples/HelloCvm runs from its committed guest image, with no RISC-V toolchain.</summary>
public sealed class HelloCvmTests
{
    [Fact]
    public void The_host_calls_the_guest_through_the_contract_and_prints_the_results()
    {
        var output = new StringWriter { NewLine = "\n" };
        HelloCvm.Program.Run(output);
        Assert.Equal(
            "[greeter] greeter: ready\n" +
            "[host] Hello, .NET, from inside a cVM!\n" +
            "[host] 2 + 40 = 42\n",
            output.ToString());
    }
}
