using System.Buffers.Binary;
using Cvm.Monitor;
using Cvm.Monitor.Deployments;

namespace Cvm.Sdk;

/// <summary>
/// Runs a deployment and connects C# to it through contracts: <see cref="GetService{T}"/> returns a proxy that
/// calls a service a cVM implements; <see cref="Provide{T}"/> lets guests call a C# implementation. Contract
/// hashes are checked when the monitor links the deployment (<see cref="Start"/>).
/// </summary>
public sealed class CvmHost : IDisposable
{
    private readonly List<Exception> _serviceErrors = [];

    /// <summary>Wraps a monitor built in code (cVMs added, not started).</summary>
    public CvmHost(CvmMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        Monitor = monitor;
    }

    /// <summary>Builds the monitor of a validated deployment.</summary>
    public CvmHost(DeploymentPlan plan, MonitorOptions? options = null) : this(DeploymentMonitor.Create(plan, options))
    {
    }

    /// <summary>The monitor running the deployment.</summary>
    public CvmMonitor Monitor { get; }

    /// <summary>Exceptions thrown by provided implementations (each became <c>CVM_EHOST</c> for the calling guest).</summary>
    public IReadOnlyList<Exception> ServiceErrors => _serviceErrors;

    /// <summary>Links the deployment (contract hashes checked) and starts the first cVMs.</summary>
    /// <exception cref="CvmConfigurationException">A guest was built against a different contract, or the deployment is invalid.</exception>
    public void Start() => Monitor.Start();

    /// <summary>Runs the deployment (starting it if needed) until every thread ended or <paramref name="maxInstructions"/>.</summary>
    public MonitorResult Run(ulong? maxInstructions = null) => Monitor.Run(maxInstructions);

    /// <summary>
    /// The proxy for service <typeparamref name="T"/> implemented by cVM <paramref name="cvmName"/>. The cVM's image
    /// must record the same contract hash (checked at <see cref="Start"/>, or now if already started).
    /// </summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not a generated [CvmService] interface.</exception>
    /// <exception cref="CvmConfigurationException">No such cVM, or its contract hash differs.</exception>
    public T GetService<T>(string cvmName) where T : class
    {
        ArgumentNullException.ThrowIfNull(cvmName);
        var registration = CvmServiceRegistry.Get<T>();
        var contract = registration.Contract;
        Monitor.RequireContract(cvmName, contract.ServiceName, contract.Hash, implements: true);
        return registration.CreateProxy(new CvmServiceClient(this, cvmName, contract));
    }

    /// <summary>
    /// Makes <paramref name="implementation"/> callable by <paramref name="callers"/> as provider
    /// <paramref name="name"/> (guests look up <c>NAME.SERVICE__METHOD</c>). Before <see cref="Start"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not a generated [CvmService] interface.</exception>
    /// <exception cref="CvmConfigurationException">The name is taken, a caller is unknown, or the monitor has started.</exception>
    public void Provide<T>(string name, T implementation, params IReadOnlyList<string> callers) where T : class
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(callers);
        var registration = CvmServiceRegistry.Get<T>();
        var contract = registration.Contract;
        var methods = contract.Methods.ToDictionary(m => m.ExportName(contract.ServiceName), StringComparer.Ordinal);
        Monitor.AddHostService(new HostServiceDefinition
        {
            Provider = name,
            Exports = [.. methods.Keys],
            Callers = callers,
            Handler = request => Serve(registration, implementation, methods[request.Export], request),
        });
        foreach (var caller in callers)
        {
            Monitor.RequireContract(caller, contract.ServiceName, contract.Hash, implements: false);
        }
    }

    /// <summary>Releases the monitor's emulated memory.</summary>
    public void Dispose() => Monitor.Dispose();

    /// <summary>Checks the frame header, runs the skeleton and maps its outcome to the guest ABI's codes.</summary>
    private long Serve<T>(CvmServiceRegistration<T> registration, T implementation, CvmMethodDescriptor method, HostServiceRequest request) where T : class
    {
        var status = CheckHeader(registration.Contract, method, request.In, request.Out);
        if (status != 0)
        {
            return status;
        }
        try
        {
            registration.Skeleton(implementation, new CvmServiceCall(registration.Contract, method, request.Caller, request.In, request.Out));
            return 0;
        }
        catch (CvmProtocolException)
        {
            return CvmError.Protocol;
        }
        catch (Exception e)
        {
            // The implementation is the host's own code: its failure is reported to the guest as a code and kept for the host.
            _serviceErrors.Add(e);
            return CvmError.HostFailure;
        }
    }

    /// <summary>The frame header a guest sent, in the order docs/contracts-abi.md lists the checks.</summary>
    internal static long CheckHeader(CvmContract contract, CvmMethodDescriptor method, GuestMemoryView inArea, GuestMemoryView outArea)
    {
        var count = method.Parameters.Count;
        if (inArea.Length < (ulong)CvmFrame.InSlot(count) || outArea.Length < (ulong)CvmFrame.OutSlot(count)
            || inArea.Length > CvmFrame.MaxAreaSize || outArea.Length > CvmFrame.MaxAreaSize)
        {
            return CvmError.Protocol;
        }
        Span<byte> header = stackalloc byte[CvmFrame.InHeaderSize];
        inArea.Read(0, header);
        if (BinaryPrimitives.ReadUInt64LittleEndian(header[CvmFrame.HashOffset..]) != contract.Hash)
        {
            return CvmError.ContractMismatch;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[CvmFrame.MethodOffset..]) != method.Id
            || BinaryPrimitives.ReadUInt32LittleEndian(header[CvmFrame.ParameterCountOffset..]) != count)
        {
            return CvmError.Protocol;
        }
        return 0;
    }
}
