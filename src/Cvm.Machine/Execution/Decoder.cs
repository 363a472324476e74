namespace Cvm.Machine.Execution;

/// <summary>
/// Decodes RV64IMAFDC + Zicsr + Zifencei encodings into <see cref="DecodedInstruction"/> records. Every encoding
/// maps to exactly one record; anything this hart does not implement (including reserved compressed encodings
/// and reserved bits set in otherwise known instructions) decodes to <see cref="Op.Illegal"/>.
/// </summary>
internal static partial class Decoder
{
    /// <summary>Whether the parcel starts a 16-bit (compressed) instruction.</summary>
    public static bool IsCompressed(ushort firstParcel) => (firstParcel & 3) != 3;

    /// <summary>Decodes a 32-bit instruction, or the 16-bit one in the low half when <see cref="IsCompressed"/>.</summary>
    public static DecodedInstruction Decode(uint bits) =>
        IsCompressed((ushort)bits) ? DecodeCompressed((ushort)bits) : Decode32(bits);

    private static DecodedInstruction Decode32(uint bits)
    {
        var rd = (byte)((bits >> 7) & 31);
        var rs1 = (byte)((bits >> 15) & 31);
        var rs2 = (byte)((bits >> 20) & 31);
        var funct3 = (bits >> 12) & 7;
        var funct7 = bits >> 25;
        var immI = (int)bits >> 20;
        var immS = ((int)bits >> 25 << 5) | (int)((bits >> 7) & 31);

        switch (bits & 0x7f)
        {
            case 0x37: return Make(Op.Lui, bits, Gpr(rd), 0, 0, (int)(bits & 0xfffff000));
            case 0x17: return Make(Op.Auipc, bits, Gpr(rd), 0, 0, (int)(bits & 0xfffff000));
            case 0x6f: return Make(Op.Jal, bits, Gpr(rd), 0, 0, JumpOffset(bits));
            case 0x67: return funct3 == 0 ? Make(Op.Jalr, bits, Gpr(rd), rs1, 0, immI) : Illegal(bits);
            case 0x63:
            {
                Op op = funct3 switch { 0 => Op.Beq, 1 => Op.Bne, 4 => Op.Blt, 5 => Op.Bge, 6 => Op.Bltu, 7 => Op.Bgeu, _ => Op.Illegal };
                return op == Op.Illegal ? Illegal(bits) : Make(op, bits, 0, rs1, rs2, BranchOffset(bits));
            }
            case 0x03:
            {
                Op op = funct3 switch { 0 => Op.Lb, 1 => Op.Lh, 2 => Op.Lw, 3 => Op.Ld, 4 => Op.Lbu, 5 => Op.Lhu, 6 => Op.Lwu, _ => Op.Illegal };
                return op == Op.Illegal ? Illegal(bits) : Make(op, bits, Gpr(rd), rs1, 0, immI);
            }
            case 0x23:
            {
                Op op = funct3 switch { 0 => Op.Sb, 1 => Op.Sh, 2 => Op.Sw, 3 => Op.Sd, 4 => Op.StoreCapability, _ => Op.Illegal };
                return op == Op.Illegal ? Illegal(bits) : Make(op, bits, 0, rs1, rs2, immS);
            }
            case 0x13: return DecodeOpImm(bits, rd, rs1, funct3, immI);
            case 0x1b: return DecodeOpImm32(bits, rd, rs1, funct3, immI);
            case 0x33: return DecodeOp(bits, rd, rs1, rs2, funct3, funct7);
            case 0x3b: return DecodeOp32(bits, rd, rs1, rs2, funct3, funct7);
            case 0x0f:
                // FENCE ignores its unused fields (they are reserved for future hints), FENCE.I likewise.
                return funct3 switch
                {
                    0 => Make(Op.Fence, bits, 0, 0, 0, 0),
                    1 => Make(Op.FenceI, bits, 0, 0, 0, 0),
                    2 => Make(Op.LoadCapability, bits, rd, rs1, 0, immI), // Xcheri LC (the RV128 LQ encoding)
                    _ => Illegal(bits),
                };
            case 0x73: return DecodeSystem(bits, rd, rs1, funct3);
            case 0x2f: return DecodeAtomic(bits, rd, rs1, rs2, funct3);
            case 0x07:
                return funct3 switch
                {
                    2 => Make(Op.Flw, bits, rd, rs1, 0, immI),
                    3 => Make(Op.Fld, bits, rd, rs1, 0, immI),
                    _ => Illegal(bits),
                };
            case 0x27:
                return funct3 switch
                {
                    2 => Make(Op.Fsw, bits, 0, rs1, rs2, immS),
                    3 => Make(Op.Fsd, bits, 0, rs1, rs2, immS),
                    _ => Illegal(bits),
                };
            case 0x43: return DecodeFusedMultiplyAdd(bits, Op.FmaddS, Op.FmaddD);
            case 0x47: return DecodeFusedMultiplyAdd(bits, Op.FmsubS, Op.FmsubD);
            case 0x4b: return DecodeFusedMultiplyAdd(bits, Op.FnmsubS, Op.FnmsubD);
            case 0x4f: return DecodeFusedMultiplyAdd(bits, Op.FnmaddS, Op.FnmaddD);
            case 0x53: return DecodeFloat(bits, rd, rs1, rs2, funct3, funct7);
            case 0x5b: return DecodeCheri(bits, rd, rs1, rs2, funct3, funct7);
            default: return Illegal(bits);
        }
    }

    private static DecodedInstruction DecodeOpImm(uint bits, byte rd, byte rs1, uint funct3, int immI)
    {
        var shamt = (int)((bits >> 20) & 63);
        var funct6 = bits >> 26;
        switch (funct3)
        {
            case 0:
                if (rs1 == 0)
                {
                    return Make(Op.LoadImmediate, bits, Gpr(rd), 0, 0, immI);
                }
                return immI == 0 ? Make(Op.Move, bits, Gpr(rd), rs1, 0, 0) : Make(Op.Addi, bits, Gpr(rd), rs1, 0, immI);
            case 1: return funct6 == 0 ? Make(Op.Slli, bits, Gpr(rd), rs1, 0, shamt) : Illegal(bits);
            case 2: return Make(Op.Slti, bits, Gpr(rd), rs1, 0, immI);
            case 3: return Make(Op.Sltiu, bits, Gpr(rd), rs1, 0, immI);
            case 4: return Make(Op.Xori, bits, Gpr(rd), rs1, 0, immI);
            case 5:
                return funct6 switch
                {
                    0x00 => Make(Op.Srli, bits, Gpr(rd), rs1, 0, shamt),
                    0x10 => Make(Op.Srai, bits, Gpr(rd), rs1, 0, shamt),
                    _ => Illegal(bits),
                };
            case 6: return Make(Op.Ori, bits, Gpr(rd), rs1, 0, immI);
            default: return Make(Op.Andi, bits, Gpr(rd), rs1, 0, immI);
        }
    }

    private static DecodedInstruction DecodeOpImm32(uint bits, byte rd, byte rs1, uint funct3, int immI)
    {
        var shamt = (int)((bits >> 20) & 31);
        var funct7 = bits >> 25;
        return (funct3, funct7) switch
        {
            (0, _) => Make(Op.Addiw, bits, Gpr(rd), rs1, 0, immI),
            (1, 0x00) => Make(Op.Slliw, bits, Gpr(rd), rs1, 0, shamt),
            (5, 0x00) => Make(Op.Srliw, bits, Gpr(rd), rs1, 0, shamt),
            (5, 0x20) => Make(Op.Sraiw, bits, Gpr(rd), rs1, 0, shamt),
            _ => Illegal(bits),
        };
    }

    private static DecodedInstruction DecodeOp(uint bits, byte rd, byte rs1, byte rs2, uint funct3, uint funct7)
    {
        Op op = (funct7, funct3) switch
        {
            (0x00, 0) => Op.Add, (0x20, 0) => Op.Sub, (0x00, 1) => Op.Sll, (0x00, 2) => Op.Slt,
            (0x00, 3) => Op.Sltu, (0x00, 4) => Op.Xor, (0x00, 5) => Op.Srl, (0x20, 5) => Op.Sra,
            (0x00, 6) => Op.Or, (0x00, 7) => Op.And,
            (0x01, 0) => Op.Mul, (0x01, 1) => Op.Mulh, (0x01, 2) => Op.Mulhsu, (0x01, 3) => Op.Mulhu,
            (0x01, 4) => Op.Div, (0x01, 5) => Op.Divu, (0x01, 6) => Op.Rem, (0x01, 7) => Op.Remu,
            _ => Op.Illegal,
        };
        return op == Op.Illegal ? Illegal(bits) : Make(op, bits, Gpr(rd), rs1, rs2, 0);
    }

    private static DecodedInstruction DecodeOp32(uint bits, byte rd, byte rs1, byte rs2, uint funct3, uint funct7)
    {
        Op op = (funct7, funct3) switch
        {
            (0x00, 0) => Op.Addw, (0x20, 0) => Op.Subw, (0x00, 1) => Op.Sllw, (0x00, 5) => Op.Srlw,
            (0x20, 5) => Op.Sraw, (0x01, 0) => Op.Mulw, (0x01, 4) => Op.Divw, (0x01, 5) => Op.Divuw,
            (0x01, 6) => Op.Remw, (0x01, 7) => Op.Remuw,
            _ => Op.Illegal,
        };
        return op == Op.Illegal ? Illegal(bits) : Make(op, bits, Gpr(rd), rs1, rs2, 0);
    }

    private static DecodedInstruction DecodeSystem(uint bits, byte rd, byte rs1, uint funct3)
    {
        var csr = (int)(bits >> 20);
        switch (funct3)
        {
            case 0:
                // The privileged instructions have fixed rd and rs1 fields of zero.
                if (rd != 0 || rs1 != 0)
                {
                    return Illegal(bits);
                }
                return (bits >> 20) switch
                {
                    0x000 => Make(Op.Ecall, bits, 0, 0, 0, 0),
                    0x001 => Make(Op.Ebreak, bits, 0, 0, 0, 0),
                    0x302 => Make(Op.Mret, bits, 0, 0, 0, 0),
                    0x105 => Make(Op.Wfi, bits, 0, 0, 0, 0),
                    _ => Illegal(bits),
                };
            case 1: return Make(Op.Csrrw, bits, Gpr(rd), rs1, 0, csr);
            case 2: return Make(Op.Csrrs, bits, Gpr(rd), rs1, 0, csr);
            case 3: return Make(Op.Csrrc, bits, Gpr(rd), rs1, 0, csr);
            case 5: return Make(Op.Csrrwi, bits, Gpr(rd), rs1, 0, csr);
            case 6: return Make(Op.Csrrsi, bits, Gpr(rd), rs1, 0, csr);
            case 7: return Make(Op.Csrrci, bits, Gpr(rd), rs1, 0, csr);
            default: return Illegal(bits);
        }
    }

    private static DecodedInstruction DecodeAtomic(uint bits, byte rd, byte rs1, byte rs2, uint funct3)
    {
        var funct5 = bits >> 27;
        bool doubleword;
        if (funct3 == 2)
        {
            doubleword = false;
        }
        else if (funct3 == 3)
        {
            doubleword = true;
        }
        else if (funct3 is 0 or 1 or 4)
        {
            return DecodeCheriAtomic(bits, rd, rs1, rs2, funct3);
        }
        else
        {
            return Illegal(bits);
        }
        Op op = funct5 switch
        {
            0x02 when rs2 == 0 => doubleword ? Op.LrD : Op.LrW,
            0x03 => doubleword ? Op.ScD : Op.ScW,
            0x01 => doubleword ? Op.AmoSwapD : Op.AmoSwapW,
            0x00 => doubleword ? Op.AmoAddD : Op.AmoAddW,
            0x04 => doubleword ? Op.AmoXorD : Op.AmoXorW,
            0x0c => doubleword ? Op.AmoAndD : Op.AmoAndW,
            0x08 => doubleword ? Op.AmoOrD : Op.AmoOrW,
            0x10 => doubleword ? Op.AmoMinD : Op.AmoMinW,
            0x14 => doubleword ? Op.AmoMaxD : Op.AmoMaxW,
            0x18 => doubleword ? Op.AmoMinuD : Op.AmoMinuW,
            0x1c => doubleword ? Op.AmoMaxuD : Op.AmoMaxuW,
            _ => Op.Illegal,
        };
        return op == Op.Illegal ? Illegal(bits) : Make(op, bits, Gpr(rd), rs1, rs2, 0);
    }

    private static DecodedInstruction DecodeFusedMultiplyAdd(uint bits, Op single, Op @double)
    {
        var format = (bits >> 25) & 3;
        var op = format switch { 0 => single, 1 => @double, _ => Op.Illegal };
        if (op == Op.Illegal)
        {
            return Illegal(bits);
        }
        var decoded = Make(op, bits, (byte)((bits >> 7) & 31), (byte)((bits >> 15) & 31), (byte)((bits >> 20) & 31), 0);
        decoded.FloatOperands = (byte)((bits >> 27) | (((bits >> 12) & 7) << 5));
        return decoded;
    }

    private static DecodedInstruction DecodeFloat(uint bits, byte rd, byte rs1, byte rs2, uint funct3, uint funct7)
    {
        // Operations with a rounding-mode field keep it in FloatOperands; the hart rejects 5, 6 and a bad dynamic frm.
        var withRm = true;
        var gprDestination = false;
        Op op;
        switch (funct7)
        {
            case 0x00: op = Op.FaddS; break;
            case 0x01: op = Op.FaddD; break;
            case 0x04: op = Op.FsubS; break;
            case 0x05: op = Op.FsubD; break;
            case 0x08: op = Op.FmulS; break;
            case 0x09: op = Op.FmulD; break;
            case 0x0c: op = Op.FdivS; break;
            case 0x0d: op = Op.FdivD; break;
            case 0x2c: op = rs2 == 0 ? Op.FsqrtS : Op.Illegal; break;
            case 0x2d: op = rs2 == 0 ? Op.FsqrtD : Op.Illegal; break;
            case 0x10: withRm = false; op = funct3 switch { 0 => Op.FsgnjS, 1 => Op.FsgnjnS, 2 => Op.FsgnjxS, _ => Op.Illegal }; break;
            case 0x11: withRm = false; op = funct3 switch { 0 => Op.FsgnjD, 1 => Op.FsgnjnD, 2 => Op.FsgnjxD, _ => Op.Illegal }; break;
            case 0x14: withRm = false; op = funct3 switch { 0 => Op.FminS, 1 => Op.FmaxS, _ => Op.Illegal }; break;
            case 0x15: withRm = false; op = funct3 switch { 0 => Op.FminD, 1 => Op.FmaxD, _ => Op.Illegal }; break;
            case 0x20: op = rs2 == 1 ? Op.FcvtSD : Op.Illegal; break;
            case 0x21: op = rs2 == 0 ? Op.FcvtDS : Op.Illegal; break;
            case 0x50:
                withRm = false; gprDestination = true;
                op = funct3 switch { 2 => Op.FeqS, 1 => Op.FltS, 0 => Op.FleS, _ => Op.Illegal };
                break;
            case 0x51:
                withRm = false; gprDestination = true;
                op = funct3 switch { 2 => Op.FeqD, 1 => Op.FltD, 0 => Op.FleD, _ => Op.Illegal };
                break;
            case 0x60:
                gprDestination = true;
                op = rs2 switch { 0 => Op.FcvtWS, 1 => Op.FcvtWuS, 2 => Op.FcvtLS, 3 => Op.FcvtLuS, _ => Op.Illegal };
                break;
            case 0x61:
                gprDestination = true;
                op = rs2 switch { 0 => Op.FcvtWD, 1 => Op.FcvtWuD, 2 => Op.FcvtLD, 3 => Op.FcvtLuD, _ => Op.Illegal };
                break;
            case 0x68: op = rs2 switch { 0 => Op.FcvtSW, 1 => Op.FcvtSWu, 2 => Op.FcvtSL, 3 => Op.FcvtSLu, _ => Op.Illegal }; break;
            case 0x69: op = rs2 switch { 0 => Op.FcvtDW, 1 => Op.FcvtDWu, 2 => Op.FcvtDL, 3 => Op.FcvtDLu, _ => Op.Illegal }; break;
            case 0x70:
                withRm = false; gprDestination = true;
                op = (rs2, funct3) switch { (0, 0) => Op.FmvXW, (0, 1) => Op.FclassS, _ => Op.Illegal };
                break;
            case 0x71:
                withRm = false; gprDestination = true;
                op = (rs2, funct3) switch { (0, 0) => Op.FmvXD, (0, 1) => Op.FclassD, _ => Op.Illegal };
                break;
            case 0x78: withRm = false; op = (rs2, funct3) == (0, 0) ? Op.FmvWX : Op.Illegal; break;
            case 0x79: withRm = false; op = (rs2, funct3) == (0, 0) ? Op.FmvDX : Op.Illegal; break;
            default: op = Op.Illegal; break;
        }
        if (op == Op.Illegal)
        {
            return Illegal(bits);
        }
        var decoded = Make(op, bits, gprDestination ? Gpr(rd) : rd, rs1, rs2, 0);
        decoded.FloatOperands = withRm ? (byte)(funct3 << 5) : (byte)0;
        return decoded;
    }

    private static DecodedInstruction DecodeCompressed(ushort bits)
    {
        var funct3 = bits >> 13;
        var rdFull = (byte)((bits >> 7) & 31);
        var rs2Full = (byte)((bits >> 2) & 31);
        var rdPrime = (byte)(8 + ((bits >> 2) & 7));
        var rs1Prime = (byte)(8 + ((bits >> 7) & 7));
        var imm6 = SignExtend(((bits >> 7) & 0x20) | ((bits >> 2) & 0x1f), 6);

        switch (bits & 3)
        {
            case 0:
                switch (funct3)
                {
                    case 0:
                    {
                        var nzuimm = ((bits >> 7) & 0x30) | ((bits >> 1) & 0x3c0) | ((bits >> 4) & 0x4) | ((bits >> 2) & 0x8);
                        return nzuimm == 0 ? Illegal(bits) : Make(Op.Addi, bits, rdPrime, 2, 0, nzuimm, 2);
                    }
                    case 1: return Make(Op.Fld, bits, rdPrime, rs1Prime, 0, OffsetDouble(bits), 2);
                    case 2: return Make(Op.Lw, bits, rdPrime, rs1Prime, 0, OffsetWord(bits), 2);
                    case 3: return Make(Op.Ld, bits, rdPrime, rs1Prime, 0, OffsetDouble(bits), 2);
                    case 5: return Make(Op.Fsd, bits, 0, rs1Prime, rdPrime, OffsetDouble(bits), 2);
                    case 6: return Make(Op.Sw, bits, 0, rs1Prime, rdPrime, OffsetWord(bits), 2);
                    case 7: return Make(Op.Sd, bits, 0, rs1Prime, rdPrime, OffsetDouble(bits), 2);
                    default: return Illegal(bits);
                }
            case 1:
                switch (funct3)
                {
                    case 0: return Make(Op.Addi, bits, Gpr(rdFull), rdFull, 0, imm6, 2);
                    case 1: return rdFull == 0 ? Illegal(bits) : Make(Op.Addiw, bits, rdFull, rdFull, 0, imm6, 2);
                    case 2: return Make(Op.LoadImmediate, bits, Gpr(rdFull), 0, 0, imm6, 2);
                    case 3:
                        if (rdFull == 2)
                        {
                            var nzimm = SignExtend(((bits >> 3) & 0x200) | ((bits >> 2) & 0x10) | ((bits << 1) & 0x40)
                                | ((bits << 4) & 0x180) | ((bits << 3) & 0x20), 10);
                            return nzimm == 0 ? Illegal(bits) : Make(Op.Addi, bits, 2, 2, 0, nzimm, 2);
                        }
                        return imm6 == 0 ? Illegal(bits) : Make(Op.Lui, bits, Gpr(rdFull), 0, 0, imm6 << 12, 2);
                    case 4:
                    {
                        var shamt = ((bits >> 7) & 0x20) | ((bits >> 2) & 0x1f);
                        switch ((bits >> 10) & 3)
                        {
                            case 0: return Make(Op.Srli, bits, rs1Prime, rs1Prime, 0, shamt, 2);
                            case 1: return Make(Op.Srai, bits, rs1Prime, rs1Prime, 0, shamt, 2);
                            case 2: return Make(Op.Andi, bits, rs1Prime, rs1Prime, 0, imm6, 2);
                        }
                        Op op = (((bits >> 12) & 1), ((bits >> 5) & 3)) switch
                        {
                            (0, 0) => Op.Sub, (0, 1) => Op.Xor, (0, 2) => Op.Or, (0, 3) => Op.And,
                            (1, 0) => Op.Subw, (1, 1) => Op.Addw, _ => Op.Illegal,
                        };
                        return op == Op.Illegal ? Illegal(bits) : Make(op, bits, rs1Prime, rs1Prime, rdPrime, 0, 2);
                    }
                    case 5: return Make(Op.Jal, bits, Hart.SinkRegister, 0, 0, CompressedJumpOffset(bits), 2);
                    case 6: return Make(Op.Beq, bits, 0, rs1Prime, 0, CompressedBranchOffset(bits), 2);
                    default: return Make(Op.Bne, bits, 0, rs1Prime, 0, CompressedBranchOffset(bits), 2);
                }
            default:
                switch (funct3)
                {
                    case 0:
                    {
                        var shamt = ((bits >> 7) & 0x20) | ((bits >> 2) & 0x1f);
                        return Make(Op.Slli, bits, Gpr(rdFull), rdFull, 0, shamt, 2);
                    }
                    case 1:
                        return Make(Op.Fld, bits, rdFull, 2, 0, ((bits >> 7) & 0x20) | ((bits >> 2) & 0x18) | ((bits << 4) & 0x1c0), 2);
                    case 2:
                        return rdFull == 0 ? Illegal(bits)
                            : Make(Op.Lw, bits, rdFull, 2, 0, ((bits >> 7) & 0x20) | ((bits >> 2) & 0x1c) | ((bits << 4) & 0xc0), 2);
                    case 3:
                        return rdFull == 0 ? Illegal(bits)
                            : Make(Op.Ld, bits, rdFull, 2, 0, ((bits >> 7) & 0x20) | ((bits >> 2) & 0x18) | ((bits << 4) & 0x1c0), 2);
                    case 4:
                        if (((bits >> 12) & 1) == 0)
                        {
                            if (rs2Full == 0)
                            {
                                return rdFull == 0 ? Illegal(bits) : Make(Op.Jalr, bits, Hart.SinkRegister, rdFull, 0, 0, 2);
                            }
                            return Make(Op.Move, bits, Gpr(rdFull), rs2Full, 0, 0, 2);
                        }
                        if (rs2Full == 0)
                        {
                            return rdFull == 0 ? Make(Op.Ebreak, bits, 0, 0, 0, 0, 2) : Make(Op.Jalr, bits, 1, rdFull, 0, 0, 2);
                        }
                        return Make(Op.Add, bits, Gpr(rdFull), rdFull, rs2Full, 0, 2);
                    case 5: return Make(Op.Fsd, bits, 0, 2, rs2Full, ((bits >> 7) & 0x38) | ((bits >> 1) & 0x1c0), 2);
                    case 6: return Make(Op.Sw, bits, 0, 2, rs2Full, ((bits >> 7) & 0x3c) | ((bits >> 1) & 0xc0), 2);
                    default: return Make(Op.Sd, bits, 0, 2, rs2Full, ((bits >> 7) & 0x38) | ((bits >> 1) & 0x1c0), 2);
                }
        }
    }

    /// <summary>The register index a handler writes for integer destination <paramref name="rd"/> (x0 → the sink).</summary>
    private static byte Gpr(byte rd) => rd == 0 ? Hart.SinkRegister : rd;

    private static DecodedInstruction Make(Op op, uint bits, byte rd, byte rs1, byte rs2, int imm, byte length = 4) =>
        new() { Op = op, Rd = rd, Rs1 = rs1, Rs2 = rs2, Imm = imm, Length = length, Bits = length == 2 ? bits & 0xffff : bits };

    private static DecodedInstruction Illegal(uint bits) =>
        new() { Op = Op.Illegal, Length = (byte)(IsCompressed((ushort)bits) ? 2 : 4), Bits = IsCompressed((ushort)bits) ? bits & 0xffff : bits };

    private static int SignExtend(int value, int width) => value << (32 - width) >> (32 - width);

    private static int BranchOffset(uint bits) =>
        SignExtend((int)(((bits >> 19) & 0x1000) | ((bits << 4) & 0x800) | ((bits >> 20) & 0x7e0) | ((bits >> 7) & 0x1e)), 13);

    private static int JumpOffset(uint bits) =>
        SignExtend((int)(((bits >> 11) & 0x100000) | (bits & 0xff000) | ((bits >> 9) & 0x800) | ((bits >> 20) & 0x7fe)), 21);

    private static int CompressedJumpOffset(ushort bits) =>
        SignExtend(((bits >> 1) & 0x800) | ((bits >> 7) & 0x10) | ((bits >> 1) & 0x300) | ((bits << 2) & 0x400)
            | ((bits >> 1) & 0x40) | ((bits << 1) & 0x80) | ((bits >> 2) & 0xe) | ((bits << 3) & 0x20), 12);

    private static int CompressedBranchOffset(ushort bits) =>
        SignExtend(((bits >> 4) & 0x100) | ((bits >> 7) & 0x18) | ((bits << 1) & 0xc0) | ((bits >> 2) & 0x6)
            | ((bits << 3) & 0x20), 9);

    private static int OffsetWord(ushort bits) => ((bits >> 7) & 0x38) | ((bits >> 4) & 0x4) | ((bits << 1) & 0x40);

    private static int OffsetDouble(ushort bits) => ((bits >> 7) & 0x38) | ((bits << 1) & 0xc0);
}
