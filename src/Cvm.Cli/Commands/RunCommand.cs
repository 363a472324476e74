using System.CommandLine;
using System.Globalization;
using System.Text;
using Cvm.Machine;
using Cvm.Monitor;
using Cvm.Monitor.Deployments;

namespace Cvm.Cli.Commands;

/// <summary><c>cvm run</c>: check a deployment file and run its cVMs on the monitor.</summary>
internal static class RunCommand
{
    public static Command Create(CommandIO io)
    {
        var check = new Option<bool>("--check")
        {
            Description = "Only check the deployment and print the resolved layout; run nothing.",
        };
        var stats = new Option<bool>("--stats")
        {
            Description = "After the run, print each cVM's instructions, crossings and bytes shared (on standard error).",
        };
        var maxInstructions = new Option<ulong?>("--max-instructions")
        {
            Description = "Stop the whole run after this many instructions (exit status 124 if cVMs were still running).",
            HelpName = "N",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
                {
                    return value;
                }
                result.AddError($"--max-instructions expects a positive whole number of instructions, not '{text}'");
                return null;
            },
        };
        var engine = EngineOption.Create();
        var deployment = new Argument<string>("DEPLOYMENT")
        {
            Description = "A deployment file (YAML; docs/deployment.md describes it, Intravisor's files load unchanged).",
        };

        var command = new Command("run", "Run the cVMs of a deployment file on the monitor. Each line a cVM prints is shown "
            + "prefixed with its name; the exit status is 0 when every cVM exited with status 0.")
        {
            check, stats, maxInstructions, engine, deployment,
        };
        command.SetAction(parseResult => Execute(io,
            parseResult.GetValue(deployment)!,
            parseResult.GetValue(check),
            parseResult.GetValue(stats),
            parseResult.GetValue(maxInstructions),
            parseResult.GetValue(engine)));
        return command;
    }

    private static int Execute(CommandIO io, string path, bool checkOnly, bool stats, ulong? maxInstructions, ExecutionEngine engine)
    {
        var checkResult = DeploymentValidator.ValidateFile(path);
        if (checkResult.Plan is not { } plan)
        {
            foreach (var diagnostic in checkResult.Diagnostics)
            {
                io.Error.WriteLine(diagnostic.ToString());
            }
            return ExitCodes.Usage;
        }
        if (checkOnly)
        {
            PrintPlan(io.Output, path, plan);
            return ExitCodes.Success;
        }

        var console = new PrefixedConsole(io.Output);
        MonitorResult result;
        try
        {
            using var monitor = DeploymentMonitor.Create(plan, new MonitorOptions { ConsoleWriter = console.Write, Engine = engine });
            result = monitor.Run(maxInstructions);
        }
        catch (CvmConfigurationException e)
        {
            console.Flush();
            io.Error.WriteLine($"cvm run: {e.Message}");
            return ExitCodes.Usage;
        }
        console.Flush();

        foreach (var fault in result.Faults)
        {
            io.Error.WriteLine($"cvm run: fault: {fault}");
        }
        foreach (var cvm in result.Cvms.Where(c => !c.Succeeded))
        {
            io.Error.WriteLine($"cvm run: cVM '{cvm.Name}' {Outcome(cvm)}");
        }
        if (!result.Completed)
        {
            io.Error.WriteLine($"cvm run: stopped after --max-instructions {maxInstructions} with cVMs still running");
        }
        if (stats)
        {
            PrintStats(io.Error, result);
        }
        return ExitCode(result);
    }

    /// <summary>
    /// One status for the whole run, the most serious first: a guest trap (125), then an exhausted budget or run
    /// limit (124), then a cVM that did not exit with status 0 (1).
    /// </summary>
    private static int ExitCode(MonitorResult result)
    {
        if (result.Faults.Any(f => f.Kind != FaultKind.BudgetExhausted))
        {
            return ExitCodes.GuestTrap;
        }
        if (result.Faults.Count > 0 || !result.Completed)
        {
            return ExitCodes.BudgetExhausted;
        }
        return result.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static string Outcome(CvmResult cvm) => cvm.State switch
    {
        CvmState.Exited => $"exited with status {cvm.ExitCode}",
        CvmState.Faulted => "was stopped by a fault",
        CvmState.Stopped => "was stopped",
        CvmState.Created => "never started",
        _ => "did not finish (its threads are blocked or still running)",
    };

    private static void PrintStats(TextWriter writer, MonitorResult result)
    {
        int width = Math.Max(3, result.Cvms.Max(c => c.Name.Length));
        writer.WriteLine($"{"cVM".PadRight(width)}  {"instructions",14}  {"crossings",10}  {"bytes shared",12}  outcome");
        foreach (var cvm in result.Cvms)
        {
            var outcome = cvm.Succeeded ? "exited with status 0" : Outcome(cvm);
            writer.WriteLine($"{cvm.Name.PadRight(width)}  {cvm.Instructions,14}  {cvm.Crossings,10}  {cvm.BytesShared,12}  {outcome}");
        }
        if (result.RevokedCapabilities > 0)
        {
            writer.WriteLine($"capabilities revoked: {result.RevokedCapabilities}");
        }
    }

    private static void PrintPlan(TextWriter writer, string path, DeploymentPlan plan)
    {
        writer.WriteLine($"{path}: valid: {Count(plan.Cvms.Count, "cVM")}, {Count(plan.CapFiles.Count, "shared buffer")}, {Count(plan.Calls.Count, "call")}");
        foreach (var cvm in plan.Cvms)
        {
            var region = cvm.Isolation;
            writer.WriteLine($"cVM {cvm.Name}");
            writer.WriteLine($"  runtime   {cvm.RuntimePath} ({(cvm.PositionIndependent ? "position-independent" : "linked at a fixed address")}, image {Hex(cvm.ImageSize)})");
            writer.WriteLine($"  region    [{Hex(region.Base)}, {Hex(region.Base + region.Size)})  bounds [{Hex(region.Begin)}, {Hex(region.End)}){(cvm.PlacedAutomatically ? "  placed automatically" : "")}");
            writer.WriteLine($"  memory    heap at least {Hex(cvm.HeapSize)}, {Count(cvm.Threads, "thread")} with {Hex(cvm.StackSize)} of stack each");
            writer.WriteLine($"  limits    {cvm.MaxInstructions} instructions per run, {cvm.MaxCallInstructions} per call; on fault: {Word(cvm.OnFault)}");
            writer.WriteLine($"  hostcalls {(cvm.Personality == CvmPersonality.Linux ? "linux" : "native")}, served by the monitor; capability stores {(cvm.StoreCapabilities ? "allowed" : "refused")}");
            writer.WriteLine($"  start     args [{string.Join(", ", cvm.Args.Select(a => $"\"{a}\""))}]; {WaitText(cvm.Wait)}");
            foreach (var export in cvm.Exports)
            {
                writer.WriteLine($"  export    {export.Name} (symbol {export.EntrySymbol}, buffer {Word(export.Buffer)}, {export.InstructionBudget} instructions per call)");
            }
        }
        foreach (var capFile in plan.CapFiles)
        {
            var grants = capFile.Access.Count == 0 ? "nobody else" : string.Join(", ", capFile.Access.Select(g => $"{g.Cvm} {(g.Read && g.Write ? "read-write" : g.Read ? "read" : "write")}"));
            var provider = capFile.Owner is null ? "provided by the monitor" : $"provided by cVM {capFile.Owner}";
            writer.WriteLine($"shared buffer {capFile.Name}: {Hex(capFile.Size)} bytes ({capFile.Data.Count} of initial data), {provider}; access: {grants}");
        }
        foreach (var call in plan.Calls)
        {
            writer.WriteLine($"call {call.Caller} -> {call.Callee}.{call.Export}");
        }
    }

    private static string WaitText(int wait) => wait switch
    {
        CvmSpec.WaitForExit => "the next cVM starts when this one has ended",
        0 => "the next cVM starts at once",
        _ => $"the next cVM starts after {wait} s of the monitor's clock",
    };

    private static string Word<T>(T value) where T : Enum => value.ToString().ToLowerInvariant();

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private static string Hex(ulong value) => $"0x{value:x}";

    /// <summary>
    /// Writes each cVM's console output a line at a time, prefixed with the cVM's name, so interleaved output
    /// of several cVMs stays readable; a line still open at the end of the run is written on <see cref="Flush"/>.
    /// </summary>
    private sealed class PrefixedConsole(TextWriter output)
    {
        private readonly Dictionary<string, StringBuilder> _partialLines = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];

        public void Write(string cvm, string text)
        {
            if (!_partialLines.TryGetValue(cvm, out var line))
            {
                _partialLines[cvm] = line = new StringBuilder();
                _order.Add(cvm);
            }
            foreach (char c in text)
            {
                if (c == '\n')
                {
                    output.WriteLine($"{cvm}: {line}");
                    line.Clear();
                }
                else
                {
                    line.Append(c);
                }
            }
        }

        public void Flush()
        {
            foreach (var cvm in _order)
            {
                if (_partialLines[cvm].Length > 0)
                {
                    output.WriteLine($"{cvm}: {_partialLines[cvm]}");
                    _partialLines[cvm].Clear();
                }
            }
            output.Flush();
        }
    }
}
