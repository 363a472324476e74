using System.Linq;
using Cvm.Generators.Model;

namespace Cvm.Generators.Emit;

/// <summary>
/// The C# contract descriptor: the runtime's <c>CvmContract</c> built from the same model the guest bindings
/// come from (the runtime recomputes the hash and refuses a mismatch), method ids, and the module initializer
/// that registers the proxy factory and skeleton with <c>CvmServiceRegistry</c>.
/// </summary>
internal static class DescriptorEmitter
{
    public static string ClassName(ServiceModel service) => service.TypeStem + "CvmContract";

    public static string Emit(ServiceModel service)
    {
        var writer = new SourceWriter();
        ContractEmitter.WriteCSharpPreamble(writer);
        ContractEmitter.OpenNamespace(writer, service);
        writer.Line("/// <summary>The cVM contract of <see cref=\"" + service.FullyQualifiedName + "\"/>: what both sides of the boundary agree on.</summary>");
        writer.Line(ContractEmitter.GeneratedCodeAttribute);
        writer.Open(ContractEmitter.Visibility(service) + " static partial class " + ClassName(service));
        writer.Line("/// <summary>The service name, used in deployments and in export names (SERVICE__METHOD).</summary>");
        writer.Line("public const string ServiceName = " + Literals.CSharpString(service.ServiceName) + ";");
        writer.Line();
        writer.Line("/// <summary>The contract hash (FNV-1a 64 of the canonical text); guests carry it as __cvm_contract_" + service.ServiceName + ".</summary>");
        writer.Line("public const ulong Hash = " + Literals.Hex(service.ContractHash) + "UL;");
        foreach (var method in service.Methods)
        {
            writer.Line();
            writer.Line("/// <summary>Method id of <see cref=\"" + service.FullyQualifiedName + "." + method.Name + "\"/>.</summary>");
            writer.Line("public const int " + method.Name + "MethodId = " + Literals.Int(method.Id) + ";");
        }
        foreach (var structure in service.Structs)
        {
            writer.Line();
            writer.Line("private static readonly global::Cvm.Sdk.CvmStructLayout " + StructField(structure) + " = new global::Cvm.Sdk.CvmStructLayout(");
            writer.Indent();
            writer.Line(Literals.CSharpString(structure.Name) + ", " + Literals.Int(structure.Size) + ", " + Literals.Int(structure.Alignment) + ",");
            writer.Line("new global::Cvm.Sdk.CvmFieldLayout[]");
            writer.Line("{");
            writer.Indent();
            foreach (var field in structure.Fields)
            {
                writer.Line("new global::Cvm.Sdk.CvmFieldLayout(" + Literals.CSharpString(field.Name) + ", " + Kind(field.WireKind) + ", "
                    + Literals.Int(field.Offset) + ", " + Literals.Int(field.Size) + "),");
            }
            writer.Outdent();
            writer.Line("});");
            writer.Outdent();
        }
        writer.Line();
        writer.Line("/// <summary>The descriptor the runtime uses to build and check frames of this contract.</summary>");
        writer.Line("public static global::Cvm.Sdk.CvmContract Contract { get; } = new global::Cvm.Sdk.CvmContract(");
        writer.Indent();
        writer.Line("ServiceName,");
        writer.Line(Literals.CSharpString(service.FullyQualifiedName.Replace("global::", "")) + ",");
        writer.Line("Hash,");
        writer.Line("new global::Cvm.Sdk.CvmMethodDescriptor[]");
        writer.Line("{");
        writer.Indent();
        foreach (var method in service.Methods)
        {
            WriteMethod(writer, method);
        }
        writer.Outdent();
        writer.Line("});");
        writer.Outdent();
        writer.Line();
        writer.Line("/// <summary>Registers the generated proxy and skeleton, so that CvmHost can serve and call this contract.</summary>");
        writer.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.Open("internal static void Register()");
        writer.Line("global::Cvm.Sdk.CvmServiceRegistry.Register(new global::Cvm.Sdk.CvmServiceRegistration<" + service.FullyQualifiedName + ">(");
        writer.Indent();
        writer.Line("Contract,");
        writer.Line("static client => new " + ProxyEmitter.ClassName(service) + "(client),");
        writer.Line(SkeletonEmitter.ClassName(service) + ".Dispatch));");
        writer.Outdent();
        writer.Close();
        writer.Close();
        ContractEmitter.CloseNamespace(writer, service);
        return writer.ToString();
    }

    private static void WriteMethod(SourceWriter writer, MethodModel method)
    {
        writer.Line("new global::Cvm.Sdk.CvmMethodDescriptor(");
        writer.Indent();
        writer.Line(Literals.Int(method.Id) + ",");
        writer.Line(Literals.CSharpString(method.Name) + ",");
        var wire = method.Parameters.Where(static p => p.Slot >= 0).ToList();
        if (wire.Count == 0)
        {
            writer.Line("global::System.Array.Empty<global::Cvm.Sdk.CvmParameterDescriptor>(),");
        }
        else
        {
            writer.Line("new global::Cvm.Sdk.CvmParameterDescriptor[]");
            writer.Line("{");
            writer.Indent();
            foreach (var parameter in wire)
            {
                writer.Line(Parameter(parameter.Name, parameter.Type, parameter.Direction) + ",");
            }
            writer.Outdent();
            writer.Line("},");
        }
        writer.Line(Parameter("return", method.Result, ParameterDirection.In) + ",");
        writer.Line((method.InstructionBudget is { } budget ? Literals.Int((long)budget) + "UL" : "null") + ",");
        writer.Line((method.Async == AsyncKind.None ? "false" : "true") + "),");
        writer.Outdent();
    }

    private static string Parameter(string name, TypeModel type, ParameterDirection direction) =>
        "new global::Cvm.Sdk.CvmParameterDescriptor(" + Literals.CSharpString(name) + ", " + Kind(type.WireKind) + ", "
        + "global::Cvm.Sdk.CvmDirection." + direction + ", " + Kind(type.ElementWireKind) + ", " + Literals.Int(type.Size)
        + (type.Struct is { } layout ? ", " + StructField(layout) : "") + ")";

    private static string Kind(string wireKind) => "global::Cvm.Sdk.CvmTypeKind." + wireKind;

    private static string StructField(StructModel structure) => "Layout" + structure.Name;
}
