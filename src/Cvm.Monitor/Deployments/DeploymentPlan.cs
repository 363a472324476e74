namespace Cvm.Monitor.Deployments;

/// <summary>
/// A validated deployment with every default applied and every cVM placed: what the monitor builds. Only
/// <see cref="DeploymentValidator"/> makes one, so holding a plan means the deployment passed every check.
/// </summary>
public sealed record DeploymentPlan
{
    internal DeploymentPlan(IReadOnlyList<PlannedCapFile> capFiles, IReadOnlyList<PlannedCvm> cvms, IReadOnlyList<CallGrant> calls) =>
        (CapFiles, Cvms, Calls) = (capFiles, cvms, calls);

    /// <summary>Shared buffers, each with the complete list of who may read and write it.</summary>
    public IReadOnlyList<PlannedCapFile> CapFiles { get; }

    /// <summary>The cVMs, in start order.</summary>
    public IReadOnlyList<PlannedCvm> Cvms { get; }

    /// <summary>Every permitted call; nothing else may be called.</summary>
    public IReadOnlyList<CallGrant> Calls { get; }
}

/// <summary>A shared buffer with its access list spelled out (no "everyone" left implicit).</summary>
public sealed record PlannedCapFile(string Name, ulong Size, IReadOnlyList<byte> Data, string? Owner, IReadOnlyList<CapFileGrant> Access);

/// <summary>A cVM with every value decided.</summary>
public sealed record PlannedCvm
{
    /// <summary>Unique name.</summary>
    public required string Name { get; init; }

    /// <summary>Full path of the ELF program.</summary>
    public required string RuntimePath { get; init; }

    /// <summary>Bytes from the lowest to the highest loaded address of the program, in whole pages.</summary>
    public required ulong ImageSize { get; init; }

    /// <summary>True when the program is position-independent (loaded at the region's base wherever that is).</summary>
    public required bool PositionIndependent { get; init; }

    /// <summary>Region and capability bounds.</summary>
    public required CvmIsolation Isolation { get; init; }

    /// <summary>True when the deployment left the placement to the validator.</summary>
    public required bool PlacedAutomatically { get; init; }

    /// <summary>Program arguments.</summary>
    public required IReadOnlyList<string> Args { get; init; }

    /// <summary>As <see cref="CvmSpec.Wait"/>.</summary>
    public required int Wait { get; init; }

    /// <summary>Hostcall interface.</summary>
    public required CvmPersonality Personality { get; init; }

    /// <summary>Full path of the Linux personality's file root, or null for none.</summary>
    public required string? FileRoot { get; init; }

    /// <summary>Stack bytes per thread.</summary>
    public required ulong StackSize { get; init; }

    /// <summary>Heap bytes.</summary>
    public required ulong HeapSize { get; init; }

    /// <summary>Most threads at once.</summary>
    public required int Threads { get; init; }

    /// <summary>Instruction budget of the whole run.</summary>
    public required ulong MaxInstructions { get; init; }

    /// <summary>Instruction budget of one call into an export.</summary>
    public required ulong MaxCallInstructions { get; init; }

    /// <summary>Exports, each with its entry symbol present in the program and its call budget decided.</summary>
    public required IReadOnlyList<CvmExport> Exports { get; init; }

    /// <summary>What happens after a fault.</summary>
    public required FaultPolicy OnFault { get; init; }

    /// <summary>Whether the data capability may store capabilities.</summary>
    public required bool StoreCapabilities { get; init; }

    /// <summary>Whether the program is linked at 0 and runs with legacy relocation.</summary>
    public bool LegacyRelocation { get; init; }
}
