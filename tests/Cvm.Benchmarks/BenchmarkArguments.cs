using Cvm.Machine;

namespace Cvm.Benchmarks;

/// <summary>
/// The command-line arguments the emulator comparisons share: positional counts (<c>[ITERATIONS] [PAIRS]</c>) and
/// <c>--engine auto|interp|jit</c>. A value that is not one of these is reported in one line on standard error (the
/// caller then exits with status 2) instead of being replaced by a default or ending in a stack trace.
/// </summary>
internal static class BenchmarkArguments
{
    /// <summary>
    /// The positive whole number at <paramref name="position"/> among the arguments that are not options, or
    /// <paramref name="fallback"/> when there are fewer; false (after saying why) when it is not one.
    /// </summary>
    public static bool TryCount(string command, string[] args, int position, string name, int fallback, out int count)
    {
        var positional = args.TakeWhile(argument => !argument.StartsWith("--", StringComparison.Ordinal)).ToArray();
        count = fallback;
        if (position >= positional.Length)
        {
            return true;
        }
        if (int.TryParse(positional[position], out count) && count > 0)
        {
            return true;
        }
        Console.Error.WriteLine($"{command}: {name} must be a positive whole number, not '{positional[position]}'");
        return false;
    }

    /// <summary>The value of <c>--engine</c> (auto when absent); false (after saying why) when it names no engine.</summary>
    public static bool TryEngine(string command, string[] args, out ExecutionEngine engine, out string name)
    {
        var index = Array.IndexOf(args, "--engine");
        name = index < 0 ? "auto" : index + 1 < args.Length ? args[index + 1] : "";
        (var known, engine) = name switch
        {
            "auto" => (true, ExecutionEngine.Auto),
            "interp" => (true, ExecutionEngine.Interpreter),
            "jit" => (true, ExecutionEngine.Jit),
            _ => (false, ExecutionEngine.Auto),
        };
        if (!known)
        {
            Console.Error.WriteLine($"{command}: --engine must be auto, interp or jit, not '{name}'");
        }
        return known;
    }
}
