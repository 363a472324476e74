using System.CommandLine;
using System.Text.Json;
using Cvm.Machine;
using Cvm.Machine.Elf;
using Cvm.Machine.Linux;

namespace Cvm.Cli.Commands;

/// <summary><c>cvm exec</c>: run a static RV64 program on the bundled emulator.</summary>
internal static class ExecCommand
{
    public static Command Create(CommandIO io)
    {
        var maxInstructions = new Option<ulong?>("--max-instructions")
        {
            Description = "Stop after this many instructions (exit status 124).",
            HelpName = "N",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
                result.AddError($"--max-instructions expects a whole number of instructions, not '{text}'");
                return null;
            },
        };
        var report = new Option<string?>("--report")
        {
            Description = "Write a JSON report of the run (exit code, instructions, trap) to FILE.",
            HelpName = "FILE",
        };
        var trace = new Option<bool>("--trace")
        {
            Description = "Log unknown system calls and fatal traps to standard error.",
        };
        var fileRoot = new Option<string?>("--root")
        {
            Description = "Let the program open files under DIR, which it sees as '/' (by default it sees no files).",
            HelpName = "DIR",
        };
        var confine = new Option<bool>("--confine")
        {
            Description = "Bound the program's code and data capabilities (PCC, DDC) to its own memory, so a stray "
                + "access is a CHERI fault.",
        };
        var engine = EngineOption.Create();
        var elf = new Argument<string>("ELF")
        {
            Description = "A static RV64 executable: a Linux program, or a bare-metal one that defines 'tohost'.",
        };
        var arguments = new Argument<string[]>("ARGS")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "Arguments for the program (put '--' before the ELF if they start with '-').",
        };

        var command = new Command("exec", "Run a static RV64 program on the bundled emulator. Its standard streams are "
            + "this command's; its exit status is this command's, or 125 after a fatal trap, or 124 when the budget runs out.")
        {
            maxInstructions, report, trace, fileRoot, confine, engine, elf, arguments,
        };
        command.SetAction(parseResult => Execute(io,
            parseResult.GetValue(elf)!,
            parseResult.GetValue(arguments) ?? [],
            parseResult.GetValue(maxInstructions),
            parseResult.GetValue(report),
            parseResult.GetValue(trace),
            parseResult.GetValue(fileRoot),
            parseResult.GetValue(confine),
            parseResult.GetValue(engine)));
        return command;
    }

    private static int Execute(CommandIO io, string elfPath, string[] arguments, ulong? maxInstructions, string? reportPath,
        bool trace, string? fileRoot, bool confine, ExecutionEngine engine)
    {
        if (fileRoot is not null && !Directory.Exists(fileRoot))
        {
            return UsageError(io, $"--root '{fileRoot}' is not a directory");
        }
        if (InputFiles.TryRead(io, "exec", elfPath) is not { } elfBytes)
        {
            return ExitCodes.Usage;
        }
        ElfFile file;
        try
        {
            file = ElfFile.Parse(elfBytes);
        }
        catch (ElfFormatException e)
        {
            return UsageError(io, $"'{elfPath}' cannot be run: {e.Message}");
        }

        // The report file is created before the guest runs, so a bad --report path is a usage error up front
        // rather than a finished run whose result is lost.
        FileStream? report = null;
        if (reportPath is not null)
        {
            try
            {
                report = File.Create(reportPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return UsageError(io, $"cannot create the report '{reportPath}': {e.Message}");
            }
        }
        using var reportStream = report;

        io.Output.Flush();
        var options = new ProgramOptions
        {
            MaxInstructions = maxInstructions,
            Confine = confine,
            Engine = engine,
            Linux = new LinuxOptions
            {
                Arguments = [elfPath, .. arguments],
                StandardInput = io.RawInput,
                StandardOutput = io.RawOutput,
                StandardError = io.RawError,
                FileRoot = fileRoot,
                Trace = trace ? io.Error : null,
            },
        };

        ProgramOutcome outcome;
        try
        {
            outcome = ProgramRunner.Run(file, options);
        }
        catch (ElfFormatException e)
        {
            // Nothing ran, so no report: remove the file created up front rather than leave it empty.
            if (reportPath is not null)
            {
                File.Delete(reportPath);
            }
            return UsageError(io, $"'{elfPath}' cannot be run: {e.Message}");
        }
        finally
        {
            io.RawOutput.Flush();
            io.RawError.Flush();
        }

        var exitCode = outcome.End switch
        {
            ProgramEnd.Exited => outcome.ExitCode,
            ProgramEnd.FatalTrap => ExitCodes.GuestTrap,
            _ => ExitCodes.BudgetExhausted,
        };
        if (outcome.Trap is { } trap)
        {
            io.Error.WriteLine($"cvm: guest trap: {trap.Description} (mcause {(int)trap.Cause}, mtval 0x{trap.Value:x}, pc 0x{trap.Pc:x})");
            if (trace && outcome.TrapSymbol is { } symbol)
            {
                io.Error.WriteLine($"cvm: the trapping instruction is at {symbol}");
            }
        }
        else if (outcome.End == ProgramEnd.BudgetExhausted)
        {
            io.Error.WriteLine($"cvm: instruction budget exhausted after {outcome.Instructions} instructions");
        }
        io.Error.Flush();

        if (report is not null)
        {
            try
            {
                WriteReport(report, exitCode, outcome);
            }
            catch (IOException e)
            {
                io.Error.WriteLine($"cvm exec: cannot write the report '{reportPath}': {e.Message}");
                return ExitCodes.Failure;
            }
        }
        return exitCode;
    }

    private static void WriteReport(Stream stream, int exitCode, ProgramOutcome outcome)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("exitCode", exitCode);
        json.WriteNumber("instructions", outcome.Instructions);
        if (outcome.Trap is { } trap)
        {
            json.WriteStartObject("trap");
            json.WriteNumber("mcause", (int)trap.Cause);
            json.WriteString("mtval", $"0x{trap.Value:x}");
            json.WriteString("pc", $"0x{trap.Pc:x}");
            json.WriteString("cause", trap.Description);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("trap");
        }
        json.WriteEndObject();
    }

    private static int UsageError(CommandIO io, string message)
    {
        io.Error.WriteLine($"cvm exec: {message}");
        return ExitCodes.Usage;
    }
}
