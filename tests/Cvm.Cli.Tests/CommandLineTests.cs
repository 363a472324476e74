namespace Cvm.Cli.Tests;

/// <summary>The tool as a whole: help and option parsing.</summary>
public class CommandLineTests
{
    [Fact]
    public void Help_lists_the_cap_command()
    {
        CliResult result = CliRunner.Run("--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains(result.OutputLines, line => line.TrimStart().StartsWith("cap ", StringComparison.Ordinal));
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Cap_help_lists_decode()
    {
        CliResult result = CliRunner.Run("cap", "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains(result.OutputLines, line => line.TrimStart().StartsWith("decode ", StringComparison.Ordinal));
    }

    [Fact]
    public void Exec_help_offers_confine()
    {
        CliResult result = CliRunner.Run("exec", "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains(result.OutputLines, line => line.TrimStart().StartsWith("--confine ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("cap", "decode", "--no-such-option", "0", "0")]
    public void An_unknown_option_is_a_usage_error(params string[] args)
    {
        CliResult result = CliRunner.Run(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("cvm: ", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Cap_without_a_subcommand_is_a_usage_error()
    {
        CliResult result = CliRunner.Run("cap");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("cvm: ", result.Error, StringComparison.Ordinal);
    }
}
