using System.Collections.Generic;
using System.Linq;
using Cvm.Generators.Contracts;
using Cvm.Generators.Model;

namespace Cvm.Generators.Emit;

/// <summary>
/// The host skeleton: a cVM calls a service implemented in C#. The runtime has checked the frame header; the
/// skeleton reads each argument through the call's views of the guest's areas (never through raw addresses),
/// copies spans into host memory first (so the guest cannot change them while the implementation reads them),
/// calls the implementation and writes out values, span contents and the result back.
/// </summary>
internal static class SkeletonEmitter
{
    public static string ClassName(ServiceModel service) => service.TypeStem + "CvmSkeleton";

    public static string Emit(ServiceModel service)
    {
        var writer = new SourceWriter();
        ContractEmitter.WriteCSharpPreamble(writer);
        ContractEmitter.OpenNamespace(writer, service);
        writer.Line("/// <summary>Serves guest calls of <see cref=\"" + service.FullyQualifiedName + "\"/> on a C# implementation given to CvmHost.Provide.</summary>");
        writer.Line(ContractEmitter.GeneratedCodeAttribute);
        writer.Open("internal static class " + ClassName(service));
        writer.Open("public static void Dispatch(" + service.FullyQualifiedName + " implementation, global::Cvm.Sdk.CvmServiceCall call)");
        writer.Open("switch (call.MethodId)");
        foreach (var method in service.Methods)
        {
            writer.Line("case " + Literals.Int(method.Id) + ":");
            writer.Line("{");
            writer.Indent();
            WriteCase(writer, method);
            writer.Line("return;");
            writer.Close();
        }
        writer.Line("default:");
        writer.Indent();
        writer.Line("throw new global::Cvm.Sdk.CvmProtocolException(\"service '\" + call.Contract.ServiceName + \"' has no method \" + call.MethodId.ToString(global::System.Globalization.CultureInfo.InvariantCulture));");
        writer.Outdent();
        writer.Close();
        writer.Close();
        writer.Close();
        ContractEmitter.CloseNamespace(writer, service);
        return writer.ToString();
    }

    private static void WriteCase(SourceWriter writer, MethodModel method)
    {
        var arguments = new List<string>();
        foreach (var parameter in method.Parameters)
        {
            var slot = Literals.Int(parameter.Slot);
            var local = "__a" + slot;
            var type = parameter.Type;
            if (parameter.Slot < 0)
            {
                arguments.Add("global::System.Threading.CancellationToken.None");
                continue;
            }
            switch (parameter.Direction, type.Kind)
            {
                case (ParameterDirection.Out, _):
                    arguments.Add("out " + type.CSharpName + " " + local);
                    continue;
                case (_, ContractKind.Span):
                    writer.Line("var __view" + slot + " = call.Span<" + type.CSharpName + ">(" + slot + ");");
                    writer.Line("var " + local + " = __view" + slot + ".ToArray();");
                    break;
                case (_, ContractKind.ReadOnlySpan):
                    writer.Line("var " + local + " = call.ReadOnlySpan<" + type.CSharpName + ">(" + slot + ").ToArray();");
                    break;
                case (_, ContractKind.Array):
                    writer.Line("var " + local + " = call.Array<" + type.CSharpName + ">(" + slot + ");");
                    break;
                case (_, ContractKind.String):
                    writer.Line("var " + local + " = call.String(" + slot + ");");
                    break;
                case (_, ContractKind.CapFile):
                    writer.Line("var " + local + " = call.CapFile(" + slot + ");");
                    break;
                case (_, ContractKind.Struct):
                    writer.Line("var " + local + " = call.Struct<" + type.CSharpName + ">(" + slot + ");");
                    break;
                default:
                    writer.Line("var " + local + " = call.Scalar<" + type.CSharpName + ">(" + slot + ");");
                    break;
            }
            arguments.Add(parameter.Modifier + local);
        }
        var invocation = "implementation." + method.Name + "(" + string.Join(", ", arguments) + ")";
        invocation = method.Async switch
        {
            AsyncKind.Task => invocation + ".GetAwaiter().GetResult()",
            AsyncKind.ValueTask => invocation + ".AsTask().GetAwaiter().GetResult()",
            _ => invocation,
        };
        writer.Line(method.Result.IsVoid ? invocation + ";" : "var __return = " + invocation + ";");
        foreach (var parameter in method.Parameters.Where(static p => p.Direction != ParameterDirection.In))
        {
            var slot = Literals.Int(parameter.Slot);
            writer.Line(parameter.Type.Kind == ContractKind.Span
                ? "__view" + slot + ".CopyFrom(__a" + slot + ");"
                : "call.SetOut<" + parameter.Type.CSharpName + ">(" + slot + ", __a" + slot + ");");
        }
        if (!method.Result.IsVoid)
        {
            writer.Line(method.Result.Kind switch
            {
                ContractKind.Struct => "call.SetReturnStruct<" + method.Result.CSharpName + ">(in __return);",
                ContractKind.String => "call.SetReturnString(__return);",
                ContractKind.Array => "call.SetReturnArray<" + method.Result.CSharpName + ">(__return);",
                _ => "call.SetReturn<" + method.Result.CSharpName + ">(__return);",
            });
        }
    }
}
