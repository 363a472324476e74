namespace Cvm.Machine.Memory;

/// <summary>Why a guest memory access failed; the hart turns it into the architectural trap for the access kind.</summary>
public enum MemoryFault : byte
{
    /// <summary>The access succeeded.</summary>
    None = 0,

    /// <summary>Part of the access lies outside mapped memory (access fault: mcause 1, 5 or 7, mtval = address).</summary>
    Unmapped,

    /// <summary>Part of the access lies outside the data capability's bounds (CHERI length violation on DDC).</summary>
    DataCapabilityBounds,
}
