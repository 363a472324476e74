using System.CommandLine;
using Cvm.Cli.Commands;

namespace Cvm.Cli;

/// <summary>Builds the <c>cvm</c> command tree and runs it.</summary>
internal static class CvmCommandLine
{
    public static int Run(string[] args, CommandIO io)
    {
        var root = new RootCommand("cvm: run and inspect capability-isolated compartments (cVMs) on the bundled CHERI RISC-V emulator.")
        {
            CapCommand.Create(io),
            ExecCommand.Create(io),
            AsmCommand.Create(io),
            DisasmCommand.Create(io),
            RunCommand.Create(io),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                io.Error.WriteLine($"cvm: {error.Message}");
            }
            io.Error.WriteLine("Run 'cvm --help' for usage.");
            return ExitCodes.Usage;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = io.Output, Error = io.Error });
    }
}
