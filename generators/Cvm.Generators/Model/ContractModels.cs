using Cvm.Generators.Contracts;

namespace Cvm.Generators.Model;

/// <summary>
/// One [CvmService] interface, reduced to the strings and numbers the emitters need. Every model in the pipeline is
/// a value: no symbols, syntax nodes, locations or compilations, so an edit that does not change the contract
/// compares equal and leaves every output cached.
/// </summary>
/// <param name="Namespace">the interface's namespace, empty for the global namespace</param>
/// <param name="InterfaceName">its name as written (e.g. IKeyValueStore)</param>
/// <param name="FullyQualifiedName">global::-qualified name</param>
/// <param name="IsPublic">whether generated types may be public</param>
/// <param name="ServiceName">the name given in [CvmService("…")]: deployments, export names and the C prefix</param>
/// <param name="TypeStem">the interface name without its leading I, for generated type names (KeyValueStore)</param>
/// <param name="Methods">methods in ascending id order</param>
/// <param name="Structs">blittable structs the contract uses, dependencies first</param>
/// <param name="CanonicalText">the contract's canonical text (docs/contracts-abi.md), whose hash identifies its version</param>
/// <param name="ContractHash">FNV-1a 64 of the UTF-8 canonical text</param>
internal sealed record ServiceModel(
    string Namespace,
    string InterfaceName,
    string FullyQualifiedName,
    bool IsPublic,
    string ServiceName,
    string TypeStem,
    EquatableArray<MethodModel> Methods,
    EquatableArray<StructModel> Structs,
    string CanonicalText,
    ulong ContractHash)
{
    /// <summary>Prefix of every generated hint name: the interface's metadata name, namespace first.</summary>
    public string HintPrefix => Namespace.Length == 0 ? InterfaceName : Namespace + "." + InterfaceName;
}

/// <param name="Name">the C# method name (also its name on the wire)</param>
/// <param name="Id">method id on the wire</param>
/// <param name="Result">the result after unwrapping Task/ValueTask; Kind Void for void, Task and ValueTask</param>
/// <param name="ReturnTypeName">the declared C# return type, global::-qualified</param>
/// <param name="Async">whether the method returns a Task or ValueTask, and which</param>
/// <param name="Parameters">parameters in declaration order</param>
/// <param name="InstructionBudget">per-call instruction budget from [CvmBudget] on the method or the interface</param>
internal sealed record MethodModel(
    string Name,
    int Id,
    TypeModel Result,
    string ReturnTypeName,
    AsyncKind Async,
    EquatableArray<ParameterModel> Parameters,
    ulong? InstructionBudget)
{
    public const int ReturnCapacity = 4096;
}

internal enum AsyncKind
{
    None,
    Task,
    ValueTask,
}

/// <param name="Name">the C# parameter name as declared</param>
/// <param name="Type">what crosses</param>
/// <param name="Direction">in, out or ref as the ABI counts them (a Span is ref)</param>
/// <param name="Modifier">the C# modifier with a trailing space ("in ", "out ", "ref ") or empty</param>
/// <param name="DeclaredTypeName">the parameter's C# type as declared, global::-qualified, nullable annotation kept</param>
/// <param name="HasDefaultValue">declared with "= default" (CancellationToken)</param>
/// <param name="Slot">index of the parameter's frame slot; -1 for a CancellationToken, which stays on the host</param>
internal sealed record ParameterModel(
    string Name, TypeModel Type, ParameterDirection Direction, string Modifier, string DeclaredTypeName, bool HasDefaultValue, int Slot);

internal enum ParameterDirection
{
    In,
    Out,
    Ref,
}

/// <summary>A type that crosses the boundary.</summary>
/// <param name="Kind">how it crosses</param>
/// <param name="WireKind">the runtime's CvmTypeKind member name (I32, Enum, ReadOnlySpan, …)</param>
/// <param name="ElementWireKind">spans and arrays: the element's CvmTypeKind; enums: the underlying one; else Void</param>
/// <param name="CSharpName">global::-qualified C# name of the value or element type</param>
/// <param name="CName">C spelling of the value or element type in guest code</param>
/// <param name="Size">element size as the canonical text counts it (the value's size for scalars and structs, 1 for strings and CP_Files)</param>
/// <param name="Alignment">alignment in bytes of the value or element</param>
/// <param name="EnumValues">enums: every defined value, so values from a guest can be checked; empty otherwise</param>
/// <param name="IsFlagsEnum">enums marked [Flags]: any combination of defined bits is valid</param>
/// <param name="Struct">the layout of a struct value or element; null otherwise</param>
internal sealed record TypeModel(
    ContractKind Kind,
    string WireKind,
    string ElementWireKind,
    string CSharpName,
    string CName,
    int Size,
    int Alignment,
    EquatableArray<string> EnumValues,
    bool IsFlagsEnum,
    StructModel? Struct)
{
    public static TypeModel Void { get; } =
        new(ContractKind.Unsupported, "Void", "Void", "void", "void", 0, 0, EquatableArray<string>.Empty, false, null);

    public bool IsVoid => WireKind == "Void";
}

/// <summary>A blittable struct with its layout as both compilers must produce it.</summary>
/// <param name="Name">the struct's simple C# name, as the canonical text names it</param>
/// <param name="CSharpName">global::-qualified C# name</param>
/// <param name="CName">the C typedef (cvm_NAME)</param>
/// <param name="Size">bytes, padding included</param>
/// <param name="Alignment">the largest field alignment</param>
/// <param name="Fields">fields in declaration order, which is their order in memory</param>
internal sealed record StructModel(string Name, string CSharpName, string CName, int Size, int Alignment, EquatableArray<FieldModel> Fields);

/// <summary>A struct field at its byte offset.</summary>
internal sealed record FieldModel(string Name, string WireKind, string CName, int Offset, int Size);
