using System.CommandLine;
using System.Globalization;
using Cvm.Assembly;
using Cvm.Assembly.Text;

namespace Cvm.Cli.Commands;

/// <summary><c>cvm asm [-o OUT] [--format elf|bin] IN.S</c>: assembles and statically links one source file.</summary>
internal static class AsmCommand
{
    public static Command Create(CommandIO io)
    {
        var input = new Argument<FileInfo>("IN.S") { Description = "RISC-V (RV64GC + Xcheri) assembly source in GNU as syntax." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Output file (default: IN with .elf or .bin)." };
        var format = new Option<string>("--format")
        {
            Description = "elf: statically linked executable (entry _start) that runs under cvm exec and qemu-riscv64; "
                + "bin: the raw memory image from the base address.",
            DefaultValueFactory = _ => "elf",
        };
        format.AcceptOnlyFromAmong("elf", "bin");
        var baseAddress = new Option<string>("--base")
        {
            Description = "Link address of .text (hexadecimal with 0x, or decimal).",
            DefaultValueFactory = _ => "0x10000",
        };
        var compressed = new Option<bool>("--rvc") { Description = "Start with compressed instructions enabled (as .option rvc)." };
        var symbolsFile = new Option<FileInfo?>("--symbols")
        {
            Description = "Also write the symbol table: one 'address name' line per symbol (useful with --format bin).",
        };
        var command = new Command("asm",
            "Assemble a RISC-V source file. Exit status: 0 on success, 1 when the source has errors (each printed as "
            + "file:line:column: error: message), 2 for usage errors such as a missing input file.")
        {
            input, output, format, baseAddress, compressed, symbolsFile,
        };
        command.SetAction(parse =>
        {
            var source = parse.GetValue(input)!;
            var kind = parse.GetValue(format)!;
            if (!TryParseAddress(parse.GetValue(baseAddress)!, out var address))
            {
                io.Error.WriteLine($"cvm asm: invalid --base address '{parse.GetValue(baseAddress)}'");
                return ExitCodes.Usage;
            }
            if (InputFiles.TryRead(io, "asm", source.ToString()) is not { } sourceBytes)
            {
                return ExitCodes.Usage;
            }
            var text = System.Text.Encoding.UTF8.GetString(sourceBytes);
            byte[] bytes;
            LinkedImage image;
            try
            {
                image = Linker.Link(TextAssembler.Assemble(text, source.ToString(), new AssemblerOptions(Compressed: parse.GetValue(compressed))), address);
                bytes = kind == "bin" ? image.ToFlatBinary() : Elf.Write(image);
            }
            catch (AssemblyException e)
            {
                foreach (var diagnostic in e.Diagnostics)
                {
                    io.Error.WriteLine(diagnostic.ToString());
                }
                io.Error.WriteLine($"cvm asm: {e.Diagnostics.Count} error(s)");
                return ExitCodes.Failure;
            }
            var destination = parse.GetValue(output)?.FullName ?? Path.ChangeExtension(source.FullName, kind == "bin" ? ".bin" : ".elf");
            try
            {
                File.WriteAllBytes(destination, bytes);
                if (parse.GetValue(symbolsFile) is { } symbols)
                {
                    File.WriteAllLines(symbols.FullName, image.Symbols.Where(s => !Cvm.Assembly.Symbol.IsHiddenName(s.Name)).OrderBy(s => s.Address)
                        .Select(s => $"{s.Address:x16} {s.Name}"));
                }
                if (kind == "elf" && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(destination, File.GetUnixFileMode(destination)
                        | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                io.Error.WriteLine($"cvm asm: cannot write output: {e.Message}");
                return ExitCodes.Failure;
            }
            return ExitCodes.Success;
        });
        return command;
    }

    internal static bool TryParseAddress(string text, out ulong address) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out address)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out address);
}
