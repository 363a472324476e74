namespace Cvm.Machine.Execution;

/// <summary>
/// Capability-mode decoding (PCC.flag = 1, cheri-riscv.md §3.7 and §4): Sail's <c>ext_decode</c> tries the
/// capability-mode encodings first, so a word is decoded as in integer mode and then given its capability-mode
/// meaning — loads, stores, atomics and FP accesses authorised by cs1 (address cs1.address + imm), AUIPC as
/// AUIPCC, JAL and JALR as CJAL and CJALR. The compressed encodings capability mode redefines (the RV64 C.FLD,
/// C.FSD, C.FLDSP, C.FSDSP, C.ADDI4SPN, C.ADDI16SP, C.JR and C.JALR slots) are decoded here from their bits.
/// </summary>
internal static partial class Decoder
{
    /// <summary>
    /// Decodes <paramref name="bits"/> as a hart in integer mode (with ISAv8-style relocation if
    /// <paramref name="relocated"/>) or, if <paramref name="capabilityMode"/>, in capability mode (where
    /// relocation does not apply).
    /// </summary>
    public static DecodedInstruction Decode(uint bits, bool capabilityMode, bool relocated = false) =>
        capabilityMode ? IsCompressed((ushort)bits) ? DecodeCompressedCapabilityMode((ushort)bits) : ToCapabilityMode(Decode32(bits))
        : relocated ? ToRelocated(Decode(bits))
        : Decode(bits);

    /// <summary>
    /// The LegacyRelocation meaning of an integer-mode decoding: every DDC-authorised access goes through the
    /// <c>.ddc</c> operations, which add DDC.address; AUIPC, JAL with a link register and JALR go out of line to
    /// convert between the absolute PC and the PCC-relative one software sees. The explicit <c>.ddc</c> forms
    /// keep their operations, which relocate too.
    /// </summary>
    private static DecodedInstruction ToRelocated(DecodedInstruction decoded)
    {
        decoded.Op = decoded.Op switch
        {
            Op.Lb => Op.LbDdc, Op.Lh => Op.LhDdc, Op.Lw => Op.LwDdc, Op.Ld => Op.LdDdc,
            Op.Lbu => Op.LbuDdc, Op.Lhu => Op.LhuDdc, Op.Lwu => Op.LwuDdc,
            Op.Sb => Op.SbDdc, Op.Sh => Op.ShDdc, Op.Sw => Op.SwDdc, Op.Sd => Op.SdDdc,
            Op.LoadCapability => Op.LcDdc, Op.StoreCapability => Op.ScDdc,
            Op.Flw => Op.FlwDdc, Op.Fld => Op.FldDdc, Op.Fsw => Op.FswDdc, Op.Fsd => Op.FsdDdc,
            Op.LrB => Op.LrBDdc, Op.LrH => Op.LrHDdc, Op.LrW => Op.LrWDdc, Op.LrD => Op.LrDDdc, Op.LrC => Op.LrCDdc,
            Op.ScB => Op.ScBDdc, Op.ScH => Op.ScHDdc, Op.ScW => Op.ScWDdc, Op.ScD => Op.ScDDdc, Op.ScC => Op.ScCDdc,
            (>= Op.AmoSwapW and <= Op.AmoMaxuW) or (>= Op.AmoSwapD and <= Op.AmoMaxuD) or Op.AmoSwapC => Op.AmoDdc,
            Op.Auipc => Op.AuipcRelocated,
            Op.Jal when decoded.Rd != Hart.SinkRegister => Op.JalRelocated,
            Op.Jalr => Op.JalrRelocated,
            var unchanged => unchanged,
        };
        if (decoded.Op >= Op.CGetPerm && decoded.Rd == Hart.SinkRegister)
        {
            decoded.Rd = 0;
        }
        return decoded;
    }

    private static DecodedInstruction DecodeCompressedCapabilityMode(ushort bits)
    {
        var funct3 = bits >> 13;
        var rdFull = (byte)((bits >> 7) & 31);
        var rs2Full = (byte)((bits >> 2) & 31);
        var rdPrime = (byte)(8 + ((bits >> 2) & 7));
        var rs1Prime = (byte)(8 + ((bits >> 7) & 7));
        switch (bits & 3, funct3)
        {
            case (0, 0):
            {
                // C.CIncOffset4CSPN cd', csp, nzuimm (the C.ADDI4SPN slot).
                var nzuimm = ((bits >> 7) & 0x30) | ((bits >> 1) & 0x3c0) | ((bits >> 4) & 0x4) | ((bits >> 2) & 0x8);
                return nzuimm == 0 ? Illegal(bits) : Make(Op.CIncOffsetImmediate, bits, rdPrime, 2, 0, nzuimm, 2);
            }
            case (0, 1): return Make(Op.LcCap, bits, rdPrime, rs1Prime, 0, CompressedQuadOffset(bits), 2); // C.CLC
            case (0, 5): return Make(Op.ScCap, bits, 0, rs1Prime, rdPrime, CompressedQuadOffset(bits), 2); // C.CSC
            case (1, 3) when rdFull == 2:
            {
                // C.CIncOffset16CSP csp, nzimm (the C.ADDI16SP slot).
                var nzimm = SignExtend(((bits >> 3) & 0x200) | ((bits >> 2) & 0x10) | ((bits << 1) & 0x40)
                    | ((bits << 4) & 0x180) | ((bits << 3) & 0x20), 10);
                return nzimm == 0 ? Illegal(bits) : Make(Op.CIncOffsetImmediate, bits, 2, 2, 0, nzimm, 2);
            }
            case (2, 1):
                // C.CLCSP cd, uimm(csp); cd = 0 is reserved.
                return rdFull == 0 ? Illegal(bits)
                    : Make(Op.LcCap, bits, rdFull, 2, 0, ((bits >> 7) & 0x20) | ((bits >> 2) & 0x10) | ((bits << 4) & 0x3c0), 2);
            case (2, 5):
                // C.CSCSP cs2, uimm(csp).
                return Make(Op.ScCap, bits, 0, 2, rs2Full, ((bits >> 7) & 0x30) | ((bits >> 1) & 0x3c0), 2);
            case (2, 4) when rs2Full == 0 && rdFull != 0:
                // C.CJR cs1 and C.CJALR cs1 (link in cra); C.EBREAK (rd = 0) keeps its meaning.
                return Make(Op.JalrCap, bits, ((bits >> 12) & 1) == 0 ? (byte)0 : (byte)1, rdFull, 0, 0, 2);
            default:
                return ToCapabilityMode(DecodeCompressed(bits));
        }
    }

    /// <summary>
    /// The capability-mode meaning of an integer-mode decoding. The capability-mode operations write through the
    /// capability-aware register accessors, which discard writes to register 0, so the x0 sink becomes 0 again
    /// (except for the integer loads, which keep the sink for the interpreter's fast path).
    /// </summary>
    private static DecodedInstruction ToCapabilityMode(DecodedInstruction decoded)
    {
        var op = decoded.Op switch
        {
            Op.Lb => Op.LbCap, Op.Lh => Op.LhCap, Op.Lw => Op.LwCap, Op.Ld => Op.LdCap,
            Op.Lbu => Op.LbuCap, Op.Lhu => Op.LhuCap, Op.Lwu => Op.LwuCap,
            Op.Sb => Op.SbCap, Op.Sh => Op.ShCap, Op.Sw => Op.SwCap, Op.Sd => Op.SdCap,
            Op.LoadCapability => Op.LcCap, Op.StoreCapability => Op.ScCap,
            Op.Flw => Op.FlwCap, Op.Fld => Op.FldCap, Op.Fsw => Op.FswCap, Op.Fsd => Op.FsdCap,
            Op.LrB => Op.LrBCap, Op.LrH => Op.LrHCap, Op.LrW => Op.LrWCap, Op.LrD => Op.LrDCap, Op.LrC => Op.LrCCap,
            Op.ScB => Op.ScBCap, Op.ScH => Op.ScHCap, Op.ScW => Op.ScWCap, Op.ScD => Op.ScDCap, Op.ScC => Op.ScCCap,
            (>= Op.AmoSwapW and <= Op.AmoMaxuW) or (>= Op.AmoSwapD and <= Op.AmoMaxuD) or Op.AmoSwapC => Op.AmoCap,
            Op.Auipc => Op.Auipcc,
            Op.Jal => Op.CJal,
            // JALR.PCC (in the Xcheri opcode) decodes to Jalr too, and keeps its integer meaning in capability mode.
            Op.Jalr when (decoded.Bits & 0x7f) == 0x67 => Op.JalrCap,
            var unchanged => unchanged,
        };
        if (op == decoded.Op)
        {
            return decoded;
        }
        decoded.Op = op;
        if (decoded.Rd == Hart.SinkRegister && !IsIntegerCapabilityLoad(op))
        {
            decoded.Rd = 0;
        }
        return decoded;
    }

    /// <summary>The C.LQ / C.SQ offset layout of C.CLC and C.CSC: uimm[5:4] in bits 12:11, [8] in 10, [7:6] in 6:5.</summary>
    private static int CompressedQuadOffset(ushort bits) => ((bits >> 7) & 0x30) | ((bits >> 2) & 0x100) | ((bits << 1) & 0xc0);
}
