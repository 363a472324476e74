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
/// <param name="ServiceName">the name given in [CvmService("…")], used in deployments and as the C prefix</param>
/// <param name="TypeStem">the interface name without its leading I, for generated type names (KeyValueStore)</param>
/// <param name="Methods">methods in declaration order; method ids are their indices plus one</param>
/// <param name="Structs">blittable structs the contract uses, dependencies first</param>
/// <param name="CanonicalText">the contract's canonical text, whose hash identifies its version</param>
/// <param name="ContractHash">first 8 bytes of the SHA-256 of <paramref name="CanonicalText"/>, little-endian</param>
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

    /// <summary>C identifier prefix for everything this contract defines in guest code.</summary>
    public string CPrefix => Naming.CIdentifier(ServiceName);
}

/// <param name="Name">the C# method name</param>
/// <param name="Id">method id on the wire, from 1</param>
/// <param name="Result">the result after unwrapping Task/ValueTask; null for void, Task and ValueTask</param>
/// <param name="ReturnTypeName">the declared C# return type, global::-qualified</param>
/// <param name="Async">whether the method returns a Task or ValueTask, and which</param>
/// <param name="Parameters">parameters in declaration order</param>
/// <param name="InstructionBudget">per-call instruction budget from [CvmBudget], 0 when none is declared</param>
internal sealed record MethodModel(
    string Name,
    int Id,
    TypeModel? Result,
    string ReturnTypeName,
    AsyncKind Async,
    EquatableArray<ParameterModel> Parameters,
    long InstructionBudget);

internal enum AsyncKind
{
    None,
    Task,
    ValueTask,
}

/// <param name="Name">the C# parameter name as declared</param>
/// <param name="Type">what crosses</param>
/// <param name="Direction">in, out or ref (by value parameters are In)</param>
/// <param name="DefaultValueText">C# text of the default value (e.g. "default"), or null</param>
internal sealed record ParameterModel(string Name, TypeModel Type, ParameterDirection Direction, string? DefaultValueText);

internal enum ParameterDirection
{
    In,
    Out,
    Ref,
}

/// <summary>A type that crosses the boundary.</summary>
/// <param name="Kind">how it crosses</param>
/// <param name="CSharpName">global::-qualified C# name of the type (of the element for spans and arrays)</param>
/// <param name="CName">C spelling of the value or element type in guest code</param>
/// <param name="Size">bytes of the value (of one element for spans, arrays and strings)</param>
/// <param name="Alignment">alignment in bytes of the value or element</param>
/// <param name="IsSigned">integers and enums: sign-extended</param>
/// <param name="EnumValues">enums: every defined value, so results can be checked; empty otherwise</param>
/// <param name="IsFlagsEnum">enums marked [Flags]: any combination of defined bits is valid</param>
internal sealed record TypeModel(
    ContractKind Kind,
    string CSharpName,
    string CName,
    int Size,
    int Alignment,
    bool IsSigned,
    EquatableArray<string> EnumValues,
    bool IsFlagsEnum);

/// <summary>A blittable struct with its layout as both compilers must produce it.</summary>
internal sealed record StructModel(string CSharpName, string CName, int Size, int Alignment, EquatableArray<FieldModel> Fields);

/// <summary>A struct field at its byte offset.</summary>
internal sealed record FieldModel(string Name, TypeModel Type, int Offset);
