namespace Cvm.Cheri;

/// <summary>
/// Capability permissions in the layout of <c>CGetPerm</c> and <c>CAndPerm</c>: the 12 hardware permissions in
/// bits 11..0 and the 4 software-defined (user) permissions in bits 18..15. Bits 14..12 are not permissions and
/// are ignored wherever a permission mask is taken as input.
/// </summary>
[Flags]
public enum CapabilityPermissions : uint
{
    /// <summary>No permissions (the permissions of NULL).</summary>
    None = 0,

    /// <summary>
    /// The capability may be stored through any authority; without it (a "local" capability) the authority
    /// needs <see cref="StoreLocalCapability"/>. <c>CUnseal</c> ANDs it with the unsealing authority's.
    /// </summary>
    Global = 1u << 0,

    /// <summary>Instructions may be fetched through the capability (Permit_Execute).</summary>
    Execute = 1u << 1,

    /// <summary>Data may be loaded through the capability (Permit_Load).</summary>
    Load = 1u << 2,

    /// <summary>Data may be stored through the capability (Permit_Store).</summary>
    Store = 1u << 3,

    /// <summary>Capabilities loaded through the capability keep their tag (Permit_Load_Capability).</summary>
    LoadCapability = 1u << 4,

    /// <summary>Tagged capabilities may be stored through the capability (Permit_Store_Capability).</summary>
    StoreCapability = 1u << 5,

    /// <summary>Tagged non-global capabilities may be stored through the capability (Permit_Store_Local_Capability).</summary>
    StoreLocalCapability = 1u << 6,

    /// <summary>The capability may authorise sealing with the object type equal to its address (Permit_Seal).</summary>
    Seal = 1u << 7,

    /// <summary>The capability may be an operand of <c>CInvoke</c> (Permit_CInvoke).</summary>
    CInvoke = 1u << 8,

    /// <summary>The capability may authorise unsealing of the object type equal to its address (Permit_Unseal).</summary>
    Unseal = 1u << 9,

    /// <summary>Code running under this program-counter capability may access privileged registers (Access_System_Registers).</summary>
    AccessSystemRegisters = 1u << 10,

    /// <summary>The capability may set the compartment identifier (Permit_Set_CID).</summary>
    SetCid = 1u << 11,

    /// <summary>Software-defined permission 0.</summary>
    User0 = 1u << 15,

    /// <summary>Software-defined permission 1.</summary>
    User1 = 1u << 16,

    /// <summary>Software-defined permission 2.</summary>
    User2 = 1u << 17,

    /// <summary>Software-defined permission 3.</summary>
    User3 = 1u << 18,

    /// <summary>Every permission: the permissions of the root capability (0x78FFF).</summary>
    All = Global | Execute | Load | Store | LoadCapability | StoreCapability | StoreLocalCapability | Seal | CInvoke
        | Unseal | AccessSystemRegisters | SetCid | User0 | User1 | User2 | User3,
}
