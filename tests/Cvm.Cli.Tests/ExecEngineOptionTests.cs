namespace Cvm.Cli.Tests;

/// <summary><c>cvm exec --engine</c>: offered in help, and anything but auto, interp or jit refused before running.</summary>
public class ExecEngineOptionTests
{
    [Fact]
    public void Exec_help_offers_the_three_engines()
    {
        CliResult result = CliRunner.Run("exec", "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains(result.OutputLines, line => line.TrimStart().StartsWith("--engine <auto|interp|jit>", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("JIT")]
    [InlineData("")]
    public void An_unknown_engine_is_a_usage_error(string engine)
    {
        CliResult result = CliRunner.Run("exec", "--engine", engine, "program.elf");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"--engine expects auto, interp or jit, not '{engine}'", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }
}
