using Cvm.Testing;

namespace Cvm.Conformance.Tests;

/// <summary>
/// Every guest program family — the self-checking assembly programs, the C programs (glibc and picolibc, also
/// confined), the trap, confinement and bare-metal programs, seeded random programs, and runs cut short by budgets
/// — under <c>cvm exec --engine jit</c> (every region compiled on first entry, so the translator sees all code) and
/// <c>--engine auto</c> (tiered) must produce exactly what <c>--engine interp</c> produces: exit status, stdout and
/// stderr bytes, retired-instruction count and fatal trap (mcause, mtval, pc). The other suites compare the default
/// engine with qemu-riscv64; this one pins every engine to the interpreter.
/// </summary>
public sealed class EngineTests
{
    private static readonly string[] CArguments = ["alpha", "two words", "", "--flag=1"];

    private static readonly byte[] CStandardInput = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 50).Select(i =>
        $"line {i}: the quick brown fox jumps over the lazy dog\n")));

    /// <summary>How to build and run one guest: its ELF, extra <c>cvm exec</c> options, budget, stdin and arguments.</summary>
    private sealed record GuestCase(Func<string> Build, string[] Options, long Budget, byte[] Input, string[] Arguments);

    private static readonly Dictionary<string, GuestCase> GuestCases = CreateCases();

    private static readonly string[] Engines = ["jit", "auto"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in GuestCases.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var engine in Engines)
            {
                data.Add(name, engine);
            }
        }
        return data;
    }

    private static Dictionary<string, GuestCase> CreateCases()
    {
        var cases = new Dictionary<string, GuestCase>();
        void Add(string name, Func<string> build, string[]? options = null, long budget = GuestRunners.DefaultInstructionBudget,
            byte[]? input = null, string[]? arguments = null) =>
            cases.Add(name, new GuestCase(build, options ?? [], budget, input ?? [], arguments ?? []));

        foreach (var program in ProgramsIn("asm", "*.S"))
        {
            Add($"asm/{program}", () => GuestBuilder.Build(GuestFlavor.Assembly, GuestBuilder.Program("asm", program)));
        }
        foreach (var program in ProgramsIn("c", "*.c"))
        {
            foreach (var flavor in new[] { GuestFlavor.Glibc, GuestFlavor.Picolibc })
            {
                string Build() => GuestBuilder.Build(flavor, GuestBuilder.Program("c", program));
                Add($"c/{program} {flavor}", Build, input: CStandardInput, arguments: CArguments);
                Add($"c/{program} {flavor} --confine", Build, ["--confine"], input: CStandardInput, arguments: CArguments);
            }
        }
        foreach (var program in ProgramsIn("traps", "*.S"))
        {
            Add($"traps/{program}", () => GuestBuilder.Build(GuestFlavor.Assembly, GuestBuilder.Program("traps", program)));
        }
        foreach (var program in ProgramsIn("confine", "*.S"))
        {
            Add($"confine/{program} --confine", () => GuestBuilder.Build(GuestFlavor.Assembly, GuestBuilder.Program("confine", program)), ["--confine"]);
        }
        foreach (var program in ProgramsIn("baremetal", "*.S"))
        {
            string Build() => GuestBuilder.Build(GuestFlavor.BareMetal, GuestBuilder.Program("baremetal", program));
            Add($"baremetal/{program}", Build);
            Add($"baremetal/{program} --confine", Build, ["--confine"]);
        }
        // The same seeded batches as RandomProgramTests (CVM_LONG_TESTS=1: all of its long mode's integer batches).
        var integerBatches = Environment.GetEnvironmentVariable("CVM_LONG_TESTS") == "1" ? 150 : 10;
        for (var batch = 0; batch < integerBatches; batch++)
        {
            var integerBatch = batch;
            Add($"random integer batch {batch}", () => RandomProgramTests.Build(RandomFamily.Integer, integerBatch).Elf);
        }
        for (var batch = 0; batch < 2; batch++)
        {
            var floatBatch = batch;
            Add($"random floating-point batch {batch}", () => RandomProgramTests.Build(RandomFamily.FloatingPoint, floatBatch).Elf);
        }

        // Budgets that end runs inside loops the JIT compiles: the run must stop at exactly the same instruction.
        foreach (var budget in new long[] { 1, 999, 1_234_567 })
        {
            Add($"budget/endless_loop.S budget {budget}", () => GuestBuilder.Build(GuestFlavor.Assembly, GuestBuilder.Program("budget", "endless_loop.S")), budget: budget);
        }
        foreach (var budget in new long[] { 10_007, 250_001, 3_000_017 })
        {
            Add($"c/sort.c Glibc budget {budget}", () => GuestBuilder.Build(GuestFlavor.Glibc, GuestBuilder.Program("c", "sort.c")),
                budget: budget, input: CStandardInput, arguments: CArguments);
        }
        return cases;
    }

    private static IEnumerable<string> ProgramsIn(string directory, string pattern) =>
        Directory.GetFiles(GuestBuilder.Program(directory), pattern).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    [ReferenceTheory("riscv64-unknown-elf-gcc", "riscv64-linux-gnu-gcc")]
    [MemberData(nameof(Cases))]
    public void Engine_matches_the_interpreter(string guest, string engine)
    {
        var guestCase = GuestCases[guest];
        var elf = guestCase.Build();
        var interpreted = Run(guestCase, elf, "interp");
        var compiled = Run(guestCase, elf, engine);
        Assert.True(interpreted.Report is not null, $"{guest}: no report under --engine interp\n{GuestComparison.DescribeEmulatorRun(interpreted)}");
        var problems = new List<string>();
        if (interpreted.ExitCode != compiled.ExitCode)
        {
            problems.Add($"exit status: interp {interpreted.ExitCode}, {engine} {compiled.ExitCode}");
        }
        if (!interpreted.Stdout.AsSpan().SequenceEqual(compiled.Stdout))
        {
            problems.Add($"stdout: interp wrote {interpreted.Stdout.Length} bytes, {engine} {compiled.Stdout.Length} (or different bytes)");
        }
        if (interpreted.Stderr != compiled.Stderr)
        {
            problems.Add($"stderr: interp '{interpreted.Stderr}', {engine} '{compiled.Stderr}'");
        }
        if (interpreted.Report != compiled.Report)
        {
            problems.Add($"report: interp {interpreted.Report}, {engine} {compiled.Report}");
        }
        Assert.True(problems.Count == 0, $"{guest}: --engine {engine} differs from --engine interp\n  {string.Join("\n  ", problems)}");
    }

    [ReferenceFact("riscv64-unknown-elf-gcc", "riscv64-linux-gnu-gcc")]
    public void Budget_cases_stop_inside_the_run()
    {
        // The budget cases are only meaningful if they really cut the programs short.
        foreach (var (name, guestCase) in GuestCases.Where(pair => pair.Key.Contains(" budget ", StringComparison.Ordinal)))
        {
            var run = Run(guestCase, guestCase.Build(), "interp");
            Assert.True(run.ExitCode == 124 && run.Report?.Instructions == guestCase.Budget,
                $"{name}: exit status {run.ExitCode}, {run.Report?.Instructions} instructions");
        }
    }

    private static GuestRun Run(GuestCase guestCase, string elf, string engine) =>
        GuestRunners.Emulator(elf, [.. guestCase.Options, "--engine", engine], guestCase.Budget, guestCase.Input, guestCase.Arguments);
}
