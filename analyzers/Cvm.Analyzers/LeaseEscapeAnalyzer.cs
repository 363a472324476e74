using System.Collections.Immutable;
using System.Linq;
using Cvm.Generators.Contracts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Cvm.Analyzers;

/// <summary>
/// Reports a host implementation of a contract method that keeps a leased argument (a span, or a capability-backed
/// handle such as a CP_File) beyond the call: assigned to a field, property or array element, added to a collection
/// held by the object, or captured by a lambda. The compiler already stops spans from reaching the heap directly;
/// handles are ordinary values, so for them this rule is the only guard.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LeaseEscapeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Method-name prefixes that store their argument in the receiver (collections, caches, queues).</summary>
    private static readonly string[] StoringMethodPrefixes = { "Add", "Insert", "Push", "Enqueue", "TryAdd", "Append", "Prepend", "Set" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.LeaseEscapes);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var service = start.Compilation.GetTypeByMetadataName(ContractRules.ServiceAttributeMetadataName);
            if (service is null)
            {
                return;
            }
            start.RegisterOperationAction(operation => AnalyzeParameterReference(operation, service), OperationKind.ParameterReference);
        });
    }

    private static void AnalyzeParameterReference(OperationAnalysisContext context, INamedTypeSymbol service)
    {
        var reference = (IParameterReferenceOperation)context.Operation;
        var parameter = reference.Parameter;
        if (parameter.ContainingSymbol is not IMethodSymbol method || !IsLease(parameter) || !ImplementsContractMethod(method, service))
        {
            return;
        }
        var holder = EscapeTarget(reference, method);
        if (holder is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LeaseEscapes, reference.Syntax.GetLocation(), parameter.Name, holder));
        }
    }

    /// <summary>Spans and capability-backed handles: the contract kinds whose value is valid only during the call.</summary>
    private static bool IsLease(IParameterSymbol parameter) =>
        ContractRules.ClassifyArgument(parameter.Type).Kind is ContractKind.Span or ContractKind.ReadOnlySpan or ContractKind.CapFile;

    private static bool ImplementsContractMethod(IMethodSymbol method, INamedTypeSymbol service)
    {
        var type = method.ContainingType;
        if (type is null || type.TypeKind == TypeKind.Interface)
        {
            return false;
        }
        foreach (var contract in type.AllInterfaces)
        {
            if (ContractAnalyzer.FindAttribute(contract, service) is null)
            {
                continue;
            }
            if (contract.GetMembers().OfType<IMethodSymbol>()
                .Any(member => SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>What would hold the lease after the call (for the message), or null if the use ends with the call.</summary>
    private static string? EscapeTarget(IOperation reference, IMethodSymbol method)
    {
        var value = reference;
        while (value.Parent is IConversionOperation conversion)
        {
            value = conversion;
        }
        switch (value.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Value == value:
                return assignment.Target switch
                {
                    IFieldReferenceOperation field => field.Field.Name,
                    IPropertyReferenceOperation property => property.Property.Name,
                    IArrayElementReferenceOperation { ArrayReference: IFieldReferenceOperation array } => array.Field.Name,
                    IArrayElementReferenceOperation { ArrayReference: IPropertyReferenceOperation array } => array.Property.Name,
                    _ => null,
                };
            case IArgumentOperation { Parent: IInvocationOperation invocation }
                when StoringMethodPrefixes.Any(prefix => invocation.TargetMethod.Name.StartsWith(prefix, System.StringComparison.Ordinal)):
                return invocation.Instance switch
                {
                    IFieldReferenceOperation field => field.Field.Name,
                    IPropertyReferenceOperation property => property.Property.Name,
                    _ => null,
                };
        }
        // A lambda may run after the call returned (a task, a callback, an event handler).
        for (var ancestor = reference.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor is IAnonymousFunctionOperation lambda && !SymbolEqualityComparer.Default.Equals(lambda.Symbol, method))
            {
                return "a lambda";
            }
        }
        return null;
    }
}
