using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Cvm.Analyzers.CodeFixes;

/// <summary>
/// CVM0009/CVM0010: replaces an unsupported type by the supported type the analyzer found for it (collections and
/// memory by spans or arrays, native-sized integers by 64-bit ones), or passes a span by value instead of by reference.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSupportedTypeCodeFix)), Shared]
public sealed class UseSupportedTypeCodeFix : CodeFixProvider
{
    private const string PassByValueTitle = "Pass by value";

    /// <summary>One key for every counterpart, so that fix-all replaces all unsupported types at once.</summary>
    private const string CounterpartKey = "Use the supported counterpart";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnsupportedParameterId, DiagnosticDescriptors.UnsupportedReturnId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(ContractAnalyzer.CounterpartProperty, out var counterpart) && counterpart is not null
                && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is TypeSyntax type)
            {
                var title = "Use " + counterpart.Replace("global::", "");
                context.RegisterCodeFix(CodeAction.Create(title,
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(type, SyntaxEdits.ReplacementType(counterpart, type)))),
                    equivalenceKey: CounterpartKey), diagnostic);
            }
            else if (diagnostic.Properties.ContainsKey(ContractAnalyzer.PassByValueProperty))
            {
                var modifier = root.FindToken(diagnostic.Location.SourceSpan.Start);
                if (modifier.Parent is ParameterSyntax parameter && IsRefKind(modifier))
                {
                    var byValue = parameter.WithModifiers(parameter.Modifiers.Remove(modifier)).WithLeadingTrivia(parameter.GetLeadingTrivia());
                    context.RegisterCodeFix(CodeAction.Create(PassByValueTitle,
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(parameter, byValue))),
                        equivalenceKey: PassByValueTitle), diagnostic);
                }
            }
        }
    }

    private static bool IsRefKind(SyntaxToken token) =>
        token.IsKind(SyntaxKind.RefKeyword) || token.IsKind(SyntaxKind.OutKeyword) || token.IsKind(SyntaxKind.InKeyword);
}
