using System.Text;

namespace Cvm.Generators.Model;

/// <summary>Spelling rules for generated identifiers and hint names.</summary>
internal static class Naming
{
    private static readonly System.Collections.Generic.HashSet<string> CKeywords = new()
    {
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern", "float", "for",
        "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
        "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "bool", "true", "false",
    };

    /// <summary>
    /// A C identifier from a C# name: letters, digits and underscores, never starting with a digit, never a C
    /// keyword (C# allows @int; C does not), never in the cvm__ namespace the generated code uses for its own locals.
    /// </summary>
    public static string CIdentifier(string name)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' ? c : '_');
        }
        if (builder.Length == 0 || builder[0] is >= '0' and <= '9')
        {
            builder.Insert(0, '_');
        }
        var identifier = builder.ToString();
        return CKeywords.Contains(identifier) || identifier.StartsWith("cvm__", System.StringComparison.Ordinal)
            ? identifier + "_"
            : identifier;
    }

    /// <summary>The interface name without the conventional leading I (IKeyValueStore → KeyValueStore).</summary>
    public static string TypeStem(string interfaceName) =>
        interfaceName.Length > 1 && interfaceName[0] == 'I' && char.IsUpper(interfaceName[1]) ? interfaceName.Substring(1) : interfaceName;

    /// <summary>A C# identifier escaped with @ when it is a keyword.</summary>
    public static string CSharpIdentifier(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;
}
