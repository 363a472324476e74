namespace Cvm.Cli;

/// <summary>
/// The streams a command reads and writes. Commands never touch <see cref="Console"/> directly, so tests can
/// run the whole tool in-process and read what it printed. The raw streams carry a guest's bytes unchanged;
/// a command that mixes both flushes the text writer before writing raw bytes.
/// </summary>
internal sealed record CommandIO(TextReader Input, TextWriter Output, TextWriter Error, Stream RawInput, Stream RawOutput, Stream RawError)
{
    public static CommandIO FromConsole() =>
        new(Console.In, Console.Out, Console.Error, Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError());
}
