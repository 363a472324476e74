namespace Cvm.Monitor;

/// <summary>
/// Runs an unmodified static Linux RV64 program in a cVM: its <c>ecall</c>s are Linux system calls, served by a
/// Linux personality of that cVM alone (its own file root, descriptor table, break and mappings inside its
/// region). docs/monitor.md describes what it provides.
/// </summary>
public sealed record LinuxCvmOptions
{
    /// <summary>The host directory the program sees as "/"; null gives it no files.</summary>
    public string? FileRoot { get; init; }

    /// <summary>envp entries ("NAME=value").</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>Seed for AT_RANDOM and getrandom, for reproducible runs; null draws from the host's CSPRNG.</summary>
    public int? RandomSeed { get; init; }
}
