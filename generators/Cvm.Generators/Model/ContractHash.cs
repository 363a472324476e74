using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cvm.Generators.Contracts;

namespace Cvm.Generators.Model;

/// <summary>
/// The contract's identity. Both sides carry the hash of one canonical text; the monitor refuses to link a guest
/// whose hash differs from the host's. The text names everything that changes the bytes on the wire (service
/// name, method names and ids, parameter kinds, directions, types, struct layouts) and nothing that does not
/// (parameter names, budgets, host-only CancellationTokens, C# namespaces).
/// </summary>
internal static class ContractHash
{
    public static string CanonicalText(string serviceName, EquatableArray<MethodModel> methods, EquatableArray<StructModel> structs)
    {
        var text = new StringBuilder();
        text.Append("cvm-contract 1\n");
        text.Append("service ").Append(serviceName).Append('\n');
        foreach (var structure in structs)
        {
            text.Append("struct ").Append(structure.CName)
                .Append(" size ").Append(structure.Size.ToString(CultureInfo.InvariantCulture))
                .Append(" align ").Append(structure.Alignment.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var field in structure.Fields)
            {
                text.Append("  field ").Append(field.Offset.ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(WireName(field.Type)).Append('\n');
            }
        }
        foreach (var method in methods)
        {
            text.Append("method ").Append(method.Id.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(method.Name)
                .Append(method.Async == AsyncKind.None ? " sync" : " async")
                .Append(" -> ").Append(method.Result is null ? "void" : WireName(method.Result)).Append('\n');
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.Kind == ContractKind.CancellationToken)
                {
                    continue;
                }
                text.Append("  ").Append(parameter.Direction.ToString().ToLowerInvariant()).Append(' ')
                    .Append(WireName(parameter.Type)).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>The first 8 bytes of the SHA-256 of the canonical UTF-8 text, read little-endian.</summary>
    public static ulong Compute(string canonicalText)
    {
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(canonicalText));
        ulong value = 0;
        for (var i = 7; i >= 0; i--)
        {
            value = (value << 8) | digest[i];
        }
        return value;
    }

    /// <summary>Language-neutral name of a wire type (the C spelling, plus the container).</summary>
    public static string WireName(TypeModel type)
    {
        var element = type.Kind == ContractKind.Enum ? "enum:" + type.CName : type.CName;
        return type.Kind switch
        {
            ContractKind.ReadOnlySpan => "readonly_span<" + element + ">",
            ContractKind.Span => "span<" + element + ">",
            ContractKind.Array => "array<" + element + ">",
            ContractKind.String => "string",
            ContractKind.FileHandle => "file",
            _ => element,
        };
    }
}
