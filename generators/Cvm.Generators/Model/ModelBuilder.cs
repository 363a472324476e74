using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Cvm.Generators.Contracts;
using Microsoft.CodeAnalysis;

namespace Cvm.Generators.Model;

/// <summary>
/// Turns a [CvmService] interface symbol into a <see cref="ServiceModel"/>, or null when any member has a shape
/// the contract rules refuse (the analyzers report those; the generator stays silent).
/// </summary>
internal static class ModelBuilder
{
    private static readonly SymbolDisplayFormat FullyQualified =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static ServiceModel? Build(INamedTypeSymbol service, AttributeData attribute, CancellationToken cancellationToken)
    {
        if (service.TypeKind != TypeKind.Interface || service.IsGenericType || service.ContainingType is not null)
        {
            return null;
        }
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string { Length: > 0 } serviceName)
        {
            return null;
        }
        var structs = new List<StructModel>();
        var methods = new List<MethodModel>();
        foreach (var member in service.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method:
                    var model = BuildMethod(method, methods.Count + 1, structs);
                    if (model is null)
                    {
                        return null;
                    }
                    methods.Add(model);
                    break;
                case IMethodSymbol:
                    break;
                default:
                    // Properties and events have no wire form.
                    return null;
            }
        }
        if (methods.Count == 0 || service.AllInterfaces.Length != 0)
        {
            return null;
        }
        var ns = service.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : "";
        var equatableMethods = methods.ToEquatableArray();
        var equatableStructs = structs.ToEquatableArray();
        var canonical = ContractHash.CanonicalText(serviceName, equatableMethods, equatableStructs);
        return new ServiceModel(
            ns,
            service.Name,
            service.ToDisplayString(FullyQualified),
            service.DeclaredAccessibility == Accessibility.Public && IsPubliclyVisible(service.ContainingType),
            serviceName,
            Naming.TypeStem(service.Name),
            equatableMethods,
            equatableStructs,
            canonical,
            ContractHash.Compute(canonical));
    }

    private static bool IsPubliclyVisible(INamedTypeSymbol? type) =>
        type is null || (type.DeclaredAccessibility == Accessibility.Public && IsPubliclyVisible(type.ContainingType));

    private static MethodModel? BuildMethod(IMethodSymbol method, int id, List<StructModel> structs)
    {
        if (method.IsGenericMethod || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return null;
        }
        var resultShape = ContractRules.ClassifyResult(method.ReturnType, out var isAsync);
        if (resultShape is { IsSupported: false })
        {
            return null;
        }
        TypeModel? result = null;
        if (resultShape is not null)
        {
            var resultType = isAsync ? ((INamedTypeSymbol)method.ReturnType).TypeArguments[0] : method.ReturnType;
            result = BuildType(resultShape, resultType, structs);
        }
        var parameters = new List<ParameterModel>();
        foreach (var parameter in method.Parameters)
        {
            var shape = ContractRules.ClassifyParameter(parameter);
            if (!shape.IsSupported)
            {
                return null;
            }
            // A by-value struct or value out of an async method cannot be written back after the await.
            if (isAsync && parameter.RefKind is RefKind.Out or RefKind.Ref)
            {
                return null;
            }
            if (shape.Kind == ContractKind.CancellationToken && !isAsync)
            {
                return null;
            }
            var direction = parameter.RefKind switch
            {
                RefKind.Out => ParameterDirection.Out,
                RefKind.Ref => ParameterDirection.Ref,
                _ => ParameterDirection.In,
            };
            parameters.Add(new ParameterModel(parameter.Name, BuildType(shape, parameter.Type, structs), direction,
                parameter.HasExplicitDefaultValue ? "default" : null));
        }
        var asyncKind = !isAsync ? AsyncKind.None
            : method.ReturnType.Name == "ValueTask" ? AsyncKind.ValueTask : AsyncKind.Task;
        return new MethodModel(method.Name, id, result, method.ReturnType.ToDisplayString(FullyQualified), asyncKind,
            parameters.ToEquatableArray(), InstructionBudget(method));
    }

    private static long InstructionBudget(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is null || !ContractRules.IsNamed(attribute.AttributeClass, ContractRules.BudgetAttributeMetadataName))
            {
                continue;
            }
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Instructions" && named.Value.Value is long or int or uint or ulong)
                {
                    return System.Convert.ToInt64(named.Value.Value, CultureInfo.InvariantCulture);
                }
            }
        }
        return 0;
    }

    /// <summary>The model of a type the rules accepted; spans and arrays describe their element.</summary>
    private static TypeModel BuildType(ContractShape shape, ITypeSymbol type, List<StructModel> structs)
    {
        var valueType = shape.Kind switch
        {
            ContractKind.Span or ContractKind.ReadOnlySpan => ((INamedTypeSymbol)type).TypeArguments[0],
            ContractKind.Array => ((IArrayTypeSymbol)type).ElementType,
            _ => type,
        };
        return BuildValueType(shape, valueType, structs);
    }

    private static TypeModel BuildValueType(ContractShape shape, ITypeSymbol type, List<StructModel> structs)
    {
        var csharp = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(FullyQualified);
        switch (shape.Kind)
        {
            case ContractKind.String:
                return new TypeModel(ContractKind.String, "string", "char", 1, 1, false, EquatableArray<string>.Empty, false);
            case ContractKind.FileHandle:
            case ContractKind.CancellationToken:
                return new TypeModel(shape.Kind, csharp, "int64_t", 8, 8, true, EquatableArray<string>.Empty, false);
            case ContractKind.Span:
            case ContractKind.ReadOnlySpan:
            case ContractKind.Array:
                var element = BuildValueType(ContractRules.ClassifyValue(type), type, structs);
                return element with { Kind = shape.Kind };
            case ContractKind.Enum:
                var enumType = (INamedTypeSymbol)type;
                var values = enumType.GetMembers().OfType<IFieldSymbol>()
                    .Where(static f => f.HasConstantValue)
                    .Select(static f => System.Convert.ToString(f.ConstantValue, CultureInfo.InvariantCulture) ?? "0")
                    .Distinct()
                    .ToEquatableArray();
                var isFlags = enumType.GetAttributes().Any(static a => a.AttributeClass is { } c && ContractRules.IsNamed(c, "System.FlagsAttribute"));
                return new TypeModel(ContractKind.Enum, csharp, ScalarCName(ContractKind.Integer, shape.Size, shape.IsSigned),
                    shape.Size, shape.Alignment, shape.IsSigned, values, isFlags);
            case ContractKind.Struct:
                var model = AddStruct((INamedTypeSymbol)type, structs);
                return new TypeModel(ContractKind.Struct, csharp, model.CName, model.Size, model.Alignment, false, EquatableArray<string>.Empty, false);
            default:
                return new TypeModel(shape.Kind, csharp, ScalarCName(shape.Kind, shape.Size, shape.IsSigned), shape.Size, shape.Alignment,
                    shape.IsSigned, EquatableArray<string>.Empty, false);
        }
    }

    private static StructModel AddStruct(INamedTypeSymbol structure, List<StructModel> structs)
    {
        var csharp = structure.ToDisplayString(FullyQualified);
        var existing = structs.FirstOrDefault(s => s.CSharpName == csharp);
        if (existing is not null)
        {
            return existing;
        }
        var fields = new List<FieldModel>();
        var offset = 0;
        foreach (var field in ContractRules.StructFields(structure))
        {
            var shape = ContractRules.ClassifyValue(field.Type);
            var type = BuildValueType(shape, field.Type, structs);
            offset = ContractRules.Align(offset, type.Alignment);
            fields.Add(new FieldModel(field.Name, type, offset));
            offset += type.Size;
        }
        var whole = ContractRules.ClassifyValue(structure);
        var model = new StructModel(csharp, "cvm_" + Naming.CIdentifier(structure.Name), whole.Size, whole.Alignment, fields.ToEquatableArray());
        structs.Add(model);
        return model;
    }

    private static string ScalarCName(ContractKind kind, int size, bool signed) => kind switch
    {
        ContractKind.Bool => "bool",
        ContractKind.Floating => size == 4 ? "float" : "double",
        _ => (signed ? "int" : "uint") + (size * 8).ToString(CultureInfo.InvariantCulture) + "_t",
    };
}
