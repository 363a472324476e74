using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Cvm.Analyzers.CodeFixes;

/// <summary>CVM1002: void becomes int, Task becomes Task&lt;int&gt;, ValueTask becomes ValueTask&lt;int&gt; (0 = success).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReturnStatusCodeFix)), Shared]
public sealed class ReturnStatusCodeFix : CodeFixProvider
{
    private const string Title = "Return an int status";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.NoStatusResultId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Diagnostics[0].Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method)
        {
            return;
        }
        context.RegisterCodeFix(
            CodeAction.Create(Title, cancellationToken => ReturnStatusAsync(context.Document, method, cancellationToken), equivalenceKey: Title),
            context.Diagnostics);
    }

    private static async Task<Document> ReturnStatusAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol symbol || root is null)
        {
            return document;
        }
        var status = symbol.ReturnType switch
        {
            { SpecialType: SpecialType.System_Void } => "int",
            { Name: "Task" or "ValueTask" } task => "global::" + task.ContainingNamespace.ToDisplayString() + "." + task.Name + "<int>",
            _ => null,
        };
        return status is null
            ? document
            : document.WithSyntaxRoot(root.ReplaceNode(method.ReturnType, SyntaxEdits.ReplacementType(status, method.ReturnType)));
    }
}
