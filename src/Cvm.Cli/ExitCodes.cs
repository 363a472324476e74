namespace Cvm.Cli;

/// <summary>Exit statuses shared by every command, following the conventions of timeout(1) and env(1).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The command failed; for <c>cvm run</c>: a cVM exited with a non-zero status or never finished.</summary>
    public const int Failure = 1;
    /// <summary>The command line or its input was malformed.</summary>
    public const int Usage = 2;
    /// <summary>A guest ran out of its instruction budget (as timeout(1) reports a time-out); for <c>cvm run</c> also
    /// the whole run reaching --max-instructions with cVMs still running.</summary>
    public const int BudgetExhausted = 124;
    /// <summary>A guest stopped on a fatal trap; for <c>cvm run</c>, any cVM faulted (this wins over 124 and 1).</summary>
    public const int GuestTrap = 125;
}
