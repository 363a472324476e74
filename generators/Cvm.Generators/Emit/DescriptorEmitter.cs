using Cvm.Generators.Model;

namespace Cvm.Generators.Emit;

/// <summary>The C# contract descriptor: name, hash, canonical text, method ids and budgets, struct layouts.</summary>
internal static class DescriptorEmitter
{
    public static string Emit(ServiceModel service)
    {
        var writer = new SourceWriter();
        ContractEmitter.WriteCSharpPreamble(writer);
        ContractEmitter.OpenNamespace(writer, service);
        writer.Line("/// <summary>The cVM contract of <see cref=\"" + service.FullyQualifiedName + "\"/>: what both sides of the boundary agree on.</summary>");
        writer.Line(ContractEmitter.GeneratedCodeAttribute);
        writer.Open(ContractEmitter.Visibility(service) + " static partial class " + service.TypeStem + "CvmContract");
        writer.Line("/// <summary>The service name from the contract's attribute, used in deployments.</summary>");
        writer.Line("public const string ServiceName = " + Literals.CSharpString(service.ServiceName) + ";");
        writer.Line();
        writer.Line("/// <summary>The contract's version: the first 8 bytes of the SHA-256 of <see cref=\"CanonicalText\"/>.</summary>");
        writer.Line("public const ulong ContractHash = " + Literals.Hex(service.ContractHash) + "UL;");
        writer.Line();
        writer.Line("/// <summary>Everything that fixes the bytes on the wire, in the form the contract hash is computed over.</summary>");
        writer.Line("public const string CanonicalText = " + Literals.CSharpString(service.CanonicalText) + ";");
        foreach (var method in service.Methods)
        {
            writer.Line();
            writer.Line("/// <summary>Method id of <see cref=\"" + service.FullyQualifiedName + "." + method.Name + "\"/>.</summary>");
            writer.Line("public const int " + method.Name + "MethodId = " + Literals.Int(method.Id) + ";");
            writer.Line();
            writer.Line("/// <summary>Instructions one call of " + method.Name + " may run in the callee; 0 when the contract sets no budget.</summary>");
            writer.Line("public const long " + method.Name + "InstructionBudget = " + Literals.Int(method.InstructionBudget) + ";");
        }
        foreach (var structure in service.Structs)
        {
            writer.Line();
            writer.Line("/// <summary>Size in bytes of <see cref=\"" + structure.CSharpName + "\"/> on both sides.</summary>");
            writer.Line("public const int " + StructStem(structure) + "Size = " + Literals.Int(structure.Size) + ";");
        }
        writer.Close();
        ContractEmitter.CloseNamespace(writer, service);
        return writer.ToString();
    }

    /// <summary>The struct's simple name, for member names.</summary>
    public static string StructStem(StructModel structure)
    {
        var name = structure.CSharpName;
        var dot = name.LastIndexOf('.');
        var colon = name.LastIndexOf(':');
        return name.Substring(System.Math.Max(dot, colon) + 1);
    }
}
