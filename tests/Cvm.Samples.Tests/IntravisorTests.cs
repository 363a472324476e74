using Cvm.Testing;

namespace Cvm.Samples.Tests;

/// <summary>samples/Intravisor/hello.yaml under `cvm run`, as a separate process like the README's command.</summary>
public sealed class IntravisorTests
{
    [Fact]
    public void Cvm_run_prints_the_greeting_read_through_the_capability_and_exits_0()
    {
        var cvm = Path.Combine(AppContext.BaseDirectory, "cvm.dll");
        var deployment = Path.Combine(Repository.Samples, "Intravisor", "hello.yaml");
        var result = ReferenceTools.Run("dotnet", [cvm, "run", "--stats", deployment]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardOutputText}{result.StandardError}");
        Assert.Equal(
            "hello: hello from hello\n" +
            "hello: greeting says: Hello, cVMs!\n" +
            "hello: probing secret: -1 (not granted)\n",
            result.StandardOutputText);
        // The stats line: hello exited normally and was granted exactly the 64-byte greeting buffer.
        var stats = Assert.Single(result.StandardError.Split('\n'), line => line.StartsWith("hello ", StringComparison.Ordinal));
        Assert.Matches(@"^hello\s+\d+\s+\d+\s+64\s+exited with status 0$", stats);
    }
}
