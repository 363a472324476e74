using System.Globalization;
using System.Text;
using Cvm.Generators.Contracts;

namespace Cvm.Generators.Model;

/// <summary>
/// The contract's identity (docs/contracts-abi.md, "Contract hash"): FNV-1a 64 over the canonical text, which
/// names everything that fixes the bytes of a frame (service, method ids and names, parameter kinds, directions,
/// sizes, struct layouts, budgets, async, return capacity) and nothing else (parameter names, C# namespaces,
/// host-only CancellationTokens). The runtime recomputes it from the emitted descriptors and refuses a mismatch.
/// </summary>
internal static class ContractHash
{
    public static string CanonicalText(string serviceName, EquatableArray<MethodModel> methods)
    {
        var text = new StringBuilder();
        text.Append("service ").Append(serviceName).Append('\n');
        foreach (var method in methods)
        {
            text.Append("method ").Append(Int(method.Id)).Append(' ').Append(method.Name).Append(" (");
            var first = true;
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Slot < 0)
                {
                    continue;
                }
                text.Append(first ? "" : ", ").Append(Parameter(parameter.Direction, parameter.Type));
                first = false;
            }
            text.Append(") -> ").Append(Parameter(ParameterDirection.In, method.Result))
                .Append(" budget ").Append(method.InstructionBudget is { } budget ? budget.ToString(CultureInfo.InvariantCulture) : "-")
                .Append(" async ").Append(method.Async == AsyncKind.None ? '0' : '1')
                .Append(" capacity ").Append(Int(MethodModel.ReturnCapacity)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary><c>DIR KIND[&lt;ELEMENTKIND&gt;]:SIZE[{STRUCT}]</c>.</summary>
    private static string Parameter(ParameterDirection direction, TypeModel type)
    {
        var text = new StringBuilder();
        text.Append(direction.ToString().ToLowerInvariant()).Append(' ').Append(type.WireKind.ToLowerInvariant());
        if (type.ElementWireKind != "Void")
        {
            text.Append('<').Append(type.ElementWireKind.ToLowerInvariant()).Append('>');
        }
        text.Append(':').Append(Int(type.Size));
        if (type.Struct is { } layout)
        {
            text.Append('{').Append(layout.Name).Append(' ').Append(Int(layout.Size)).Append(' ').Append(Int(layout.Alignment));
            foreach (var field in layout.Fields)
            {
                text.Append(' ').Append(field.Name).Append('@').Append(Int(field.Offset)).Append(':')
                    .Append(field.WireKind.ToLowerInvariant()).Append(':').Append(Int(field.Size));
            }
            text.Append('}');
        }
        return text.ToString();
    }

    /// <summary>FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3) of the UTF-8 text.</summary>
    public static ulong Compute(string canonicalText)
    {
        var hash = 0xcbf29ce484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(canonicalText))
        {
            hash = unchecked((hash ^ b) * 0x100000001b3UL);
        }
        return hash;
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
