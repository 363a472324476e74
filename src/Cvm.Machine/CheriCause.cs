namespace Cvm.Machine;

/// <summary>
/// The cause field (mtval bits 4..0) of a CHERI exception (mcause 28), with the ISAv9 codes. The rest of mtval
/// (bits 10..5) names the capability that failed the check: 0–31 a register, 0x20 | scr a special capability
/// register (0x20 PCC, 0x21 DDC).
/// </summary>
public enum CheriCause : byte
{
    None = 0x00,
    LengthViolation = 0x01,
    TagViolation = 0x02,
    SealViolation = 0x03,
    TypeViolation = 0x04,
    SoftwarePermissionViolation = 0x08,
    UnalignedBase = 0x0B,
    GlobalViolation = 0x10,
    PermitExecuteViolation = 0x11,
    PermitLoadViolation = 0x12,
    PermitStoreViolation = 0x13,
    PermitLoadCapabilityViolation = 0x14,
    PermitStoreCapabilityViolation = 0x15,
    PermitStoreLocalCapabilityViolation = 0x16,
    AccessSystemRegistersViolation = 0x18,
    PermitCInvokeViolation = 0x19,
    PermitSetCidViolation = 0x1C,
}

/// <summary>Builds and reads the mtval of CHERI exceptions.</summary>
public static class CheriFault
{
    /// <summary>The capability index of PCC in mtval.</summary>
    public const int PccIndex = 0x20;

    /// <summary>The capability index of DDC in mtval.</summary>
    public const int DdcIndex = 0x21;

    /// <summary>The capability index of special capability register <paramref name="scr"/> in mtval.</summary>
    public static int SpecialRegisterIndex(int scr) => 0x20 | scr;

    /// <summary>mtval for <paramref name="cause"/> on capability <paramref name="capabilityIndex"/>.</summary>
    public static ulong Value(int capabilityIndex, CheriCause cause) => ((ulong)(capabilityIndex & 0x3F) << 5) | (ulong)cause;

    /// <summary>The cause field of a CHERI exception's mtval.</summary>
    public static CheriCause CauseOf(ulong value) => (CheriCause)(value & 0x1F);

    /// <summary>The capability index field of a CHERI exception's mtval.</summary>
    public static int CapabilityIndexOf(ulong value) => (int)((value >> 5) & 0x3F);

    /// <summary>The cause as the CHERI specification names it, e.g. "tag violation".</summary>
    public static string Describe(CheriCause cause) => cause switch
    {
        CheriCause.None => "no violation",
        CheriCause.LengthViolation => "length (bounds) violation",
        CheriCause.TagViolation => "tag violation",
        CheriCause.SealViolation => "seal violation",
        CheriCause.TypeViolation => "type violation",
        CheriCause.SoftwarePermissionViolation => "software-defined permission violation",
        CheriCause.UnalignedBase => "unaligned base",
        CheriCause.GlobalViolation => "global violation",
        CheriCause.PermitExecuteViolation => "Permit_Execute violation",
        CheriCause.PermitLoadViolation => "Permit_Load violation",
        CheriCause.PermitStoreViolation => "Permit_Store violation",
        CheriCause.PermitLoadCapabilityViolation => "Permit_Load_Capability violation",
        CheriCause.PermitStoreCapabilityViolation => "Permit_Store_Capability violation",
        CheriCause.PermitStoreLocalCapabilityViolation => "Permit_Store_Local_Capability violation",
        CheriCause.AccessSystemRegistersViolation => "Access_System_Registers violation",
        CheriCause.PermitCInvokeViolation => "Permit_CInvoke violation",
        CheriCause.PermitSetCidViolation => "Permit_Set_CID violation",
        _ => $"reserved cause 0x{(int)cause:x2}",
    };

    /// <summary>The capability an index names, e.g. "c10", "PCC", "DDC", "MTCC".</summary>
    public static string DescribeCapability(int capabilityIndex) => capabilityIndex switch
    {
        < 0x20 => $"c{capabilityIndex}",
        PccIndex => "PCC",
        DdcIndex => "DDC",
        0x3C => "MTCC",
        0x3D => "MTDC",
        0x3E => "MScratchC",
        0x3F => "MEPCC",
        _ => $"special capability register {capabilityIndex & 0x1F}",
    };

    /// <summary>A CHERI exception's mtval in words, e.g. "tag violation on c10".</summary>
    public static string Describe(ulong value) =>
        $"{Describe(CauseOf(value))} on {DescribeCapability(CapabilityIndexOf(value))}";
}
