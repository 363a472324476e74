namespace Cvm.Monitor.Deployments;

/// <summary>
/// A deployment as written: the shared buffers, the cVMs and which cVM may call which export. Values left out are
/// null and take the deployment's <see cref="Defaults"/> (or the built-in defaults) when
/// <see cref="DeploymentValidator"/> turns the deployment into a <see cref="DeploymentPlan"/>. The same records are
/// built by <see cref="DeploymentReader"/> from YAML or directly in C#.
/// </summary>
public sealed record Deployment
{
    /// <summary>Directory against which relative runtime paths and file roots are resolved.</summary>
    public string BaseDirectory { get; init; } = ".";

    /// <summary>Named shared buffers created by the monitor before any cVM starts (Intravisor's <c>capfiles</c>).</summary>
    public IReadOnlyList<CapFileSpec> CapFiles { get; init; } = [];

    /// <summary>The cVMs, started in this order (Intravisor's <c>cVMs</c>).</summary>
    public IReadOnlyList<CvmSpec> Cvms { get; init; } = [];

    /// <summary>Which cVM may call which export of which other cVM; nothing else may be called.</summary>
    public IReadOnlyList<CallGrant> Calls { get; init; } = [];

    /// <summary>Values for every cVM that does not set its own.</summary>
    public DeploymentDefaults Defaults { get; init; } = new();
}

/// <summary>A named buffer in monitor memory that cVMs probe for a capability bounded exactly to it.</summary>
public sealed record CapFileSpec
{
    /// <summary>The key cVMs probe the buffer by.</summary>
    public required string Name { get; init; }

    /// <summary>Size of the buffer in bytes.</summary>
    public required ulong Size { get; init; }

    /// <summary>Initial contents (the rest of the buffer is zero).</summary>
    public IReadOnlyList<byte> Data { get; init; } = [];

    /// <summary>
    /// The cVM that provides the buffer from its own memory at run time (it advertises it); null: the monitor
    /// allocates it outside every cVM. The owner may always read and write it.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>
    /// Which cVM may read and which may write. Null gives every cVM of the deployment read and write access, as
    /// Intravisor does (it has no access lists); an empty list gives nobody but the owner access.
    /// </summary>
    public IReadOnlyList<CapFileGrant>? Access { get; init; }
}

/// <summary>One cVM: the program it runs, where it lives and what it may use.</summary>
public sealed record CvmSpec
{
    /// <summary>Unique name; console output is prefixed with it.</summary>
    public required string Name { get; init; }

    /// <summary>The static RV64 ELF program, absolute or relative to <see cref="Deployment.BaseDirectory"/>.</summary>
    public required string Runtime { get; init; }

    /// <summary>
    /// The cVM's region and capability bounds, as in Intravisor: the image is loaded at <c>Base</c>,
    /// <c>[Base, Base+Size)</c> is the cVM's memory and <c>[Begin, End)</c>, which encloses it, the bounds of its
    /// capabilities. Null places the cVM automatically.
    /// </summary>
    public CvmIsolation? Isolation { get; init; }

    /// <summary>The program's arguments (argv[0] first, as in Intravisor's <c>args</c>); none gives argv = [Name].</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>
    /// What happens before the next cVM starts: <see cref="WaitForExit"/> (-1) runs this cVM to its end first,
    /// 0 starts the next at once, N &gt; 0 starts the next after this one has run N seconds of the monitor's
    /// deterministic clock, where one instruction takes one nanosecond (Intravisor sleeps N real seconds).
    /// </summary>
    public int Wait { get; init; }

    /// <summary>
    /// Who serves this cVM's hostcalls (Intravisor's key). Only <c>monitor</c> is valid: Intravisor's outer cVMs
    /// serving inner ones would need bounds that reach into another cVM.
    /// </summary>
    public string CallbackOut { get; init; } = MonitorCallback;

    /// <summary>Which hostcall interface the program speaks; null takes the default.</summary>
    public CvmPersonality? Personality { get; init; }

    /// <summary>For the Linux personality: the directory the program sees as '/'; null gives it no files.</summary>
    public string? FileRoot { get; init; }

    /// <summary>Bytes of stack per thread; null takes the default.</summary>
    public ulong? StackSize { get; init; }

    /// <summary>Bytes of heap; null takes the default.</summary>
    public ulong? HeapSize { get; init; }

    /// <summary>The most threads the cVM may run at once; null takes the default.</summary>
    public int? Threads { get; init; }

    /// <summary>Instructions the cVM may retire in the whole run; null takes the default.</summary>
    public ulong? MaxInstructions { get; init; }

    /// <summary>Instructions one call into this cVM's exports may take; null takes the default.</summary>
    public ulong? MaxCallInstructions { get; init; }

    /// <summary>
    /// Functions other cVMs may be wired to call. An export without its own budget takes
    /// <see cref="MaxCallInstructions"/>.
    /// </summary>
    public IReadOnlyList<CvmExport> Exports { get; init; } = [];

    /// <summary>What the monitor does with this cVM after it faults; null takes the default.</summary>
    public FaultPolicy? OnFault { get; init; }

    /// <summary>Whether the cVM's data capability may store capabilities; null takes the default.</summary>
    public bool? StoreCapabilities { get; init; }

    /// <summary>Whether the program is an Intravisor-style hybrid guest linked at 0, run with legacy relocation; null: no.</summary>
    public bool? LegacyRelocation { get; init; }

    /// <summary><see cref="Wait"/> value that runs a cVM to its end before the next starts.</summary>
    public const int WaitForExit = -1;

    /// <summary><see cref="CallbackOut"/> value for the monitor's own hostcall service.</summary>
    public const string MonitorCallback = "monitor";
}

/// <summary>The hostcall interface a cVM's program speaks.</summary>
public enum CvmPersonality
{
    /// <summary>The monitor's hostcall ABI (call number in t5, arguments in a0–a7).</summary>
    Native,

    /// <summary>Linux RISC-V system calls, with an optional sandboxed file root.</summary>
    Linux,
}

/// <summary>Deployment-wide values; each one applies to every cVM that does not set its own.</summary>
public sealed record DeploymentDefaults
{
    /// <summary>Bytes of stack per thread.</summary>
    public ulong? StackSize { get; init; }

    /// <summary>Bytes of heap.</summary>
    public ulong? HeapSize { get; init; }

    /// <summary>The most threads a cVM may run at once.</summary>
    public int? Threads { get; init; }

    /// <summary>Instructions a cVM may retire in the whole run.</summary>
    public ulong? MaxInstructions { get; init; }

    /// <summary>Instructions one call into an export may take.</summary>
    public ulong? MaxCallInstructions { get; init; }

    /// <summary>What the monitor does with a cVM that faulted.</summary>
    public FaultPolicy? OnFault { get; init; }

    /// <summary>The hostcall interface of cVMs that do not name one.</summary>
    public CvmPersonality? Personality { get; init; }

    /// <summary>Whether data capabilities may store capabilities.</summary>
    public bool? StoreCapabilities { get; init; }

    /// <summary>Size of the region given to each automatically placed cVM.</summary>
    public ulong? RegionSize { get; init; }

    /// <summary>Lowest address at which cVMs are placed automatically.</summary>
    public ulong? LayoutBase { get; init; }

    /// <summary>Unmapped bytes left between automatically placed regions.</summary>
    public ulong? GuardSize { get; init; }
}
