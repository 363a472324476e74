namespace Cvm.Cli;

/// <summary>Exit statuses shared by every command, following the conventions of timeout(1) and env(1).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    /// <summary>The command line or its input was malformed.</summary>
    public const int Usage = 2;
    /// <summary>A guest ran out of its instruction budget (as timeout(1) reports a time-out).</summary>
    public const int BudgetExhausted = 124;
    /// <summary>A guest stopped on a fatal trap.</summary>
    public const int GuestTrap = 125;
}
