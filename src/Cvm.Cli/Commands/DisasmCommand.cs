using System.CommandLine;
using Cvm.Assembly;

namespace Cvm.Cli.Commands;

/// <summary><c>cvm disasm [--no-aliases] ELF|BIN</c>: an objdump-style listing with symbols.</summary>
internal static class DisasmCommand
{
    public static Command Create(CommandIO io)
    {
        var input = new Argument<FileInfo>("ELF|BIN") { Description = "A RISC-V ELF file, or a raw binary of instructions." };
        var noAliases = new Option<bool>("--no-aliases")
        {
            Description = "Print every instruction under its own mnemonic (as objdump -M no-aliases), not li/mv/ret/beqz...",
        };
        var capabilityMode = new Option<bool>("--capmode") { Description = "Decode as CHERI capability-mode code (PCC flag set)." };
        var baseAddress = new Option<string>("--base")
        {
            Description = "Load address of a raw binary (ignored for ELF).",
            DefaultValueFactory = _ => "0",
        };
        var command = new Command("disasm",
            "Disassemble RV64GC + Xcheri code. Unknown encodings print as .word/.short. Exit status: 0 on success, "
            + "2 when the file cannot be read or is a malformed ELF.")
        {
            input, noAliases, capabilityMode, baseAddress,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(input)!;
            if (!AsmCommand.TryParseAddress(parse.GetValue(baseAddress)!, out var address))
            {
                io.Error.WriteLine($"cvm disasm: invalid --base address '{parse.GetValue(baseAddress)}'");
                return ExitCodes.Usage;
            }
            if (InputFiles.TryRead(io, "disasm", file.ToString()) is not { } bytes)
            {
                return ExitCodes.Usage;
            }
            List<Listing.CodeRegion> regions;
            List<(string, ulong)> symbols;
            string format;
            if (Elf.IsElf(bytes))
            {
                Elf.ElfContents elf;
                try
                {
                    elf = Elf.Read(bytes);
                }
                catch (InvalidDataException e)
                {
                    io.Error.WriteLine($"cvm disasm: '{file}': {e.Message}");
                    return ExitCodes.Usage;
                }
                regions = elf.Sections.Where(s => s.Executable).Select(s => new Listing.CodeRegion(s.Name, s.Address, s.Data)).ToList();
                symbols = elf.Symbols.Select(s => (s.Name, s.Address)).ToList();
                format = "elf64-littleriscv";
            }
            else
            {
                regions = [new Listing.CodeRegion(".data", address, bytes)];
                symbols = [];
                format = "binary";
            }
            io.Output.WriteLine();
            io.Output.WriteLine($"{file.Name}:     file format {format}");
            io.Output.WriteLine();
            io.Output.Write(Listing.Format(regions, symbols, parse.GetValue(noAliases), parse.GetValue(capabilityMode)));
            return ExitCodes.Success;
        });
        return command;
    }
}
