using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Cvm.Generators.Contracts;

/// <summary>How a value crosses a cVM boundary; <see cref="Unsupported"/> means it cannot.</summary>
internal enum ContractKind
{
    Unsupported,
    Bool,
    Integer,
    Floating,
    Enum,
    Struct,
    ReadOnlySpan,
    Span,
    String,
    Array,
    CapFile,
    CancellationToken,
}

/// <summary>What the contract rules decided about one type in one position.</summary>
/// <param name="Kind">how it crosses, or <see cref="ContractKind.Unsupported"/></param>
/// <param name="Reason">for unsupported types: why, in words for a diagnostic</param>
/// <param name="Size">bytes of a scalar, enum or struct (of the element for spans and arrays)</param>
/// <param name="Alignment">natural alignment in bytes, as a RISC-V LP64 C compiler lays it out</param>
/// <param name="IsSigned">integers and enums: whether the value is sign-extended</param>
/// <param name="Element">spans and arrays: the element type; enums: the underlying type</param>
internal sealed record ContractShape(ContractKind Kind, string? Reason, int Size, int Alignment, bool IsSigned, ITypeSymbol? Element)
{
    public static ContractShape Refuse(string reason) => new(ContractKind.Unsupported, reason, 0, 0, false, null);

    public bool IsSupported => Kind != ContractKind.Unsupported;
}

/// <summary>
/// The single statement of which C# types may cross a cVM boundary and how. The generator emits only what these
/// rules accept and the analyzers report what they refuse, with the same reasons, so the two cannot drift. This
/// file depends on nothing but Roslyn's symbol API so that the analyzer assembly can compile it as a link.
/// </summary>
internal static class ContractRules
{
    public const string ServiceAttributeMetadataName = "Cvm.Sdk.CvmServiceAttribute";
    public const string MethodAttributeMetadataName = "Cvm.Sdk.CvmMethodAttribute";
    public const string BudgetAttributeMetadataName = "Cvm.Sdk.CvmBudgetAttribute";
    public const string CapFileMetadataName = "Cvm.Sdk.CvmCapFile";

    /// <summary>Most parameters one method may have (the frame has a slot for each).</summary>
    public const int MaxParameters = 32;

    /// <summary>Method ids are 1 to 65535.</summary>
    public const int MaxMethodId = 65535;

    /// <summary>
    /// Whether every method has a name of its own: the name is the export's (<c>SERVICE__METHOD</c>) and the guest C
    /// functions', so overloads cannot cross (the analyzers report them; the generator emits nothing).
    /// </summary>
    public static bool HasUniqueMethodNames(IReadOnlyList<IMethodSymbol> methods) =>
        methods.Select(static m => m.Name).Distinct(StringComparer.Ordinal).Count() == methods.Count;

    /// <summary>Service names: 1 to 32 characters of [a-z0-9_] starting with a letter (they become C and export names).</summary>
    public static bool IsValidServiceName(string name)
    {
        if (name.Length is < 1 or > 32 || name[0] is < 'a' or > 'z')
        {
            return false;
        }
        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Largest blittable struct carried by value; bigger data belongs in a span.</summary>
    public const int MaxStructSize = 4096;

    /// <summary>Shape of a parameter, including its ref kind (out/ref only for scalars and structs).</summary>
    public static ContractShape ClassifyParameter(IParameterSymbol parameter)
    {
        var shape = ClassifyArgument(parameter.Type);
        if (!shape.IsSupported || parameter.RefKind == RefKind.None)
        {
            return shape;
        }
        // The frame has one 8-byte out slot per parameter: out and ref carry scalars and enums; "in" is a by-value copy.
        if (parameter.RefKind is RefKind.Out or RefKind.Ref && IsScalar(shape.Kind))
        {
            return shape;
        }
        if (parameter.RefKind == RefKind.In && IsValue(shape.Kind))
        {
            return shape;
        }
        return ContractShape.Refuse($"'{parameter.Name}' is passed by reference; only scalars and enums may be out or ref, and only those and blittable structs may be in");
    }

    /// <summary>
    /// Shape of a parameter of a method that is (or is not) asynchronous: out and ref cannot be written back after
    /// an await, and a CancellationToken means nothing to a synchronous call.
    /// </summary>
    public static ContractShape ClassifyParameter(IParameterSymbol parameter, bool isAsync)
    {
        var shape = ClassifyParameter(parameter);
        if (!shape.IsSupported)
        {
            return shape;
        }
        if (isAsync && parameter.RefKind is RefKind.Out or RefKind.Ref)
        {
            return ContractShape.Refuse($"'{parameter.Name}' is out or ref in an asynchronous method");
        }
        return shape.Kind == ContractKind.CancellationToken && !isAsync
            ? ContractShape.Refuse($"'{parameter.Name}' is a CancellationToken in a synchronous method; only Task and ValueTask methods can be cancelled")
            : shape;
    }

    /// <summary>Shape of an argument type passed by value.</summary>
    public static ContractShape ClassifyArgument(ITypeSymbol type)
    {
        if (IsNamed(type, "System.Threading.CancellationToken"))
        {
            return new ContractShape(ContractKind.CancellationToken, null, 0, 0, false, null);
        }
        if (IsNamed(type, CapFileMetadataName))
        {
            return new ContractShape(ContractKind.CapFile, null, 1, 1, false, null);
        }
        if (type.SpecialType == SpecialType.System_String)
        {
            return new ContractShape(ContractKind.String, null, 1, 1, false, null);
        }
        if (type is INamedTypeSymbol { IsGenericType: true } generic && generic.TypeArguments.Length == 1
            && (IsNamed(generic.OriginalDefinition, "System.ReadOnlySpan`1") || IsNamed(generic.OriginalDefinition, "System.Span`1")))
        {
            var element = ClassifyValue(generic.TypeArguments[0]);
            if (!element.IsSupported)
            {
                return ContractShape.Refuse($"span element {element.Reason}");
            }
            var kind = IsNamed(generic.OriginalDefinition, "System.Span`1") ? ContractKind.Span : ContractKind.ReadOnlySpan;
            return new ContractShape(kind, null, element.Size, element.Alignment, false, generic.TypeArguments[0]);
        }
        if (type is IArrayTypeSymbol array)
        {
            if (!array.IsSZArray)
            {
                return ContractShape.Refuse($"'{type.ToDisplayString()}' is a multi-dimensional array");
            }
            var element = ClassifyValue(array.ElementType);
            return element.IsSupported
                ? new ContractShape(ContractKind.Array, null, element.Size, element.Alignment, false, array.ElementType)
                : ContractShape.Refuse($"array element {element.Reason}");
        }
        return ClassifyValue(type);
    }

    /// <summary>Shape of a return type after unwrapping Task/ValueTask; void, Task and ValueTask give null.</summary>
    public static ContractShape? ClassifyResult(ITypeSymbol returnType, out bool isAsync)
    {
        isAsync = false;
        if (returnType is INamedTypeSymbol named)
        {
            if (IsNamed(named, "System.Threading.Tasks.Task") || IsNamed(named, "System.Threading.Tasks.ValueTask"))
            {
                isAsync = true;
                return null;
            }
            if (named.IsGenericType && named.TypeArguments.Length == 1
                && (IsNamed(named.OriginalDefinition, "System.Threading.Tasks.Task`1") || IsNamed(named.OriginalDefinition, "System.Threading.Tasks.ValueTask`1")))
            {
                isAsync = true;
                return ClassifyReturnValue(named.TypeArguments[0]);
            }
        }
        return returnType.SpecialType == SpecialType.System_Void ? null : ClassifyReturnValue(returnType);
    }

    private static ContractShape ClassifyReturnValue(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return new ContractShape(ContractKind.String, null, 1, 1, false, null);
        }
        if (type is IArrayTypeSymbol { IsSZArray: true } array)
        {
            var element = ClassifyValue(array.ElementType);
            return element.IsSupported
                ? new ContractShape(ContractKind.Array, null, element.Size, element.Alignment, false, array.ElementType)
                : ContractShape.Refuse($"array element {element.Reason}");
        }
        var shape = ClassifyValue(type);
        return shape.IsSupported || shape.Reason is null ? shape : ContractShape.Refuse($"return type {shape.Reason}");
    }

    /// <summary>Shape of a value type copied bit for bit: bool, integers, floating point, enums, blittable structs.</summary>
    public static ContractShape ClassifyValue(ITypeSymbol type) => ClassifyValue(type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    private static ContractShape ClassifyValue(ITypeSymbol type, HashSet<ITypeSymbol> enclosing)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return new ContractShape(ContractKind.Bool, null, 1, 1, false, null);
            case SpecialType.System_Byte: return Integer(1, false);
            case SpecialType.System_SByte: return Integer(1, true);
            case SpecialType.System_Int16: return Integer(2, true);
            case SpecialType.System_UInt16: return Integer(2, false);
            case SpecialType.System_Char: return Integer(2, false);
            case SpecialType.System_Int32: return Integer(4, true);
            case SpecialType.System_UInt32: return Integer(4, false);
            case SpecialType.System_Int64: return Integer(8, true);
            case SpecialType.System_UInt64: return Integer(8, false);
            case SpecialType.System_Single: return new ContractShape(ContractKind.Floating, null, 4, 4, true, null);
            case SpecialType.System_Double: return new ContractShape(ContractKind.Floating, null, 8, 8, true, null);
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
                // The guest is LP64 but a host process may be 32-bit: the width would differ between the two sides.
                return ContractShape.Refuse($"'{type.ToDisplayString()}' has a size that depends on the host process; use long or ulong");
        }
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            var shape = ClassifyValue(underlying, enclosing);
            return shape with { Kind = ContractKind.Enum, Element = underlying };
        }
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Struct } structure && structure.SpecialType == SpecialType.None)
        {
            return ClassifyStruct(structure, enclosing);
        }
        return ContractShape.Refuse($"'{type.ToDisplayString()}' cannot cross a cVM boundary");
    }

    private static ContractShape Integer(int size, bool signed) => new(ContractKind.Integer, null, size, size, signed, null);

    private static ContractShape ClassifyStruct(INamedTypeSymbol structure, HashSet<ITypeSymbol> enclosing)
    {
        var name = structure.ToDisplayString();
        if (structure.IsRefLikeType || structure.IsGenericType || !structure.IsUnmanagedType)
        {
            return ContractShape.Refuse($"struct '{name}' is not blittable (generic, ref or holding references)");
        }
        if (HasNonSequentialLayout(structure))
        {
            return ContractShape.Refuse($"struct '{name}' has an explicit or packed layout; only the default sequential layout is laid out the same in C");
        }
        if (!enclosing.Add(structure))
        {
            return ContractShape.Refuse($"struct '{name}' contains itself");
        }
        var offset = 0;
        var alignment = 1;
        foreach (var field in StructFields(structure))
        {
            if (field.IsFixedSizeBuffer)
            {
                return ContractShape.Refuse($"field '{name}.{field.Name}' is a fixed buffer; use a nested struct or a span");
            }
            var shape = ClassifyValue(field.Type, enclosing);
            if (!shape.IsSupported)
            {
                return ContractShape.Refuse($"field '{name}.{field.Name}': {shape.Reason}");
            }
            offset = Align(offset, shape.Alignment) + shape.Size;
            alignment = System.Math.Max(alignment, shape.Alignment);
        }
        enclosing.Remove(structure);
        var size = Align(offset, alignment);
        if (offset == 0)
        {
            return ContractShape.Refuse($"struct '{name}' has no fields");
        }
        return size > MaxStructSize
            ? ContractShape.Refuse($"struct '{name}' is {size} bytes, more than {MaxStructSize}; pass it in a span")
            : new ContractShape(ContractKind.Struct, null, size, alignment, false, null);
    }

    /// <summary>The instance fields of a struct in declaration order, which is their order in memory.</summary>
    public static IEnumerable<IFieldSymbol> StructFields(INamedTypeSymbol structure) =>
        structure.GetMembers().OfType<IFieldSymbol>().Where(static f => !f.IsStatic && !f.IsConst);

    /// <summary>Rounds <paramref name="offset"/> up to a multiple of <paramref name="alignment"/>.</summary>
    public static int Align(int offset, int alignment) => (offset + alignment - 1) / alignment * alignment;

    private static bool HasNonSequentialLayout(INamedTypeSymbol structure)
    {
        foreach (var attribute in structure.GetAttributes())
        {
            if (attribute.AttributeClass is null || !IsNamed(attribute.AttributeClass, "System.Runtime.InteropServices.StructLayoutAttribute"))
            {
                continue;
            }
            // LayoutKind.Sequential is 0; any Pack or Size changes offsets the C side would not reproduce.
            if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int kind && kind != 0)
            {
                return true;
            }
            if (attribute.NamedArguments.Any(static a => a.Key is "Pack" or "Size" && a.Value.Value is int v && v != 0))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Bool, integers, floating point and enums: the kinds that fit one 8-byte frame slot.</summary>
    public static bool IsScalar(ContractKind kind) =>
        kind is ContractKind.Bool or ContractKind.Integer or ContractKind.Floating or ContractKind.Enum;

    /// <summary>Scalars, enums and structs: the kinds copied by value.</summary>
    public static bool IsValue(ContractKind kind) =>
        kind is ContractKind.Bool or ContractKind.Integer or ContractKind.Floating or ContractKind.Enum or ContractKind.Struct;

    /// <summary>Whether <paramref name="type"/> is the type with the given metadata name (namespace and arity included).</summary>
    public static bool IsNamed(ITypeSymbol type, string metadataName)
    {
        var dot = metadataName.LastIndexOf('.');
        if (type.MetadataName != metadataName.Substring(dot + 1))
        {
            return false;
        }
        var expected = dot < 0 ? "" : metadataName.Substring(0, dot);
        var actual = type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "";
        return type.ContainingType is null && actual == expected;
    }
}
