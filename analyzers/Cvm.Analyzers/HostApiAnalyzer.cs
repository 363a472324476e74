using System.Collections.Immutable;
using Cvm.Generators.Contracts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Cvm.Analyzers;

/// <summary>
/// Reports CvmHost.GetService&lt;T&gt; and CvmHost.Provide&lt;T&gt; calls whose T is not a [CvmService] interface:
/// those calls always throw at run time, because only contracts have a generated proxy and skeleton.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HostApiAnalyzer : DiagnosticAnalyzer
{
    internal const string HostMetadataName = "Cvm.Sdk.CvmHost";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotAContract);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var host = start.Compilation.GetTypeByMetadataName(HostMetadataName);
            var service = start.Compilation.GetTypeByMetadataName(ContractRules.ServiceAttributeMetadataName);
            if (host is null || service is null)
            {
                return;
            }
            start.RegisterOperationAction(operation => AnalyzeInvocation(operation, host, service), OperationKind.Invocation);
        });
    }

    /// <summary>Whether <paramref name="method"/> is one of the host API calls that need a contract type argument.</summary>
    internal static bool IsContractCall(IMethodSymbol method, INamedTypeSymbol host) =>
        method.IsGenericMethod && method.TypeArguments.Length == 1
        && method.Name is "GetService" or "Provide"
        && SymbolEqualityComparer.Default.Equals(method.ContainingType, host);

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol host, INamedTypeSymbol service)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!IsContractCall(method, host))
        {
            return;
        }
        var type = method.TypeArguments[0];
        // A type parameter is checked where the generic caller is instantiated, which this rule cannot see.
        if (type.TypeKind == TypeKind.TypeParameter || type.TypeKind == TypeKind.Error)
        {
            return;
        }
        if (type.TypeKind == TypeKind.Interface && ContractAnalyzer.FindAttribute(type, service) is not null)
        {
            return;
        }
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotAContract, TypeArgumentLocation(invocation), type.ToDisplayString(), method.Name));
    }

    /// <summary>The written type argument, or the method name when the compiler inferred it.</summary>
    private static Location TypeArgumentLocation(IInvocationOperation invocation)
    {
        var expression = (invocation.Syntax as InvocationExpressionSyntax)?.Expression;
        var name = expression switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        return name switch
        {
            GenericNameSyntax generic => generic.TypeArgumentList.Arguments[0].GetLocation(),
            not null => name.GetLocation(),
            _ => invocation.Syntax.GetLocation(),
        };
    }
}
