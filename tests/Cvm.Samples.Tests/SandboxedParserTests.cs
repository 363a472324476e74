namespace Cvm.Samples.Tests;

/// <summary>samples/SandboxedParser: the overflow is a contained CHERI fault, a typed exception, and the next call works.</summary>
public sealed class SandboxedParserTests
{
    [Fact]
    public void A_crafted_record_faults_inside_the_cvm_and_the_restarted_parser_serves_the_next_call()
    {
        var output = new StringWriter { NewLine = "\n" };
        SandboxedParser.Program.Run(output);
        Assert.Equal(
            "[parser] parser: ready\n" +
            "[host] parsed: alice\n" +
            // The fault policy reloads the cVM at once; its main thread prints again before the host sees the exception.
            "[parser] parser: ready\n" +
            "[host] contained: CvmCalleeFaultException in cVM 'parser', method ParseName: CHERI exception: length (bounds) violation on c5\n" +
            "[host] parsed: bob\n" +
            "[host] parser restarts: 1\n",
            output.ToString());
    }
}
