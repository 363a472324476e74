namespace Cvm.Cli.Tests;

/// <summary>What one in-process run of the tool produced.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs <c>cvm</c> in-process with the given standard input and captures what it writes.</summary>
internal static class CliRunner
{
    public static CliResult Run(params string[] args) => RunWithInput("", args);

    public static CliResult RunWithInput(string input, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var io = new CommandIO(new StringReader(input), output, error, new MemoryStream(), new MemoryStream(), new MemoryStream());
        int exitCode = CvmCommandLine.Run(args, io);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
