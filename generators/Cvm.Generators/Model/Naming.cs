using System.Text;

namespace Cvm.Generators.Model;

/// <summary>Spelling rules for generated identifiers and hint names.</summary>
internal static class Naming
{
    /// <summary>A C identifier from a service name: letters, digits and underscores, never starting with a digit.</summary>
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
        return builder.ToString();
    }

    /// <summary>The interface name without the conventional leading I (IKeyValueStore → KeyValueStore).</summary>
    public static string TypeStem(string interfaceName) =>
        interfaceName.Length > 1 && interfaceName[0] == 'I' && char.IsUpper(interfaceName[1]) ? interfaceName.Substring(1) : interfaceName;

    /// <summary>A C# identifier escaped with @ when it is a keyword.</summary>
    public static string CSharpIdentifier(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    /// <summary>snake_case for C function names from C# method names (CountAsync → count_async).</summary>
    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return CIdentifier(builder.ToString());
    }
}
