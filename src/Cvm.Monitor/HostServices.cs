namespace Cvm.Monitor;

/// <summary>
/// A view of guest memory the monitor hands to host code for the duration of one call: a byte range the guest
/// passed, checked against the guest's authority, readable (and writable when the guest granted store access).
/// Any use after the call ended throws <see cref="InvalidOperationException"/>; nothing outside the range is reachable.
/// </summary>
public sealed class GuestMemoryView
{
    private readonly CvmMonitor _monitor;
    private readonly ulong _address;

    internal GuestMemoryView(CvmMonitor monitor, ulong address, ulong length, bool writable)
    {
        _monitor = monitor;
        _address = address;
        Length = length;
        Writable = writable;
    }

    /// <summary>Bytes in the view.</summary>
    public ulong Length { get; }

    /// <summary>Whether <see cref="Write"/> is allowed.</summary>
    public bool Writable { get; }

    /// <summary>False once the call that leased the view has returned.</summary>
    public bool IsValid { get; private set; } = true;

    /// <summary>Copies <c>destination.Length</c> bytes from <paramref name="offset"/>.</summary>
    /// <exception cref="InvalidOperationException">The lease ended.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range leaves the view.</exception>
    public void Read(ulong offset, Span<byte> destination)
    {
        Check(offset, destination.Length);
        _monitor.ReadLeased(_address + offset, destination);
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="offset"/>.</summary>
    /// <exception cref="InvalidOperationException">The lease ended, or the view is read-only.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range leaves the view.</exception>
    public void Write(ulong offset, ReadOnlySpan<byte> source)
    {
        if (!Writable)
        {
            throw new InvalidOperationException("the guest passed this memory read-only");
        }
        Check(offset, source.Length);
        _monitor.WriteLeased(_address + offset, source);
    }

    internal void EndLease() => IsValid = false;

    private void Check(ulong offset, int length)
    {
        if (!IsValid)
        {
            throw new InvalidOperationException("guest memory is only accessible during the call that passed it");
        }
        if (offset > Length || (ulong)length > Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"bytes [{offset}, {offset + (ulong)length}) leave the {Length}-byte view");
        }
    }
}

/// <summary>One call a guest makes to a service the host provides.</summary>
/// <param name="Caller">The calling cVM (from the gate descriptor, never from guest input).</param>
/// <param name="Provider">The provider name the guest looked up.</param>
/// <param name="Export">The export called (<c>SERVICE__METHOD</c> for contract methods).</param>
/// <param name="In">The caller's in area (read-only).</param>
/// <param name="Out">The caller's out area (read/write).</param>
public sealed record HostServiceRequest(string Caller, string Provider, string Export, GuestMemoryView In, GuestMemoryView Out);

/// <summary>Serves one guest call; returns the status the guest sees (0, or a negative <see cref="CvmError"/> code).</summary>
public delegate long HostServiceHandler(HostServiceRequest request);

/// <summary>Functions the host offers to guests under a provider name, looked up as <c>PROVIDER.EXPORT</c>.</summary>
public sealed record HostServiceDefinition
{
    /// <summary>The name guests look up (must not be a cVM's name).</summary>
    public required string Provider { get; init; }

    /// <summary>The export names offered.</summary>
    public required IReadOnlyList<string> Exports { get; init; }

    /// <summary>cVMs allowed to call them.</summary>
    public required IReadOnlyList<string> Callers { get; init; }

    /// <summary>Serves every call; an exception it throws becomes <see cref="CvmError.HostFailure"/> for the guest.</summary>
    public required HostServiceHandler Handler { get; init; }
}

/// <summary>The outcome of a host → guest call (<see cref="CvmMonitor.CallExport"/>).</summary>
/// <param name="Status">0, or the negative <see cref="CvmError"/> code of the monitor (busy, stopped, callee fault, budget, …).</param>
/// <param name="Result">The callee's result register (its status for contract methods) when <paramref name="Status"/> is 0.</param>
/// <param name="Fault">The fault that unwound the call, if any.</param>
/// <param name="Instructions">Instructions the call retired in the callee.</param>
public sealed record ExportCallOutcome(long Status, long Result, CvmFault? Fault, ulong Instructions);
