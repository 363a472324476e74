namespace Cvm.Machine;

/// <summary>How a <see cref="Hart"/> executes guest code.</summary>
public enum ExecutionEngine
{
    /// <summary>
    /// Tiered (the default): interpret first, compile a region of code to native code once its entry has been
    /// reached often enough.
    /// </summary>
    Auto,

    /// <summary>The pre-decoded interpreter only.</summary>
    Interpreter,

    /// <summary>
    /// Compile every region on its first entry. Slower to start than <see cref="Auto"/>; it exists so that tests
    /// and diagnostics see all code go through the compiler.
    /// </summary>
    Jit,
}
