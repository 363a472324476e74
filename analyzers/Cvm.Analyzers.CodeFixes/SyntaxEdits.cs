using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Cvm.Analyzers.CodeFixes;

/// <summary>Syntax helpers shared by the code fixes.</summary>
internal static class SyntaxEdits
{
    /// <summary>
    /// Puts <paramref name="attribute"/> (written fully qualified, then simplified) on its own line above
    /// <paramref name="member"/>: the member's comments move above the new attribute, its indentation is repeated.
    /// </summary>
    public static TMember AddAttributeLine<TMember>(TMember member, string attribute) where TMember : MemberDeclarationSyntax
    {
        var leading = member.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia) ? leading.Last() : default;
        var list = ParseAttributeList(attribute)
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(SyntaxFactory.EndOfLine(EndOfLine(member)));
        var stripped = member.WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation));
        return (TMember)stripped.WithAttributeLists(stripped.AttributeLists.Insert(0, list));
    }

    /// <summary>An attribute list parsed from C# text, marked for simplification of its qualified names.</summary>
    public static AttributeListSyntax ParseAttributeList(string attribute)
    {
        var holder = (MemberDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration("[" + attribute + "] void M();")!;
        return holder.AttributeLists[0].WithoutTrivia().WithAdditionalAnnotations(Simplifier.Annotation);
    }

    /// <summary>A type parsed from fully qualified text, keeping the trivia of the type it replaces.</summary>
    public static TypeSyntax ReplacementType(string text, SyntaxNode replaced) =>
        SyntaxFactory.ParseTypeName(text).WithTriviaFrom(replaced).WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>The line ending the file already uses (LF if it has none).</summary>
    private static string EndOfLine(SyntaxNode node)
    {
        var existing = node.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(static t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return existing.IsKind(SyntaxKind.EndOfLineTrivia) ? existing.ToString() : "\n";
    }
}
