using System.CommandLine;
using Cvm.Machine;

namespace Cvm.Cli.Commands;

/// <summary>The <c>--engine</c> option of the commands that run guest code (<c>exec</c>, <c>run</c>).</summary>
internal static class EngineOption
{
    public static Option<ExecutionEngine> Create() =>
        new("--engine")
        {
            Description = "How to execute: 'auto' interprets first and compiles hot code to native code, 'interp' only "
                + "interprets, 'jit' compiles all code as soon as it runs. Results and instruction counts are the same.",
            HelpName = "auto|interp|jit",
            DefaultValueFactory = _ => ExecutionEngine.Auto,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                switch (text)
                {
                    case "auto": return ExecutionEngine.Auto;
                    case "interp": return ExecutionEngine.Interpreter;
                    case "jit": return ExecutionEngine.Jit;
                    default:
                        result.AddError($"--engine expects auto, interp or jit, not '{text}'");
                        return ExecutionEngine.Auto;
                }
            },
        };
}
