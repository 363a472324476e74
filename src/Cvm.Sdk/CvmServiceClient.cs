using Cvm.Monitor;

namespace Cvm.Sdk;

/// <summary>
/// What a generated host proxy holds: the contract and the cVM implementing it. A proxy method builds a frame with
/// <see cref="BeginCall"/>, calls <see cref="Invoke"/> (or <see cref="InvokeAsync"/> for Task/ValueTask methods)
/// and reads results from the <see cref="CvmCallResult"/>.
/// </summary>
public sealed class CvmServiceClient
{
    internal CvmServiceClient(CvmHost host, string cvm, CvmContract contract)
    {
        Host = host;
        Cvm = cvm;
        Contract = contract;
    }

    /// <summary>The host running the deployment.</summary>
    public CvmHost Host { get; }

    /// <summary>The cVM implementing the service.</summary>
    public string Cvm { get; }

    /// <summary>The contract.</summary>
    public CvmContract Contract { get; }

    /// <summary>Starts the frame of method <paramref name="methodId"/>.</summary>
    public CvmFrameWriter BeginCall(int methodId) => new(Contract, Contract.Method(methodId));

    /// <summary>
    /// Calls the method in the cVM: the monitor copies the areas into a per-call buffer, enters the export with
    /// capabilities bounded to them, runs the emulator until the callee returns (within the method's budget) and
    /// copies the out area back.
    /// </summary>
    /// <exception cref="CvmCalleeFaultException">The callee faulted.</exception>
    /// <exception cref="CvmBudgetExceededException">The callee exhausted the budget.</exception>
    /// <exception cref="CvmProtocolException">The callee rejected the frame, or returned something invalid.</exception>
    /// <exception cref="CvmCallFailedException">The callee is stopped, busy, or not started.</exception>
    public CvmCallResult Invoke(CvmFrameWriter frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var (inArea, outArea) = frame.Build();
        var outcome = Host.Monitor.CallExport(Cvm, frame.Method.ExportName(Contract.ServiceName), inArea, outArea, frame.Method.Budget);
        return Complete(frame.Method, outcome, inArea, outArea);
    }

    /// <summary>
    /// Starts the method as an asynchronous call: it runs on its own thread in the cVM while the host runs the
    /// monitor (<see cref="CvmHost.Run"/>); the task completes when the callee returns.
    /// </summary>
    public ValueTask<CvmCallResult> InvokeAsync(CvmFrameWriter frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        cancellationToken.ThrowIfCancellationRequested();
        var (inArea, outArea) = frame.Build();
        var completion = new TaskCompletionSource<CvmCallResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Host.Monitor.BeginCallExport(Cvm, frame.Method.ExportName(Contract.ServiceName), inArea, outArea, frame.Method.Budget, outcome =>
        {
            try
            {
                completion.SetResult(Complete(frame.Method, outcome, inArea, outArea));
            }
            catch (CvmException e)
            {
                completion.SetException(e);
            }
        });
        return new ValueTask<CvmCallResult>(completion.Task);
    }

    private CvmCallResult Complete(CvmMethodDescriptor method, ExportCallOutcome outcome, byte[] inArea, byte[] outArea)
    {
        var name = method.Name;
        if (outcome.Status == CvmError.CalleeFault && outcome.Fault is { } fault)
        {
            throw new CvmCalleeFaultException(Contract.ServiceName, name, fault);
        }
        if (outcome.Status == CvmError.CalleeBudget)
        {
            throw new CvmBudgetExceededException(Contract.ServiceName, name, Cvm, method.Budget ?? 0);
        }
        if (outcome.Status != 0)
        {
            throw new CvmCallFailedException($"{Contract.ServiceName}.{name} in cVM '{Cvm}' failed: {ErrorName(outcome.Status)}", outcome.Status);
        }
        if (outcome.Result is CvmError.Protocol or CvmError.ContractMismatch)
        {
            throw new CvmProtocolException($"cVM '{Cvm}' rejected the frame of {Contract.ServiceName}.{name}: {ErrorName(outcome.Result)}");
        }
        if (outcome.Result != 0)
        {
            throw new CvmCallFailedException($"{Contract.ServiceName}.{name} in cVM '{Cvm}' returned status {ErrorName(outcome.Result)}", outcome.Result);
        }
        return new CvmCallResult(Contract, method, inArea, outArea);
    }

    /// <summary>The guest ABI's name of an error code.</summary>
    public static string ErrorName(long status) => status switch
    {
        CvmError.Permission => "CVM_EPERM",
        CvmError.NotFound => "CVM_ENOENT",
        CvmError.Fault => "CVM_EFAULT",
        CvmError.Invalid => "CVM_EINVAL",
        CvmError.Busy => "CVM_EBUSY",
        CvmError.Stopped => "CVM_ESTOPPED",
        CvmError.CalleeFault => "CVM_ECALLEE_FAULT",
        CvmError.CalleeBudget => "CVM_ECALLEE_BUDGET",
        CvmError.Depth => "CVM_EDEPTH",
        CvmError.Protocol => "CVM_EPROTO",
        CvmError.ContractMismatch => "CVM_ECONTRACT",
        CvmError.HostFailure => "CVM_EHOST",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
