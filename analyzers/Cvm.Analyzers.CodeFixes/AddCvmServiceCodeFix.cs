using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Cvm.Analyzers.CodeFixes;

/// <summary>
/// CVM0016: marks the interface passed to CvmHost.GetService/Provide as a contract, with a service name derived
/// from its name (IKeyValueStore → key_value_store). Offered only for interfaces declared in source.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCvmServiceCodeFix)), Shared]
public sealed class AddCvmServiceCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotAContractId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var invocation = root?.FindNode(context.Diagnostics[0].Location.SourceSpan).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation is null || model?.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol { TypeArguments.Length: 1 } method
            || method.TypeArguments[0] is not INamedTypeSymbol { TypeKind: TypeKind.Interface } contract)
        {
            return;
        }
        var reference = contract.DeclaringSyntaxReferences.FirstOrDefault();
        var document = reference is null ? null : context.Document.Project.Solution.GetDocument(reference.SyntaxTree);
        if (reference is null || document is null)
        {
            return;
        }
        var name = ServiceName(contract.Name);
        var title = $"Mark '{contract.Name}' as contract '{name}'";
        context.RegisterCodeFix(
            CodeAction.Create(title, cancellationToken => MarkAsync(document, reference, name, cancellationToken), equivalenceKey: title),
            context.Diagnostics);
    }

    private static async Task<Solution> MarkAsync(Document document, SyntaxReference reference, string name, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not InterfaceDeclarationSyntax declaration)
        {
            return document.Project.Solution;
        }
        var marked = SyntaxEdits.AddAttributeLine(declaration, "global::Cvm.Sdk.CvmService(\"" + name + "\")");
        return document.WithSyntaxRoot(root.ReplaceNode(declaration, marked)).Project.Solution;
    }

    /// <summary>
    /// The snake_case service name for an interface name, without the conventional I prefix, kept within the service
    /// name rule (starts with a letter, at most 32 characters of [a-z0-9_]).
    /// </summary>
    internal static string ServiceName(string interfaceName)
    {
        var stem = interfaceName.Length > 1 && interfaceName[0] == 'I' && char.IsUpper(interfaceName[1]) ? interfaceName.Substring(1) : interfaceName;
        var name = new StringBuilder();
        foreach (var c in stem)
        {
            if (char.IsUpper(c) && name.Length > 0 && name[name.Length - 1] != '_')
            {
                name.Append('_');
            }
            var lower = char.ToLowerInvariant(c);
            name.Append(lower is >= 'a' and <= 'z' or >= '0' and <= '9' ? lower : '_');
        }
        if (name.Length == 0 || name[0] is < 'a' or > 'z')
        {
            name.Insert(0, "service_");
        }
        return name.Length > 32 ? name.ToString(0, 32) : name.ToString();
    }
}
