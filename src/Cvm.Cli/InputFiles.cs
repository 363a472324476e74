namespace Cvm.Cli;

/// <summary>
/// Reads the files named on a command line. One place decides what a bad path means to a person — missing, a
/// directory, unreadable, absurdly large — so every command words it the same way and none of them allocates the
/// size of a hostile file before refusing it.
/// </summary>
internal static class InputFiles
{
    /// <summary>Largest input any command reads: the executable-size limit of the ELF loader.</summary>
    public const long MaxBytes = Machine.Elf.ElfFile.MaxFileSize;

    /// <summary>The bytes of <paramref name="path"/>, or null after printing one <c>cvm COMMAND: …</c> line.</summary>
    public static byte[]? TryRead(CommandIO io, string command, string path)
    {
        if (Directory.Exists(path))
        {
            return Refuse(io, command, $"'{path}' is a directory, not a file");
        }
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length > MaxBytes)
            {
                return Refuse(io, command, $"'{path}' is {stream.Length} bytes; files larger than {MaxBytes} bytes are not accepted");
            }
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (FileNotFoundException)
        {
            return Refuse(io, command, $"'{path}' does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Refuse(io, command, $"cannot read '{path}': {e.Message}");
        }
    }

    private static byte[]? Refuse(CommandIO io, string command, string message)
    {
        io.Error.WriteLine($"cvm {command}: {message}");
        return null;
    }
}
