using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Cvm.Generators.Contracts;
using Microsoft.CodeAnalysis;

namespace Cvm.Generators.Model;

/// <summary>
/// Turns a [CvmService] interface symbol into a <see cref="ServiceModel"/>, or null when anything about it is a
/// shape the contract rules refuse (the analyzers report those; the generator stays silent).
/// </summary>
internal static class ModelBuilder
{
    private static readonly SymbolDisplayFormat FullyQualified =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static ServiceModel? Build(INamedTypeSymbol service, AttributeData attribute, CancellationToken cancellationToken)
    {
        if (service.TypeKind != TypeKind.Interface || service.IsGenericType || service.ContainingType is not null || service.AllInterfaces.Length != 0)
        {
            return null;
        }
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string serviceName
            || !ContractRules.IsValidServiceName(serviceName))
        {
            return null;
        }
        var declared = new List<IMethodSymbol>();
        foreach (var member in service.GetMembers())
        {
            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsAbstract: true } method:
                    declared.Add(method);
                    break;
                case IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove }:
                    break;
                default:
                    // Properties, events, static and default-implemented members have no wire form.
                    return null;
            }
        }
        var ids = AssignIds(declared);
        if (declared.Count == 0 || ids is null || !ContractRules.HasUniqueMethodNames(declared))
        {
            return null;
        }
        if (!TryBudget(service, out var interfaceBudget))
        {
            return null;
        }
        var structs = new List<StructModel>();
        var methods = new List<MethodModel>();
        for (var i = 0; i < declared.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = TryBudget(declared[i], out var methodBudget)
                ? BuildMethod(declared[i], ids[i], methodBudget ?? interfaceBudget, structs)
                : null;
            if (model is null)
            {
                return null;
            }
            methods.Add(model);
        }
        var ns = service.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : "";
        var equatableMethods = methods.OrderBy(static m => m.Id).ToEquatableArray();
        var canonical = ContractHash.CanonicalText(serviceName, equatableMethods);
        return new ServiceModel(
            ns,
            service.Name,
            service.ToDisplayString(FullyQualified),
            service.DeclaredAccessibility == Accessibility.Public,
            serviceName,
            Naming.TypeStem(service.Name),
            equatableMethods,
            structs.ToEquatableArray(),
            canonical,
            ContractHash.Compute(canonical));
    }

    /// <summary>Explicit [CvmMethod(Id = n)] ids, then declaration order from 1 skipping taken ids; null when they clash.</summary>
    private static int[]? AssignIds(List<IMethodSymbol> methods)
    {
        var ids = new int[methods.Count];
        var taken = new HashSet<int>();
        for (var i = 0; i < methods.Count; i++)
        {
            var explicitId = NamedArgument(methods[i], ContractRules.MethodAttributeMetadataName, "Id");
            if (explicitId is null)
            {
                continue;
            }
            if (explicitId is < 1 or > ContractRules.MaxMethodId || !taken.Add((int)explicitId.Value))
            {
                return null;
            }
            ids[i] = (int)explicitId.Value;
        }
        var next = 1;
        for (var i = 0; i < methods.Count; i++)
        {
            if (ids[i] != 0)
            {
                continue;
            }
            while (taken.Contains(next))
            {
                next++;
            }
            if (next > ContractRules.MaxMethodId)
            {
                return null;
            }
            ids[i] = next;
            taken.Add(next);
        }
        return ids;
    }

    /// <summary>
    /// The symbol's [CvmBudget] instruction count (null without the attribute); false for an attribute without a
    /// positive count, which the analyzers report and the generator does not guess at.
    /// </summary>
    private static bool TryBudget(ISymbol symbol, out ulong? budget)
    {
        budget = null;
        if (!symbol.GetAttributes().Any(static a => a.AttributeClass is { } c && ContractRules.IsNamed(c, ContractRules.BudgetAttributeMetadataName)))
        {
            return true;
        }
        var value = NamedArgument(symbol, ContractRules.BudgetAttributeMetadataName, "Instructions");
        if (value is not > 0)
        {
            return false;
        }
        budget = (ulong)value.Value;
        return true;
    }

    /// <summary>An integer named argument of the symbol's attribute, or null when the attribute or argument is absent.</summary>
    private static long? NamedArgument(ISymbol symbol, string attributeMetadataName, string argument)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is null || !ContractRules.IsNamed(attribute.AttributeClass, attributeMetadataName))
            {
                continue;
            }
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == argument && named.Value.Value is int or long or uint or ulong)
                {
                    var number = System.Convert.ToDecimal(named.Value.Value, CultureInfo.InvariantCulture);
                    return number > long.MaxValue ? long.MaxValue : (long)number;
                }
            }
        }
        return null;
    }

    private static MethodModel? BuildMethod(IMethodSymbol method, int id, ulong? budget, List<StructModel> structs)
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
        var result = TypeModel.Void;
        if (resultShape is not null)
        {
            var resultType = isAsync ? ((INamedTypeSymbol)method.ReturnType).TypeArguments[0] : method.ReturnType;
            result = BuildType(resultShape, resultType, structs);
        }
        var parameters = new List<ParameterModel>();
        var slot = 0;
        foreach (var parameter in method.Parameters)
        {
            var shape = ContractRules.ClassifyParameter(parameter, isAsync);
            if (!shape.IsSupported)
            {
                return null;
            }
            var isToken = shape.Kind == ContractKind.CancellationToken;
            var direction = parameter.RefKind switch
            {
                RefKind.Out => ParameterDirection.Out,
                RefKind.Ref => ParameterDirection.Ref,
                _ => shape.Kind == ContractKind.Span ? ParameterDirection.Ref : ParameterDirection.In,
            };
            var type = isToken ? TypeModel.Void with { Kind = ContractKind.CancellationToken, CSharpName = "global::System.Threading.CancellationToken" }
                : BuildType(shape, parameter.Type, structs);
            var modifier = parameter.RefKind switch
            {
                RefKind.Out => "out ",
                RefKind.Ref => "ref ",
                RefKind.In => "in ",
                _ => "",
            };
            parameters.Add(new ParameterModel(parameter.Name, type, direction, modifier, parameter.Type.ToDisplayString(FullyQualified),
                parameter.HasExplicitDefaultValue, isToken ? -1 : slot++));
        }
        if (slot > ContractRules.MaxParameters)
        {
            return null;
        }
        var asyncKind = !isAsync ? AsyncKind.None
            : method.ReturnType.Name == "ValueTask" ? AsyncKind.ValueTask : AsyncKind.Task;
        return new MethodModel(method.Name, id, result, method.ReturnType.ToDisplayString(FullyQualified), asyncKind,
            parameters.ToEquatableArray(), budget);
    }

    /// <summary>The model of a type the rules accepted; spans and arrays carry their element's C type and layout.</summary>
    private static TypeModel BuildType(ContractShape shape, ITypeSymbol type, List<StructModel> structs)
    {
        switch (shape.Kind)
        {
            case ContractKind.String:
                return new TypeModel(ContractKind.String, "String", "Void", "string", "char", 1, 1, EquatableArray<string>.Empty, false, null);
            case ContractKind.CapFile:
                return new TypeModel(ContractKind.CapFile, "CapFile", "Void", "global::Cvm.Sdk.CvmCapFile", "char", 1, 1, EquatableArray<string>.Empty, false, null);
            case ContractKind.Span:
            case ContractKind.ReadOnlySpan:
            case ContractKind.Array:
                var elementType = type is IArrayTypeSymbol array ? array.ElementType : ((INamedTypeSymbol)type).TypeArguments[0];
                var element = BuildType(ContractRules.ClassifyValue(elementType), elementType, structs);
                var wire = shape.Kind == ContractKind.Array ? "Array" : shape.Kind.ToString();
                return element with { Kind = shape.Kind, WireKind = wire, ElementWireKind = element.WireKind, EnumValues = EquatableArray<string>.Empty };
            case ContractKind.Enum:
                var enumType = (INamedTypeSymbol)type;
                var values = enumType.GetMembers().OfType<IFieldSymbol>()
                    .Where(static f => f.HasConstantValue)
                    .Select(static f => System.Convert.ToString(f.ConstantValue, CultureInfo.InvariantCulture) ?? "0")
                    .Distinct()
                    .ToEquatableArray();
                var isFlags = enumType.GetAttributes().Any(static a => a.AttributeClass is { } c && ContractRules.IsNamed(c, "System.FlagsAttribute"));
                return new TypeModel(ContractKind.Enum, "Enum", ScalarWireKind(enumType.EnumUnderlyingType!), CSharp(type),
                    ScalarCName(enumType.EnumUnderlyingType!), shape.Size, shape.Alignment, values, isFlags, null);
            case ContractKind.Struct:
                var model = AddStruct((INamedTypeSymbol)type, structs);
                return new TypeModel(ContractKind.Struct, "Struct", "Void", model.CSharpName, model.CName, model.Size, model.Alignment,
                    EquatableArray<string>.Empty, false, model);
            default:
                return new TypeModel(shape.Kind, ScalarWireKind(type), "Void", CSharp(type), ScalarCName(type), shape.Size, shape.Alignment,
                    EquatableArray<string>.Empty, false, null);
        }
    }

    private static string CSharp(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(FullyQualified);

    private static StructModel AddStruct(INamedTypeSymbol structure, List<StructModel> structs)
    {
        var csharp = CSharp(structure);
        var existing = structs.FirstOrDefault(s => s.CSharpName == csharp);
        if (existing is not null)
        {
            return existing;
        }
        var fields = new List<FieldModel>();
        var offset = 0;
        foreach (var field in ContractRules.StructFields(structure))
        {
            var type = BuildType(ContractRules.ClassifyValue(field.Type), field.Type, structs);
            offset = ContractRules.Align(offset, type.Alignment);
            fields.Add(new FieldModel(field.Name, type.WireKind, type.CName, offset, type.Size));
            offset += type.Size;
        }
        var whole = ContractRules.ClassifyValue(structure);
        var model = new StructModel(structure.Name, csharp, "cvm_" + Naming.CIdentifier(structure.Name), whole.Size, whole.Alignment, fields.ToEquatableArray());
        structs.Add(model);
        return model;
    }

    private static string ScalarWireKind(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Boolean => "Bool",
        SpecialType.System_SByte => "I8",
        SpecialType.System_Byte => "U8",
        SpecialType.System_Int16 => "I16",
        SpecialType.System_UInt16 => "U16",
        SpecialType.System_Char => "Char",
        SpecialType.System_Int32 => "I32",
        SpecialType.System_UInt32 => "U32",
        SpecialType.System_Int64 => "I64",
        SpecialType.System_UInt64 => "U64",
        SpecialType.System_Single => "F32",
        SpecialType.System_Double => "F64",
        _ => type.TypeKind == TypeKind.Enum ? "Enum" : "Struct",
    };

    private static string ScalarCName(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Boolean => "bool",
        SpecialType.System_SByte => "int8_t",
        SpecialType.System_Byte => "uint8_t",
        SpecialType.System_Int16 => "int16_t",
        SpecialType.System_UInt16 or SpecialType.System_Char => "uint16_t",
        SpecialType.System_Int32 => "int32_t",
        SpecialType.System_UInt32 => "uint32_t",
        SpecialType.System_Int64 => "int64_t",
        SpecialType.System_UInt64 => "uint64_t",
        SpecialType.System_Single => "float",
        _ => "double",
    };
}
