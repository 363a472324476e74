namespace Cvm.Monitor;

public sealed partial class CvmMonitor
{
    /// <summary>Offers host-implemented exports to guests under a provider name (before <see cref="Start"/>).</summary>
    public void AddHostService(HostServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        RequireNotStarted();
        throw new NotSupportedException("host services land in the next commit");
    }

    /// <summary>
    /// Requires cVM <paramref name="cvm"/> to record contract <paramref name="service"/> with <paramref name="hash"/>
    /// (symbol <c>__cvm_contract_SERVICE</c>, 8 bytes little-endian). With <paramref name="implements"/> the symbol
    /// must exist; otherwise it is checked only if present. Checked at <see cref="Start"/> (at once if started).
    /// </summary>
    public void RequireContract(string cvm, string service, ulong hash, bool implements)
    {
        ArgumentNullException.ThrowIfNull(cvm);
        ArgumentNullException.ThrowIfNull(service);
        throw new NotSupportedException("contract checks land in the next commit");
    }

    /// <summary>
    /// Calls export <paramref name="export"/> of <paramref name="cvm"/> from the host: the areas are copied into a
    /// monitor-owned call buffer, the export is entered through a host gate (for <see cref="BufferDirection.Frame"/>
    /// exports with capabilities bounded exactly to each area), the deployment runs until the callee returns, and
    /// the out area is copied back into <paramref name="outArea"/>.
    /// </summary>
    public ExportCallOutcome CallExport(string cvm, string export, ReadOnlySpan<byte> inArea, Span<byte> outArea, ulong? instructionBudget)
    {
        ArgumentNullException.ThrowIfNull(cvm);
        throw new NotSupportedException("host calls land in the next commit");
    }

    /// <summary>Like <see cref="CallExport"/> but asynchronous: <paramref name="completed"/> runs (with <paramref name="outArea"/> filled) when the callee returns during <see cref="Run"/>.</summary>
    public void BeginCallExport(string cvm, string export, byte[] inArea, byte[] outArea, ulong? instructionBudget, Action<ExportCallOutcome> completed)
    {
        ArgumentNullException.ThrowIfNull(cvm);
        throw new NotSupportedException("host calls land in the next commit");
    }

    internal void ReadLeased(ulong address, Span<byte> destination) => Memory.TryRead(address, destination);

    internal void WriteLeased(ulong address, ReadOnlySpan<byte> source) => Memory.TryWrite(address, source);
}
