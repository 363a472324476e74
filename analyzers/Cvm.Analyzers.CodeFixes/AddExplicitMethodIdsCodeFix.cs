using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Cvm.Analyzers.CodeFixes;

/// <summary>
/// CVM1001: writes out the ids methods have today ([CvmMethod(Id = n)] in declaration order, skipping ids taken
/// explicitly), so the contract and its hash stay the same and later reordering no longer renumbers anything.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddExplicitMethodIdsCodeFix)), Shared]
public sealed class AddExplicitMethodIdsCodeFix : CodeFixProvider
{
    private const string Title = "Give contract methods their current ids explicitly";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ImplicitMethodIdsId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Diagnostics[0].Location.SourceSpan).FirstAncestorOrSelf<InterfaceDeclarationSyntax>() is not { } contract)
        {
            return;
        }
        context.RegisterCodeFix(
            CodeAction.Create(Title, cancellationToken => AddIdsAsync(context.Document, contract, cancellationToken), equivalenceKey: Title),
            context.Diagnostics);
    }

    private static async Task<Document> AddIdsAsync(Document document, InterfaceDeclarationSyntax contract, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var methodAttribute = model?.Compilation.GetTypeByMetadataName(Cvm.Generators.Contracts.ContractRules.MethodAttributeMetadataName);
        if (model is null || root is null || methodAttribute is null)
        {
            return document;
        }
        var methods = contract.Members.OfType<MethodDeclarationSyntax>()
            .Select(syntax => (Syntax: syntax, Symbol: model.GetDeclaredSymbol(syntax, cancellationToken)))
            .Where(static m => m.Symbol is { IsStatic: false })
            .ToList();
        var taken = new HashSet<long>(methods
            .Select(m => ContractAnalyzer.FindAttribute(m.Symbol!, methodAttribute) is { } a ? ContractAnalyzer.ExplicitId(a) : null)
            .Where(static id => id is not null)
            .Select(static id => id!.Value));
        var next = 1L;
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var (syntax, symbol) in methods)
        {
            var existing = ContractAnalyzer.FindAttribute(symbol!, methodAttribute);
            if (existing is not null && ContractAnalyzer.ExplicitId(existing) is not null)
            {
                continue;
            }
            while (taken.Contains(next))
            {
                next++;
            }
            var id = next++;
            var attribute = "global::Cvm.Sdk.CvmMethod(Id = " + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
            if (existing?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax written)
            {
                // [CvmMethod] without an Id: complete it rather than add a second one (the attribute is not repeatable).
                var completed = SyntaxEdits.ParseAttributeList(attribute).Attributes[0].WithTriviaFrom(written)
                    .WithAdditionalAnnotations(Simplifier.Annotation);
                replacements.Add(syntax, syntax.ReplaceNode(written, completed));
            }
            else
            {
                replacements.Add(syntax, SyntaxEdits.AddAttributeLine(syntax, attribute));
            }
        }
        return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }
}
