namespace Cvm.Machine.Execution;

/// <summary>
/// Decoding of the Xcheri major opcode 0x5B (cheri-riscv.md §3): one table row per instruction, classes tried in
/// the order of the match/mask table (two-operand, explicit loads, explicit stores, CInvoke, three-operand,
/// immediate forms). Register fields are kept raw (x0 stays 0): the Xcheri handlers write through the
/// capability-aware register accessors, which discard writes to register 0.
/// </summary>
internal static partial class Decoder
{
    private const uint TwoOperandFunct7 = 0x7F, LoadFunct7 = 0x7D, StoreFunct7 = 0x7C, CInvokeFunct7 = 0x7E;
    private const byte JalrPccSelector = 0x14;

    private static DecodedInstruction DecodeCheri(uint bits, byte rd, byte rs1, byte rs2, uint funct3, uint funct7)
    {
        switch (funct3)
        {
            case 1: return Make(Op.CIncOffsetImmediate, bits, rd, rs1, 0, (int)bits >> 20);
            case 2: return Make(Op.CSetBoundsImmediate, bits, rd, rs1, 0, (int)(bits >> 20));
            case not 0: return Illegal(bits);
        }
        if (funct7 == TwoOperandFunct7 && rs2 == JalrPccSelector)
        {
            // JALR.PCC: the integer-mode JALR, for capability-mode code (its target is checked against PCC).
            return Make(Op.Jalr, bits, Gpr(rd), rs1, 0, 0);
        }
        var op = funct7 switch
        {
            TwoOperandFunct7 => TwoOperandOp(rs2),
            LoadFunct7 => LoadOp(rs2),
            StoreFunct7 => StoreOp(rd),
            CInvokeFunct7 => rd == 1 ? Op.CInvoke : Op.Illegal,
            _ => ThreeOperandOp(funct7),
        };
        if (op == Op.Illegal)
        {
            return Illegal(bits);
        }
        // The explicit store-conditionals have no rd field (it selects the operation): their result goes to the
        // rs2 register that held the data, so Rd names it, as it names the result register of SC.W/SC.C.
        // The integer loads name an x0 destination by the sink, as the base loads do: the interpreter's fast path
        // for the .cap loads writes the register file directly.
        var resultRegister = funct7 == StoreFunct7 && op is (>= Op.ScBDdc and <= Op.ScCCap) ? rs2
            : IsIntegerCapabilityLoad(op) ? Gpr(rd)
            : rd;
        return Make(op, bits, resultRegister, rs1, rs2, 0);
    }

    /// <summary>The .cap loads into an integer register (also the capability-mode base loads).</summary>
    public static bool IsIntegerCapabilityLoad(Op op) => op is >= Op.LbCap and <= Op.LwuCap;

    /// <summary>
    /// The AMO major opcode's CHERI widths (the aq/rl bits need no action here): LR.B/SC.B (funct3 = 0), LR.H/SC.H
    /// (1), and LR.C, SC.C, AMOSWAP.C (4).
    /// </summary>
    private static DecodedInstruction DecodeCheriAtomic(uint bits, byte rd, byte rs1, byte rs2, uint funct3)
    {
        var op = (funct3, bits >> 27) switch
        {
            (0, 0x02) when rs2 == 0 => Op.LrB,
            (0, 0x03) => Op.ScB,
            (1, 0x02) when rs2 == 0 => Op.LrH,
            (1, 0x03) => Op.ScH,
            (4, 0x02) when rs2 == 0 => Op.LrC,
            (4, 0x03) => Op.ScC,
            (4, 0x01) => Op.AmoSwapC,
            _ => Op.Illegal,
        };
        return op == Op.Illegal ? Illegal(bits) : Make(op, bits, rd, rs1, rs2, 0);
    }

    /// <summary>The two-operand class (funct7 = 0x7F), selected by the rs2 field.</summary>
    private static Op TwoOperandOp(byte selector) => selector switch
    {
        0x00 => Op.CGetPerm,
        0x01 => Op.CGetType,
        0x02 => Op.CGetBase,
        0x03 => Op.CGetLen,
        0x04 => Op.CGetTag,
        0x05 => Op.CGetSealed,
        0x06 => Op.CGetOffset,
        0x07 => Op.CGetFlags,
        0x08 => Op.CRoundRepresentableLength,
        0x09 => Op.CRepresentableAlignmentMask,
        0x0A => Op.CMove,
        0x0B => Op.CClearTag,
        0x0C => Op.JalrCap,
        0x0E => Op.CClear,
        0x0F => Op.CGetAddr,
        0x10 => Op.FPClear,
        0x11 => Op.CSealEntry,
        0x12 => Op.CLoadTags,
        0x17 => Op.CGetHigh,
        0x18 => Op.CGetTop,
        // 0x13, 0x15 and 0x16 are reserved; 0x14 (JALR.PCC) is decoded before this table.
        _ => Op.Illegal,
    };

    /// <summary>The three-operand class, selected by funct7.</summary>
    private static Op ThreeOperandOp(uint funct7) => funct7 switch
    {
        0x01 => Op.CSpecialRW,
        0x08 => Op.CSetBounds,
        0x09 => Op.CSetBoundsExact,
        0x0B => Op.CSeal,
        0x0C => Op.CUnseal,
        0x0D => Op.CAndPerm,
        0x0E => Op.CSetFlags,
        0x0F => Op.CSetOffset,
        0x10 => Op.CSetAddr,
        0x11 => Op.CIncOffset,
        0x12 => Op.CToPtr,
        0x13 => Op.CFromPtr,
        0x14 => Op.CSub,
        0x16 => Op.CSetHigh,
        0x1D => Op.CBuildCap,
        0x1E => Op.CCopyType,
        0x1F => Op.CCSeal,
        0x20 => Op.CTestSubset,
        0x21 => Op.CSetEqualExact,
        _ => Op.Illegal,
    };

    /// <summary>Explicit loads (funct7 = 0x7D), selected by the rs2 field.</summary>
    private static Op LoadOp(byte selector) => selector switch
    {
        0x00 => Op.LbDdc,
        0x01 => Op.LhDdc,
        0x02 => Op.LwDdc,
        0x03 => Op.LdDdc,
        0x04 => Op.LbuDdc,
        0x05 => Op.LhuDdc,
        0x06 => Op.LwuDdc,
        0x08 => Op.LbCap,
        0x09 => Op.LhCap,
        0x0A => Op.LwCap,
        0x0B => Op.LdCap,
        0x0C => Op.LbuCap,
        0x0D => Op.LhuCap,
        0x0E => Op.LwuCap,
        0x10 => Op.LrBDdc,
        0x11 => Op.LrHDdc,
        0x12 => Op.LrWDdc,
        0x13 => Op.LrDDdc,
        0x14 => Op.LrCDdc,
        0x17 => Op.LcDdc,
        0x18 => Op.LrBCap,
        0x19 => Op.LrHCap,
        0x1A => Op.LrWCap,
        0x1B => Op.LrDCap,
        0x1C => Op.LrCCap,
        0x1F => Op.LcCap,
        // 0x07 and 0x0F (ldu) exist only on RV128.
        _ => Op.Illegal,
    };

    /// <summary>Explicit stores (funct7 = 0x7C), selected by the rd field.</summary>
    private static Op StoreOp(byte selector) => selector switch
    {
        0x00 => Op.SbDdc,
        0x01 => Op.ShDdc,
        0x02 => Op.SwDdc,
        0x03 => Op.SdDdc,
        0x04 => Op.ScDdc,
        0x08 => Op.SbCap,
        0x09 => Op.ShCap,
        0x0A => Op.SwCap,
        0x0B => Op.SdCap,
        0x0C => Op.ScCap,
        0x10 => Op.ScBDdc,
        0x11 => Op.ScHDdc,
        0x12 => Op.ScWDdc,
        0x13 => Op.ScDDdc,
        0x14 => Op.ScCDdc,
        0x18 => Op.ScBCap,
        0x19 => Op.ScHCap,
        0x1A => Op.ScWCap,
        0x1B => Op.ScDCap,
        0x1C => Op.ScCCap,
        _ => Op.Illegal,
    };
}
