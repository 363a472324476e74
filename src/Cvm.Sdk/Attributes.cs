namespace Cvm.Sdk;

/// <summary>
/// Marks an interface as a contract that crosses a cVM boundary. The generator emits a host proxy, a host
/// skeleton, guest bindings and a <see cref="CvmContract"/> for it.
/// </summary>
/// <param name="name">The service name guests and deployments use (1 to 32 bytes of <c>[a-z0-9_]</c>, starting with a letter).</param>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class CvmServiceAttribute(string name) : Attribute
{
    /// <summary>The service name.</summary>
    public string Name { get; } = name;
}

/// <summary>
/// Gives a contract method an explicit id. Without it, methods are numbered in declaration order starting at 1,
/// skipping ids taken explicitly. Ids are part of the contract hash: renumbering is a breaking change.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class CvmMethodAttribute : Attribute
{
    /// <summary>The method id (1 to 65535).</summary>
    public int Id { get; set; }
}

/// <summary>
/// The number of emulated instructions one call may retire in the callee before it is unwound
/// (<see cref="CvmBudgetExceededException"/> for host callers, <c>CVM_ECALLEE_BUDGET</c> for guest callers).
/// On a method it overrides the interface's.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, Inherited = false)]
public sealed class CvmBudgetAttribute : Attribute
{
    /// <summary>Instructions per call (greater than zero).</summary>
    public ulong Instructions { get; set; }
}

/// <summary>
/// A guest binding file (C header or source) the generator produced. The Cvm.Sdk MSBuild targets write every
/// such file of the compiled assembly to <c>$(CvmGuestIncludeDirectory)</c> after compilation.
/// </summary>
/// <param name="path">Relative path below the include directory, with forward slashes (for example <c>kv.h</c>).</param>
/// <param name="content">The file's text (written as UTF-8 without a byte-order mark).</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class CvmGuestFileAttribute(string path, string content) : Attribute
{
    /// <summary>Relative path below the include directory.</summary>
    public string Path { get; } = path;

    /// <summary>The file's text.</summary>
    public string Content { get; } = content;
}
