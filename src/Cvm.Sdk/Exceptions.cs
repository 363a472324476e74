using Cvm.Monitor;

namespace Cvm.Sdk;

/// <summary>Base of every error a contract call reports to C# code.</summary>
public class CvmException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public CvmException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public CvmException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The callee cVM faulted during the call; the call was unwound and the cVM met its fault policy.</summary>
public sealed class CvmCalleeFaultException : CvmException
{
    /// <summary>Creates the exception from the monitor's fault record.</summary>
    public CvmCalleeFaultException(string service, string method, CvmFault fault)
        : base($"cVM '{fault.Cvm}' faulted in {service}.{method}: {fault.Description} at 0x{fault.Pc:x}"
               + (fault.Symbol is null ? "" : $" <{fault.Symbol}>"))
    {
        Service = service;
        Method = method;
        Fault = fault;
    }

    /// <summary>The service called.</summary>
    public string Service { get; }

    /// <summary>The method called.</summary>
    public string Method { get; }

    /// <summary>The monitor's record: cVM, pc, CHERI cause in words, symbol.</summary>
    public CvmFault Fault { get; }

    /// <summary>The cVM that faulted.</summary>
    public string Cvm => Fault.Cvm;

    /// <summary>Address of the faulting instruction.</summary>
    public ulong Pc => Fault.Pc;

    /// <summary>The guest symbol containing <see cref="Pc"/>, when known.</summary>
    public string? Symbol => Fault.Symbol;

    /// <summary>The trap in words, for example "CHERI exception: length (bounds) violation".</summary>
    public string Cause => Fault.Description;
}

/// <summary>The callee used up the call's instruction budget (<see cref="CvmBudgetAttribute"/>); the call was unwound.</summary>
public sealed class CvmBudgetExceededException(string service, string method, string cvm, ulong budget)
    : CvmException($"cVM '{cvm}' exceeded the budget of {budget} instructions in {service}.{method}")
{
    /// <summary>The service called.</summary>
    public string Service { get; } = service;

    /// <summary>The method called.</summary>
    public string Method { get; } = method;

    /// <summary>The callee cVM.</summary>
    public string Cvm { get; } = cvm;

    /// <summary>The budget that was exhausted.</summary>
    public ulong Budget { get; } = budget;
}

/// <summary>
/// The other side violated the contract: a length, offset, enum value, boolean, UTF-8 text or status that the
/// contract does not allow. Nothing of the call's results was used.
/// </summary>
public sealed class CvmProtocolException(string message) : CvmException(message);

/// <summary>
/// A call could not be made: the callee is stopped or busy, the service is not wired, or the guest reported an
/// error status (<see cref="Status"/> is the guest ABI's error code).
/// </summary>
public sealed class CvmCallFailedException(string message, long status) : CvmException(message)
{
    /// <summary>The guest ABI's error code (<see cref="CvmError"/>).</summary>
    public long Status { get; } = status;
}
