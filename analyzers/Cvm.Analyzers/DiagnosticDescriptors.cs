using Microsoft.CodeAnalysis;

namespace Cvm.Analyzers;

/// <summary>
/// Every diagnostic the cVM analyzers report, in ID order. Errors mark shapes the generator cannot emit (it emits
/// nothing for them, so the error is the only explanation); warnings mark likely bugs; info marks advice with a fix.
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>
    /// Help links are paths relative to the root of the CvmSdk source tree (one page per ID under docs/diagnostics/),
    /// so they stay valid in every clone and release archive without naming a web host.
    /// </summary>
    public const string HelpLinkBase = "docs/diagnostics/";

    public const string ServiceNotInterfaceId = "CVM0001";
    public const string GenericContractId = "CVM0002";
    public const string GenericMethodId = "CVM0003";
    public const string InvalidServiceNameId = "CVM0004";
    public const string OverloadedMethodId = "CVM0005";
    public const string DuplicateMethodIdId = "CVM0006";
    public const string InvalidMethodIdId = "CVM0007";
    public const string DuplicateServiceNameId = "CVM0008";
    public const string UnsupportedParameterId = "CVM0009";
    public const string UnsupportedReturnId = "CVM0010";
    public const string UnsupportedMemberId = "CVM0011";
    public const string InheritedContractId = "CVM0012";
    public const string UnsupportedMethodShapeId = "CVM0013";
    public const string EmptyContractId = "CVM0014";
    public const string InvalidBudgetId = "CVM0015";
    public const string NotAContractId = "CVM0016";
    public const string ImplicitMethodIdsId = "CVM1001";
    public const string NoStatusResultId = "CVM1002";
    public const string LeaseEscapesId = "CVM2001";
    public const string LanguageVersionTooOldId = "CVM3001";

    private const string Usage = "Cvm.Usage";
    private const string Design = "Cvm.Design";
    private const string Reliability = "Cvm.Reliability";
    private const string Compatibility = "Cvm.Compatibility";

    /// <summary>CVM0001: [CvmService] on a class, struct or nested interface.</summary>
    public static readonly DiagnosticDescriptor ServiceNotInterface = Create(ServiceNotInterfaceId, Usage, DiagnosticSeverity.Error,
        "Contract is not a top-level interface",
        "'{0}' is marked [CvmService] but is not an interface declared directly in a namespace; declare the contract as a top-level interface",
        "A contract is an interface the generator implements twice (a host proxy and a skeleton); classes, structs and interfaces nested in other types cannot be contracts.");

    /// <summary>CVM0002: a generic contract interface.</summary>
    public static readonly DiagnosticDescriptor GenericContract = Create(GenericContractId, Usage, DiagnosticSeverity.Error,
        "Contract is generic",
        "Contract '{0}' has type parameters; remove them and declare one contract per concrete type",
        "A contract has one wire form and one contract hash, shared with C guests that have no generics; a type parameter has neither.");

    /// <summary>CVM0003: a generic contract method.</summary>
    public static readonly DiagnosticDescriptor GenericMethod = Create(GenericMethodId, Usage, DiagnosticSeverity.Error,
        "Contract method is generic",
        "Contract method '{0}' has type parameters; remove them and declare one method per concrete type",
        "Each contract method has one fixed frame layout; a generic method would need one per instantiation.");

    /// <summary>CVM0004: a service name outside [a-z][a-z0-9_]{0,31}.</summary>
    public static readonly DiagnosticDescriptor InvalidServiceName = Create(InvalidServiceNameId, Usage, DiagnosticSeverity.Error,
        "Invalid service name",
        "Service name '{0}' is invalid; use 1 to 32 characters of lower-case letters, digits and '_', starting with a letter",
        "The service name becomes part of C symbols (SERVICE__METHOD exports, __cvm_contract_SERVICE) and deployment files, so it is restricted to [a-z][a-z0-9_]{0,31}.");

    /// <summary>CVM0005: two contract methods with the same name.</summary>
    public static readonly DiagnosticDescriptor OverloadedMethod = Create(OverloadedMethodId, Usage, DiagnosticSeverity.Error,
        "Contract method is overloaded",
        "Contract method '{0}' is overloaded; give each overload its own name",
        "Every contract method is exported as SERVICE__METHOD and called from C by that name; C has no overloading, so two methods with one name would be one export. An explicit [CvmMethod(Id = n)] does not change the export name.");

    /// <summary>CVM0006: two methods with the same explicit id.</summary>
    public static readonly DiagnosticDescriptor DuplicateMethodId = Create(DuplicateMethodIdId, Usage, DiagnosticSeverity.Error,
        "Duplicate method id",
        "Method id {0} of '{1}' is already used by '{2}'; give each method a different id",
        "The method id in a frame header selects the method the callee runs; two methods with one id cannot both be called.");

    /// <summary>CVM0007: an explicit method id outside 1..65535.</summary>
    public static readonly DiagnosticDescriptor InvalidMethodId = Create(InvalidMethodIdId, Usage, DiagnosticSeverity.Error,
        "Method id out of range",
        "Method id {0} of '{1}' is out of range; use an id from 1 to 65535",
        "Method ids travel in the frame header as 16-bit values and 0 means no method, so explicit ids must be between 1 and 65535.");

    /// <summary>CVM0008: two contracts with the same service name.</summary>
    public static readonly DiagnosticDescriptor DuplicateServiceName = Create(DuplicateServiceNameId, Usage, DiagnosticSeverity.Error,
        "Duplicate service name",
        "Service name '{0}' of '{1}' is already used by '{2}'; give each contract its own service name",
        "Guests look services up as PROVIDER.SERVICE__METHOD and the contract hash symbol is __cvm_contract_SERVICE; two contracts with one service name would collide in both.",
        WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>CVM0009: a parameter type the contract rules refuse.</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameter = Create(UnsupportedParameterId, Usage, DiagnosticSeverity.Error,
        "Parameter cannot cross a cVM boundary",
        "Parameter '{0}' cannot cross a cVM boundary: {1}; use a scalar, enum, blittable struct, string, array or span of those",
        "Values cross a cVM boundary as bytes in a frame, which both C# and C lay out identically. Reference types other than string and arrays, pointers, native-sized integers, non-blittable structs and spans passed by reference have no such form.");

    /// <summary>CVM0010: a return type the contract rules refuse.</summary>
    public static readonly DiagnosticDescriptor UnsupportedReturn = Create(UnsupportedReturnId, Usage, DiagnosticSeverity.Error,
        "Return type cannot cross a cVM boundary",
        "The result of '{0}' cannot cross a cVM boundary: {1}; return a scalar, enum, blittable struct, string or array of those",
        "Results are written into the caller's frame as bytes; spans cannot be returned (the callee's memory is gone after the call) and reference types other than string and arrays have no byte form.");

    /// <summary>CVM0011: a property, indexer, event, field, nested type, static or default-implemented method in a contract.</summary>
    public static readonly DiagnosticDescriptor UnsupportedMember = Create(UnsupportedMemberId, Usage, DiagnosticSeverity.Error,
        "Contract member is not an abstract method",
        "'{0}' is {1}; contracts may contain only instance methods without a body, so replace it with such methods",
        "Only abstract instance methods have a frame form: properties, indexers and events cannot be called from C, static members are not called through a contract, and a default implementation would run on the caller's side instead of the callee's.");

    /// <summary>CVM0012: a contract that extends other interfaces.</summary>
    public static readonly DiagnosticDescriptor InheritedContract = Create(InheritedContractId, Usage, DiagnosticSeverity.Error,
        "Contract inherits an interface",
        "Contract '{0}' inherits '{1}'; declare every method in the contract itself",
        "A contract's methods, ids and hash are computed from the interface's own members; inherited methods would be silently missing from the wire form.");

    /// <summary>CVM0013: a method shape the frame cannot express (ref returns, out/ref in async methods, tokens in sync methods).</summary>
    public static readonly DiagnosticDescriptor UnsupportedMethodShape = Create(UnsupportedMethodShapeId, Usage, DiagnosticSeverity.Error,
        "Contract method shape is not supported",
        "Contract method '{0}' cannot be generated: {1}",
        "Out and ref values are copied back when the call returns, which an asynchronous method cannot wait for; a ref return would point into the other side's memory; a CancellationToken is only observed by asynchronous calls; a frame has a fixed number of parameter slots.");

    /// <summary>CVM0014: a contract without methods.</summary>
    public static readonly DiagnosticDescriptor EmptyContract = Create(EmptyContractId, Usage, DiagnosticSeverity.Error,
        "Contract has no methods",
        "Contract '{0}' declares no methods; add at least one method",
        "A contract without methods has no exports, so nothing could call it.");

    /// <summary>CVM0015: a [CvmBudget] whose instruction count is zero or missing.</summary>
    public static readonly DiagnosticDescriptor InvalidBudget = Create(InvalidBudgetId, Usage, DiagnosticSeverity.Error,
        "Invalid instruction budget",
        "[CvmBudget] on '{0}' gives no instructions; set Instructions to a count greater than zero, or remove the attribute for no budget",
        "A budget of zero instructions would unwind every call before its first instruction; a missing budget is written by leaving the attribute out.");

    /// <summary>CVM0016: CvmHost.GetService/Provide with a type that is not a contract.</summary>
    public static readonly DiagnosticDescriptor NotAContract = Create(NotAContractId, Usage, DiagnosticSeverity.Error,
        "Type is not a cVM contract",
        "'{0}' is not a [CvmService] interface, so CvmHost.{1} will throw; mark it [CvmService(\"name\")] or use a contract",
        "The host API looks up the generated proxy and skeleton of its type argument; only [CvmService] interfaces have them.");

    /// <summary>CVM1001: methods numbered by declaration order.</summary>
    public static readonly DiagnosticDescriptor ImplicitMethodIds = Create(ImplicitMethodIdsId, Design, DiagnosticSeverity.Info,
        "Contract methods have implicit ids",
        "Contract '{0}' numbers {1} method(s) by declaration order; give them explicit [CvmMethod(Id = n)] ids so that reordering methods does not break deployed callers",
        "Implicit method ids follow declaration order; moving or inserting a method renumbers the others, changes the contract hash and breaks every guest built against the old order.");

    /// <summary>CVM1002: void or Task results, which give the callee no way to report a failure of its own.</summary>
    public static readonly DiagnosticDescriptor NoStatusResult = Create(NoStatusResultId, Design, DiagnosticSeverity.Warning,
        "Contract method returns no status",
        "Contract method '{0}' returns nothing, so a guest caller cannot tell whether the callee did its work; return an int status (0 for success) or a result",
        "Guest callers learn of faults only through a call's result; a method without one cannot report that the callee gave up, and every contract is callable by guests through the generated C bindings.");

    /// <summary>CVM2001: a host implementation keeps a span or capability-backed handle beyond the call.</summary>
    public static readonly DiagnosticDescriptor LeaseEscapes = Create(LeaseEscapesId, Reliability, DiagnosticSeverity.Warning,
        "Lease kept beyond the call",
        "'{0}' is leased from the caller only for this call; copy what you need instead of keeping it in '{1}'",
        "Spans and capability-backed handles passed to a host implementation are leases over the guest's memory that end when the call returns; a stored copy outlives its lease and fails or reads stale memory later.");

    /// <summary>CVM3001: the consumer's C# version is older than the generated code needs.</summary>
    public static readonly DiagnosticDescriptor LanguageVersionTooOld = Create(LanguageVersionTooOldId, Compatibility, DiagnosticSeverity.Error,
        "C# version too old for cVM contracts",
        "The generated code for contract '{0}' needs C# {1} or newer; set <LangVersion> to {1} or later",
        "The generated code registers each contract with a module initializer and uses static lambdas and nullable annotations, which need C# 9; projects targeting netstandard2.0 default to C# 7.3.");

    private static DiagnosticDescriptor Create(string id, string category, DiagnosticSeverity severity, string title, string message,
        string description, params string[] customTags) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description, HelpLinkBase + id + ".md", customTags);
}
