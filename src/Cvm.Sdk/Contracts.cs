using System.Text;

namespace Cvm.Sdk;

/// <summary>How a value travels across the boundary. The names are also the tokens of the canonical contract text.</summary>
public enum CvmTypeKind
{
    /// <summary>No value (a <c>void</c> return, or <c>Task</c>/<c>ValueTask</c> without a result).</summary>
    Void,
    /// <summary><c>bool</c>: one slot holding 0 or 1; anything else is a protocol violation.</summary>
    Bool,
    /// <summary><c>sbyte</c>, sign-extended in its slot.</summary>
    I8,
    /// <summary><c>byte</c>, zero-extended.</summary>
    U8,
    /// <summary><c>short</c>, sign-extended.</summary>
    I16,
    /// <summary><c>ushort</c>, zero-extended.</summary>
    U16,
    /// <summary><c>char</c> (a UTF-16 code unit), zero-extended.</summary>
    Char,
    /// <summary><c>int</c>, sign-extended.</summary>
    I32,
    /// <summary><c>uint</c>, zero-extended.</summary>
    U32,
    /// <summary><c>long</c>.</summary>
    I64,
    /// <summary><c>ulong</c>.</summary>
    U64,
    /// <summary><c>float</c>: IEEE-754 bits in the low 32 bits of the slot, upper bits zero.</summary>
    F32,
    /// <summary><c>double</c>: IEEE-754 bits.</summary>
    F64,
    /// <summary>An enum: its underlying integer as that integer's kind; values not declared by the enum are refused.</summary>
    Enum,
    /// <summary>A blittable struct with the layout of <see cref="CvmParameterDescriptor.Struct"/>, passed by value in the payload.</summary>
    Struct,
    /// <summary>UTF-8 text (no terminator) in the payload; the slot holds offset and byte count.</summary>
    String,
    /// <summary><c>ReadOnlySpan&lt;T&gt;</c> of blittable T: load-only data in the in area.</summary>
    ReadOnlySpan,
    /// <summary><c>Span&lt;T&gt;</c> of blittable T: load/store data in the out area, copied in before and out after the call.</summary>
    Span,
    /// <summary><c>T[]</c> of blittable T: like <see cref="ReadOnlySpan"/> as a parameter; as a return value, the callee fills the return buffer.</summary>
    Array,
    /// <summary>A CP_File buffer passed as its name (a <see cref="CvmCapFile"/> handle); the callee probes it.</summary>
    CapFile,
}

/// <summary>Which way a parameter travels.</summary>
public enum CvmDirection
{
    /// <summary>Caller to callee only.</summary>
    In,
    /// <summary><c>out</c>: callee to caller only (scalars in the out area's parameter slot).</summary>
    Out,
    /// <summary><c>ref</c>, or a <see cref="CvmTypeKind.Span"/>: both ways.</summary>
    Ref,
}

/// <summary>One field of a blittable struct as both sides lay it out.</summary>
/// <param name="Name">Field name.</param>
/// <param name="Kind">A scalar kind, <see cref="CvmTypeKind.Enum"/> or <see cref="CvmTypeKind.Struct"/> (nested).</param>
/// <param name="Offset">Byte offset in the struct.</param>
/// <param name="Size">Byte size of the field.</param>
public sealed record CvmFieldLayout(string Name, CvmTypeKind Kind, int Offset, int Size);

/// <summary>The layout of a blittable struct: the generator computes it, the C header asserts it, the runtime checks <c>Unsafe.SizeOf&lt;T&gt;()</c>.</summary>
/// <param name="Name">The C# type name (without namespace); the C type is <c>NAME</c> too.</param>
/// <param name="Size">sizeof in bytes.</param>
/// <param name="Alignment">Alignment in bytes (1, 2, 4 or 8).</param>
/// <param name="Fields">Fields in offset order.</param>
public sealed record CvmStructLayout(string Name, int Size, int Alignment, IReadOnlyList<CvmFieldLayout> Fields)
{
    /// <summary>Structural equality over the field list (records compare lists by reference).</summary>
    public bool Equals(CvmStructLayout? other) =>
        other is not null && Name == other.Name && Size == other.Size && Alignment == other.Alignment && Fields.SequenceEqual(other.Fields);

    /// <summary>Hash over name, size and field count.</summary>
    public override int GetHashCode() => HashCode.Combine(Name, Size, Alignment, Fields.Count);
}

/// <summary>One parameter, or a method's return value, of a contract method.</summary>
/// <param name="Name">Parameter name (<c>return</c> for the return value).</param>
/// <param name="Kind">How it travels.</param>
/// <param name="Direction">Which way.</param>
/// <param name="ElementKind">For spans and arrays: the element's kind; for enums: the underlying integer kind; else <see cref="CvmTypeKind.Void"/>.</param>
/// <param name="ElementSize">Bytes per element (spans, arrays), of the value (scalars, enums, structs); 1 for strings; 0 for void.</param>
/// <param name="Struct">The layout when the value or element is a struct.</param>
public sealed record CvmParameterDescriptor(
    string Name, CvmTypeKind Kind, CvmDirection Direction, CvmTypeKind ElementKind, int ElementSize, CvmStructLayout? Struct = null)
{
    /// <summary>The canonical text of this parameter (docs/contracts-abi.md, "Contract hash").</summary>
    public string CanonicalText
    {
        get
        {
            var text = new StringBuilder();
            text.Append(Direction switch { CvmDirection.In => "in", CvmDirection.Out => "out", _ => "ref" });
            text.Append(' ').Append(Kind.ToString().ToLowerInvariant());
            if (ElementKind != CvmTypeKind.Void)
            {
                text.Append('<').Append(ElementKind.ToString().ToLowerInvariant()).Append('>');
            }
            text.Append(':').Append(ElementSize);
            if (Struct is { } layout)
            {
                text.Append('{').Append(layout.Name).Append(' ').Append(layout.Size).Append(' ').Append(layout.Alignment);
                foreach (var member in layout.Fields)
                {
                    text.Append(' ').Append(member.Name).Append('@').Append(member.Offset).Append(':')
                        .Append(member.Kind.ToString().ToLowerInvariant()).Append(':').Append(member.Size);
                }
                text.Append('}');
            }
            return text.ToString();
        }
    }
}

/// <summary>One method of a contract.</summary>
/// <param name="Id">Method id (explicit via <see cref="CvmMethodAttribute"/>, else declaration order from 1).</param>
/// <param name="Name">The C# method name (for <c>…Async</c> methods, with the suffix).</param>
/// <param name="Parameters">Parameters in declaration order, <c>CancellationToken</c> excluded.</param>
/// <param name="Return">The return value (<see cref="CvmTypeKind.Void"/> for none; for <c>Task&lt;T&gt;</c>, T).</param>
/// <param name="Budget">Instructions per call (<see cref="CvmBudgetAttribute"/>), null for unlimited.</param>
/// <param name="IsAsync">Returns <c>Task</c>/<c>ValueTask</c>: a host proxy runs it as an asynchronous call.</param>
/// <param name="ReturnCapacity">For string and array returns: bytes the caller reserves for the result (default 4096).</param>
public sealed record CvmMethodDescriptor(
    int Id, string Name, IReadOnlyList<CvmParameterDescriptor> Parameters, CvmParameterDescriptor Return, ulong? Budget, bool IsAsync,
    int ReturnCapacity = CvmMethodDescriptor.DefaultReturnCapacity)
{
    /// <summary>Bytes reserved for a string or array result unless the descriptor says otherwise.</summary>
    public const int DefaultReturnCapacity = 4096;

    /// <summary>The CP_Call export name of this method in a cVM implementing <paramref name="service"/>: <c>SERVICE__METHOD</c>.</summary>
    public string ExportName(string service) => $"{service}__{Name}";

    /// <summary>The canonical text line of this method (docs/contracts-abi.md, "Contract hash").</summary>
    public string CanonicalText =>
        $"method {Id} {Name} ({string.Join(", ", Parameters.Select(p => p.CanonicalText))}) -> {Return.CanonicalText}"
        + $" budget {(Budget is { } b ? b.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")} async {(IsAsync ? 1 : 0)}"
        + $" capacity {ReturnCapacity}";

    /// <summary>Structural equality over the parameter list.</summary>
    public bool Equals(CvmMethodDescriptor? other) => other is not null && CanonicalText == other.CanonicalText;

    /// <summary>Hash of the canonical text.</summary>
    public override int GetHashCode() => CanonicalText.GetHashCode(StringComparison.Ordinal);
}

/// <summary>
/// Everything both sides must agree on for one <see cref="CvmServiceAttribute"/> interface. The generator emits it
/// as data; <see cref="Hash"/> is FNV-1a 64 over the UTF-8 of <see cref="CanonicalText"/>.
/// </summary>
public sealed class CvmContract
{
    /// <summary>Creates a contract and checks <paramref name="hash"/> against the canonical text (a generator/runtime version mismatch otherwise).</summary>
    /// <exception cref="ArgumentException">Names, ids or the hash are inconsistent.</exception>
    public CvmContract(string serviceName, string interfaceName, ulong hash, IReadOnlyList<CvmMethodDescriptor> methods)
    {
        ArgumentNullException.ThrowIfNull(serviceName);
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentNullException.ThrowIfNull(methods);
        if (!IsValidServiceName(serviceName))
        {
            throw new ArgumentException($"service name '{serviceName}' must be 1 to 32 characters of [a-z0-9_] starting with a letter", nameof(serviceName));
        }
        if (methods.Select(m => m.Id).Distinct().Count() != methods.Count || methods.Any(m => m.Id is < 1 or > 65535))
        {
            throw new ArgumentException($"service '{serviceName}': method ids must be unique and 1 to 65535", nameof(methods));
        }
        ServiceName = serviceName;
        InterfaceName = interfaceName;
        Methods = methods.OrderBy(m => m.Id).ToArray();
        CanonicalText = BuildCanonicalText(serviceName, Methods);
        Hash = ComputeHash(CanonicalText);
        if (hash != Hash)
        {
            throw new ArgumentException(
                $"service '{serviceName}': contract hash 0x{hash:x16} does not match its descriptors (0x{Hash:x16}); rebuild with the same CvmSdk version", nameof(hash));
        }
    }

    /// <summary>The service name (<see cref="CvmServiceAttribute.Name"/>).</summary>
    public string ServiceName { get; }

    /// <summary>The interface's full C# name (informational; not part of the hash).</summary>
    public string InterfaceName { get; }

    /// <summary>FNV-1a 64 of <see cref="CanonicalText"/>.</summary>
    public ulong Hash { get; }

    /// <summary>Methods ordered by id.</summary>
    public IReadOnlyList<CvmMethodDescriptor> Methods { get; }

    /// <summary>The canonical signature text the hash is computed over.</summary>
    public string CanonicalText { get; }

    /// <summary>The method with <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such id.</exception>
    public CvmMethodDescriptor Method(int id) =>
        Methods.FirstOrDefault(m => m.Id == id) ?? throw new ArgumentOutOfRangeException(nameof(id), $"service '{ServiceName}' has no method {id}");

    /// <summary>
    /// The CP_Call exports a cVM implementing this contract declares: one <see cref="Cvm.Monitor.BufferDirection.Frame"/> export
    /// per method, named <see cref="CvmMethodDescriptor.ExportName"/>, with the method's budget.
    /// </summary>
    public IReadOnlyList<Cvm.Monitor.CvmExport> Exports() =>
        [.. Methods.Select(m => new Cvm.Monitor.CvmExport(m.ExportName(ServiceName), Buffer: Cvm.Monitor.BufferDirection.Frame, InstructionBudget: m.Budget))];

    /// <summary>The symbol a guest image defines for every contract it implements or imports: <c>__cvm_contract_SERVICE</c>, an 8-byte little-endian hash.</summary>
    public string HashSymbol => HashSymbolOf(ServiceName);

    /// <summary>The hash symbol of <paramref name="serviceName"/>.</summary>
    public static string HashSymbolOf(string serviceName) => $"__cvm_contract_{serviceName}";

    /// <summary>The canonical text of a service: <c>service NAME</c> and one method line per method in id order, each line ending in <c>\n</c>.</summary>
    public static string BuildCanonicalText(string serviceName, IEnumerable<CvmMethodDescriptor> methods)
    {
        var text = new StringBuilder();
        text.Append("service ").Append(serviceName).Append('\n');
        foreach (var method in methods.OrderBy(m => m.Id))
        {
            text.Append(method.CanonicalText).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3) over the UTF-8 bytes of <paramref name="canonicalText"/>.</summary>
    public static ulong ComputeHash(string canonicalText)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        var hash = 0xcbf29ce484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(canonicalText))
        {
            hash = (hash ^ b) * 0x100000001b3UL;
        }
        return hash;
    }

    /// <summary>1 to 32 characters of <c>[a-z0-9_]</c>, starting with a letter (so it is a C identifier and an export-name prefix).</summary>
    public static bool IsValidServiceName(string name) =>
        name.Length is >= 1 and <= 32 && name[0] is >= 'a' and <= 'z' && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_');
}
