using System.Text;
using Cvm.Cheri;

namespace Cvm.Monitor;

public sealed partial class CvmMonitor
{
    /// <summary>The host call arena: one slot per host → guest call in flight, each an in area then an out area.</summary>
    private const int HostCallSlots = 8;

    /// <summary>Largest in or out area of a host → guest call (each area of a slot is this big and this aligned, so any length up to it is exact).</summary>
    public const int MaxHostCallArea = 256 * 1024;

    private const ulong HostCallSlotSize = 2 * (ulong)MaxHostCallArea;

    private readonly List<HostServiceDefinition> _hostServices = [];
    private readonly List<(string Cvm, string Service, ulong Hash, bool Implements)> _contracts = [];
    private CvmInstance? _host;

    /// <summary>Offers host-implemented exports to guests under a provider name (before <see cref="Start"/>).</summary>
    /// <exception cref="CvmConfigurationException">The provider name is empty, taken, or an export name is invalid.</exception>
    public void AddHostService(HostServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        RequireNotStarted();
        if (service.Provider.Length == 0 || service.Provider.Contains('.') || _hostServices.Any(h => h.Provider == service.Provider)
            || _cvms.Any(c => c.Name == service.Provider))
        {
            throw new CvmConfigurationException($"host service provider '{service.Provider}' is empty, contains '.', or is already a cVM or provider name");
        }
        foreach (var export in service.Exports)
        {
            if (export.Length == 0 || Encoding.UTF8.GetByteCount(service.Provider + "." + export) > MaxNameLength)
            {
                throw new CvmConfigurationException($"host service '{service.Provider}': export '{export}' is empty or its lookup name exceeds {MaxNameLength} bytes");
            }
        }
        _hostServices.Add(service);
    }

    /// <summary>
    /// Requires cVM <paramref name="cvm"/> to record contract <paramref name="service"/> with <paramref name="hash"/>
    /// (symbol <c>__cvm_contract_SERVICE</c>, 8 bytes little-endian). With <paramref name="implements"/> the symbol
    /// must exist; otherwise it is checked only if present. Checked at <see cref="Start"/> (at once if started).
    /// </summary>
    /// <exception cref="CvmConfigurationException">No such cVM, or (once started) the recorded hash differs or is missing.</exception>
    public void RequireContract(string cvm, string service, ulong hash, bool implements)
    {
        ArgumentNullException.ThrowIfNull(cvm);
        ArgumentNullException.ThrowIfNull(service);
        if (_cvms.All(c => c.Name != cvm))
        {
            throw new CvmConfigurationException($"contract '{service}': no cVM named '{cvm}'");
        }
        _contracts.Add((cvm, service, hash, implements));
        if (IsStarted)
        {
            CheckContract(_contracts[^1]);
        }
    }

    /// <summary>
    /// Calls export <paramref name="export"/> of <paramref name="cvm"/> from the host: the areas are copied into a
    /// monitor-owned call buffer, the export is entered through a host gate (for <see cref="BufferDirection.Frame"/>
    /// exports with capabilities bounded exactly to each area), the deployment runs until the callee returns, and
    /// the out area is copied back into <paramref name="outArea"/>. Starts the deployment if needed.
    /// </summary>
    /// <exception cref="ArgumentException">No such cVM or export, or an area is larger than <see cref="MaxHostCallArea"/>.</exception>
    /// <exception cref="InvalidOperationException">Called from inside a host service (the emulator is mid-slice).</exception>
    public ExportCallOutcome CallExport(string cvm, string export, ReadOnlySpan<byte> inArea, Span<byte> outArea, ulong? instructionBudget)
    {
        var outCopy = outArea.ToArray();
        ExportCallOutcome? outcome = null;
        var hostCall = Begin(cvm, export, inArea, outCopy, instructionBudget, o => outcome = o);
        if (hostCall is not null)
        {
            Schedule(ulong.MaxValue, () => hostCall.Done);
            if (!hostCall.Done)
            {
                // Every thread is blocked and none can wake: the callee can never return.
                outcome = new ExportCallOutcome(CvmError.Deadlock, 0, null, 0);
                var thread = _threads.First(t => t.HostCall == hostCall);
                hostCall.Done = true;
                ReleaseHostThread(thread);
            }
        }
        outCopy.CopyTo(outArea);
        return outcome!;
    }

    /// <summary>Like <see cref="CallExport"/> but asynchronous: <paramref name="completed"/> runs (with <paramref name="outArea"/> filled) when the callee returns during <see cref="Run"/>.</summary>
    public void BeginCallExport(string cvm, string export, byte[] inArea, byte[] outArea, ulong? instructionBudget, Action<ExportCallOutcome> completed)
    {
        ArgumentNullException.ThrowIfNull(inArea);
        ArgumentNullException.ThrowIfNull(outArea);
        ArgumentNullException.ThrowIfNull(completed);
        Begin(cvm, export, inArea, outArea, instructionBudget, completed);
    }

    /// <summary>Starts a host call's thread at the switcher's call entry, or completes it at once when it cannot start.</summary>
    private HostCall? Begin(string cvm, string export, ReadOnlySpan<byte> inArea, byte[] outArea, ulong? budget, Action<ExportCallOutcome> completed)
    {
        ArgumentNullException.ThrowIfNull(cvm);
        ArgumentNullException.ThrowIfNull(export);
        if (_current is not null)
        {
            throw new InvalidOperationException("a host service cannot call into a cVM while the guest's call to it is in progress");
        }
        if (inArea.Length > MaxHostCallArea || outArea.Length > MaxHostCallArea)
        {
            throw new ArgumentException($"host call areas are limited to {MaxHostCallArea} bytes each");
        }
        if (!IsStarted)
        {
            Start();
        }
        var callee = Find(cvm);
        if (!callee.HostGates.TryGetValue(export, out var gate))
        {
            throw new ArgumentException($"cVM '{cvm}' has no export '{export}'", nameof(export));
        }
        if (callee.State != CvmState.Running)
        {
            // Not started yet (its runtime has not set up the table pointer) or ended: nothing can run there.
            completed(new ExportCallOutcome(callee.State == CvmState.Created ? CvmError.TryAgain : CvmError.Stopped, 0, null, 0));
            return null;
        }
        var host = _host!;
        var thread = CreateThread(host, SwitcherCode.CallEntry, 0, 0, stackPointer: 0);
        if (thread is null)
        {
            completed(new ExportCallOutcome(CvmError.TryAgain, 0, null, 0));
            return null;
        }
        // The thread's stack slot is its slot in the arena; areas start at slot boundaries, so they are exactly representable.
        // Lengths are padded to exactly representable ones with zeros (the switcher refuses inexact bounds); the
        // callee reaches nothing beyond them, so stale bytes of earlier calls further on need no clearing.
        var inAddress = host.Definition.Isolation.Begin + (ulong)thread.StackSlot * HostCallSlotSize;
        var outAddress = inAddress + MaxHostCallArea;
        var inLength = Capability.RepresentableLength((ulong)inArea.Length);
        var outLength = Capability.RepresentableLength((ulong)outArea.Length);
        Memory.TryWrite(inAddress, inArea);
        Memory.TryZero(inAddress + (ulong)inArea.Length, inLength - (ulong)inArea.Length);
        Memory.TryWrite(outAddress, outArea);
        Memory.TryZero(outAddress + (ulong)outArea.Length, outLength - (ulong)outArea.Length);
        var hostCall = new HostCall(gate, inAddress, outAddress, outArea, budget, completed);
        thread.HostCall = hostCall;
        var context = thread.Context;
        context.Pcc = _switcherCode.SetAddress(SwitcherCode.CallEntry);
        context.SetInteger(Register.A0, inAddress);
        context.SetInteger(Register.A1, inLength);
        context.SetInteger(Register.A2, outAddress);
        context.SetInteger(Register.A3, outLength);
        context.SetInteger(Register.Ra, SwitcherCode.HostReturnEcall);
        context.Registers[Register.T6] = _monitorData.SetAddress(gate.Descriptor);
        return hostCall;
    }

    /// <summary>The host call's thread reached the host-return ecall: results are copied out and the thread ends.</summary>
    private void CompleteHostCall(GuestThread thread, HostCall hostCall, long status, long result)
    {
        hostCall.Done = true;
        Memory.TryRead(hostCall.OutAddress, hostCall.OutArea);
        var fault = status is CvmError.CalleeFault or CvmError.CalleeBudget ? hostCall.Wiring.Callee.Fault : null;
        var instructions = thread.Instret;
        ReleaseHostThread(thread);
        hostCall.Completed(new ExportCallOutcome(status, status == 0 ? result : 0, fault, instructions));
    }

    private void ReleaseHostThread(GuestThread thread)
    {
        thread.HostCall = null;
        EndThread(thread, 0, killed: false);
        // Host calls are many and short: their ended threads are dropped, so the thread list (which every scheduling
        // step walks) does not grow with the number of calls made. Nobody can join them (they belong to no cVM).
        var index = _threads.IndexOf(thread);
        _threads.RemoveAt(index);
        if (_lastScheduled >= index)
        {
            _lastScheduled--;
        }
    }

    /// <summary>
    /// The host as a caller: an arena in the monitor region for call areas, a data capability over it (the caller
    /// DDC the switcher derives area capabilities from), the switcher's code as its PCC (so returns land at the
    /// host-return ecall), and one gate per export of every cVM.
    /// </summary>
    private void PrepareHostCalls(ulong monitorEnd)
    {
        var arenaSize = HostCallSlots * HostCallSlotSize;
        var arena = (_nextSharedBuffer + arenaSize - 1) & ~(arenaSize - 1);
        var fits = arena + arenaSize + Page <= monitorEnd;
        var slots = fits ? HostCallSlots : 0;
        if (fits)
        {
            Memory.Map(arena, arenaSize);
            _nextSharedBuffer = arena + arenaSize + Page;
        }
        var definition = new CvmDefinition
        {
            Name = "host",
            Image = [],
            Isolation = new CvmIsolation(arena, fits ? arenaSize : Page, arena, arena + (fits ? arenaSize : Page)),
        };
        _host = new CvmInstance(definition, -1)
        {
            Pcc = _switcherCode,
            Ddc = fits ? Bounded(arena, arenaSize, CapabilityPermissions.Load | CapabilityPermissions.Store) : Capability.Null,
            StackTops = new ulong[slots],
            StateWord = AllocateDescriptor(),
        };
        foreach (var callee in _cvms)
        {
            callee.HostGates.Clear();
            foreach (var export in callee.Definition.Exports)
            {
                var descriptor = AllocateDescriptor();
                var gate = new CallWiring(_host, callee, export, descriptor, -1, Capability.Null, Capability.Null);
                callee.HostGates[export.Name] = gate;
                _callDescriptors[descriptor] = gate;
            }
        }
    }

    /// <summary>Gives every granted caller an import index for each host service export.</summary>
    private void WireHostServices()
    {
        foreach (var service in _hostServices)
        {
            foreach (var name in service.Callers)
            {
                var caller = _cvms.FirstOrDefault(c => c.Name == name)
                    ?? throw new CvmConfigurationException($"host service '{service.Provider}': unknown caller '{name}'");
                caller.HostImports.AddRange(service.Exports.Select(e => new HostImport(service, e)));
            }
        }
    }

    private void CheckContracts()
    {
        foreach (var contract in _contracts)
        {
            CheckContract(contract);
        }
    }

    /// <summary>Compares the hash a guest image records for a contract with the one the host was built with.</summary>
    private void CheckContract((string Cvm, string Service, ulong Hash, bool Implements) contract)
    {
        var cvm = Find(contract.Cvm);
        var symbol = $"__cvm_contract_{contract.Service}";
        Span<byte> bytes = stackalloc byte[8];
        if (cvm.Program.SymbolAddress(symbol) is not { } address || !cvm.Contains(address, 8) || !Memory.TryRead(address, bytes))
        {
            if (contract.Implements)
            {
                throw new CvmConfigurationException(
                    $"cVM '{cvm.Name}': {cvm.Definition.Runtime} does not implement contract '{contract.Service}' (expected hash 0x{contract.Hash:x16}, found no {symbol})");
            }
            return;
        }
        var found = BitConverter.ToUInt64(bytes);
        if (found != contract.Hash)
        {
            throw new CvmConfigurationException(
                $"cVM '{cvm.Name}': contract '{contract.Service}' mismatch: expected hash 0x{contract.Hash:x16}, found 0x{found:x16} in {cvm.Definition.Runtime}; rebuild the guest against the current contract");
        }
    }

    /// <summary>
    /// The service-call hostcall: the caller's in and out areas are checked against its own bounds, leased to the
    /// handler as views for the duration of the call, and the handler's status returned.
    /// </summary>
    private long ServiceCall(CvmInstance caller, ulong index, ulong inPointer, ulong inLength, ulong outPointer, ulong outLength)
    {
        if (index < (ulong)Hostcall.HostImportBase || index - (ulong)Hostcall.HostImportBase >= (ulong)caller.HostImports.Count)
        {
            return CvmError.NotFound;
        }
        if (!caller.Contains(inPointer, inLength) || !caller.Contains(outPointer, outLength)
            || !Memory.IsMapped(inPointer, inLength) || !Memory.IsMapped(outPointer, outLength))
        {
            return CvmError.Fault;
        }
        var import = caller.HostImports[(int)(index - (ulong)Hostcall.HostImportBase)];
        var inView = new GuestMemoryView(this, inPointer, inLength, writable: false);
        var outView = new GuestMemoryView(this, outPointer, outLength, writable: true);
        try
        {
            return import.Service.Handler(new HostServiceRequest(caller.Name, import.Service.Provider, import.Export, inView, outView));
        }
        catch (Exception)
        {
            // The handler is host code: its failure must not escape into the scheduler; the guest gets a code.
            return CvmError.HostFailure;
        }
        finally
        {
            inView.EndLease();
            outView.EndLease();
        }
    }

    internal void ReadLeased(ulong address, Span<byte> destination) => Memory.TryRead(address, destination);

    internal void WriteLeased(ulong address, ReadOnlySpan<byte> source) => Memory.TryWrite(address, source);
}
