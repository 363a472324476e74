using System.Linq;
using Cvm.Generators.Contracts;
using Cvm.Generators.Model;

namespace Cvm.Generators.Emit;

/// <summary>
/// The host proxy: C# calls a service implemented in a cVM. Each method marshals into a frame, invokes the
/// callee through the runtime, and unmarshals through <c>CvmCallResult</c>, which checks everything the guest
/// wrote (lengths, offsets, bool and enum values, UTF-8) before it is used.
/// </summary>
internal static class ProxyEmitter
{
    public static string ClassName(ServiceModel service) => service.TypeStem + "CvmProxy";

    public static string Emit(ServiceModel service)
    {
        var writer = new SourceWriter();
        ContractEmitter.WriteCSharpPreamble(writer);
        ContractEmitter.OpenNamespace(writer, service);
        writer.Line("/// <summary>Calls <see cref=\"" + service.FullyQualifiedName + "\"/> implemented in a cVM; obtained from CvmHost.GetService.</summary>");
        writer.Line(ContractEmitter.GeneratedCodeAttribute);
        writer.Open("internal sealed class " + ClassName(service) + " : " + service.FullyQualifiedName);
        writer.Line("private readonly global::Cvm.Sdk.CvmServiceClient client;");
        writer.Line();
        writer.Line("public " + ClassName(service) + "(global::Cvm.Sdk.CvmServiceClient client) => this.client = client;");
        foreach (var method in service.Methods)
        {
            writer.Line();
            WriteMethod(writer, method);
        }
        writer.Close();
        ContractEmitter.CloseNamespace(writer, service);
        return writer.ToString();
    }

    private static void WriteMethod(SourceWriter writer, MethodModel method)
    {
        var parameters = string.Join(", ", method.Parameters.Select(static p =>
            p.Modifier + p.DeclaredTypeName + " " + Naming.CSharpIdentifier(p.Name) + (p.HasDefaultValue ? " = default" : "")));
        writer.Open("public " + method.ReturnTypeName + " " + method.Name + "(" + parameters + ")");
        writer.Line("var __frame = this.client.BeginCall(" + Literals.Int(method.Id) + ");");
        foreach (var parameter in method.Parameters.Where(static p => p.Slot >= 0))
        {
            writer.Line(Marshal(parameter));
        }
        if (method.Async == AsyncKind.None)
        {
            var needsResult = !method.Result.IsVoid || method.Parameters.Any(static p => p.Direction != ParameterDirection.In);
            writer.Line((needsResult ? "var __result = " : "") + "this.client.Invoke(__frame);");
            foreach (var parameter in method.Parameters.Where(static p => p.Direction != ParameterDirection.In))
            {
                writer.Line(Unmarshal(parameter));
            }
            if (!method.Result.IsVoid)
            {
                writer.Line("return " + ReturnValue(method.Result) + ";");
            }
        }
        else
        {
            var token = method.Parameters.FirstOrDefault(static p => p.Slot < 0);
            var taskType = method.Async == AsyncKind.Task ? "global::System.Threading.Tasks.Task" : "global::System.Threading.Tasks.ValueTask";
            var resultType = method.Result.IsVoid ? taskType : taskType + "<" + ResultTypeName(method) + ">";
            writer.Line("return Complete(this.client.InvokeAsync(__frame" + (token is null ? "" : ", " + Naming.CSharpIdentifier(token.Name)) + "));");
            writer.Line();
            writer.Open("static async " + resultType + " Complete(global::System.Threading.Tasks.ValueTask<global::Cvm.Sdk.CvmCallResult> call)");
            if (method.Result.IsVoid)
            {
                writer.Line("await call.ConfigureAwait(false);");
            }
            else
            {
                writer.Line("var __result = await call.ConfigureAwait(false);");
                writer.Line("return " + ReturnValue(method.Result) + ";");
            }
            writer.Close();
        }
        writer.Close();
    }

    /// <summary>The T of Task&lt;T&gt;/ValueTask&lt;T&gt; as declared (its type argument).</summary>
    private static string ResultTypeName(MethodModel method)
    {
        var declared = method.ReturnTypeName;
        var open = declared.IndexOf('<');
        return declared.Substring(open + 1, declared.Length - open - 2);
    }

    private static string Marshal(ParameterModel parameter)
    {
        var slot = Literals.Int(parameter.Slot);
        var name = Naming.CSharpIdentifier(parameter.Name);
        var type = parameter.Type;
        if (parameter.Direction == ParameterDirection.Out)
        {
            return "__frame.OutScalar(" + slot + ");";
        }
        return type.Kind switch
        {
            ContractKind.Struct => "__frame.Struct(" + slot + ", in " + name + ");",
            ContractKind.ReadOnlySpan or ContractKind.Array => "__frame.ReadOnlySpan<" + type.CSharpName + ">(" + slot + ", " + name + ");",
            ContractKind.Span => "__frame.Span<" + type.CSharpName + ">(" + slot + ", " + name + ");",
            ContractKind.String => "__frame.String(" + slot + ", " + name + ");",
            ContractKind.CapFile => "__frame.CapFile(" + slot + ", " + name + ");",
            _ => "__frame.Scalar<" + type.CSharpName + ">(" + slot + ", " + name + ");",
        };
    }

    private static string Unmarshal(ParameterModel parameter)
    {
        var slot = Literals.Int(parameter.Slot);
        var name = Naming.CSharpIdentifier(parameter.Name);
        return parameter.Type.Kind == ContractKind.Span
            ? "__result.CopySpan<" + parameter.Type.CSharpName + ">(" + slot + ", " + name + ");"
            : name + " = __result.Out<" + parameter.Type.CSharpName + ">(" + slot + ");";
    }

    private static string ReturnValue(TypeModel type) => type.Kind switch
    {
        ContractKind.Struct => "__result.ReturnStruct<" + type.CSharpName + ">()",
        ContractKind.String => "__result.ReturnString()",
        ContractKind.Array => "__result.ReturnArray<" + type.CSharpName + ">()",
        _ => "__result.Return<" + type.CSharpName + ">()",
    };
}
