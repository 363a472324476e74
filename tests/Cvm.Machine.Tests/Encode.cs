namespace Cvm.Machine.Tests;

/// <summary>A test-only RV64 encoder for the handful of instructions the unit tests need.</summary>
internal static class Encode
{
    public static uint R(uint opcode, int rd, int funct3, int rs1, int rs2, uint funct7) =>
        opcode | (uint)rd << 7 | (uint)funct3 << 12 | (uint)rs1 << 15 | (uint)rs2 << 20 | funct7 << 25;

    public static uint I(uint opcode, int rd, int funct3, int rs1, int imm) =>
        opcode | (uint)rd << 7 | (uint)funct3 << 12 | (uint)rs1 << 15 | (uint)(imm & 0xfff) << 20;

    public static uint S(uint opcode, int funct3, int rs1, int rs2, int imm) =>
        opcode | (uint)(imm & 31) << 7 | (uint)funct3 << 12 | (uint)rs1 << 15 | (uint)rs2 << 20 | (uint)((imm >> 5) & 0x7f) << 25;

    public static uint B(int funct3, int rs1, int rs2, int offset) =>
        0x63 | (uint)((offset >> 11) & 1) << 7 | (uint)((offset >> 1) & 0xf) << 8 | (uint)funct3 << 12 | (uint)rs1 << 15
        | (uint)rs2 << 20 | (uint)((offset >> 5) & 0x3f) << 25 | (uint)((offset >> 12) & 1) << 31;

    public static uint Jal(int rd, int offset) =>
        0x6f | (uint)rd << 7 | (uint)((offset >> 12) & 0xff) << 12 | (uint)((offset >> 11) & 1) << 20
        | (uint)((offset >> 1) & 0x3ff) << 21 | (uint)((offset >> 20) & 1) << 31;

    public static uint Addi(int rd, int rs1, int imm) => I(0x13, rd, 0, rs1, imm);
    public static uint Add(int rd, int rs1, int rs2) => R(0x33, rd, 0, rs1, rs2, 0);
    public static uint Lui(int rd, int upper) => 0x37 | (uint)rd << 7 | (uint)upper << 12;
    public static uint Srliw(int rd, int rs1, int shift) => I(0x1b, rd, 5, rs1, shift);
    public static uint Sraiw(int rd, int rs1, int shift) => I(0x1b, rd, 5, rs1, 0x400 | shift);
    public static uint Addiw(int rd, int rs1, int imm) => I(0x1b, rd, 0, rs1, imm);
    public static uint Subw(int rd, int rs1, int rs2) => R(0x3b, rd, 0, rs1, rs2, 0x20);
    public static uint Andi(int rd, int rs1, int imm) => I(0x13, rd, 7, rs1, imm);
    public static uint Lb(int rd, int rs1, int imm) => I(0x03, rd, 0, rs1, imm);
    public static uint Ld(int rd, int rs1, int imm) => I(0x03, rd, 3, rs1, imm);
    public static uint Lw(int rd, int rs1, int imm) => I(0x03, rd, 2, rs1, imm);
    public static uint Sb(int rs1, int rs2, int imm) => S(0x23, 0, rs1, rs2, imm);
    public static uint Sh(int rs1, int rs2, int imm) => S(0x23, 1, rs1, rs2, imm);
    public static uint Sw(int rs1, int rs2, int imm) => S(0x23, 2, rs1, rs2, imm);
    public static uint Sd(int rs1, int rs2, int imm) => S(0x23, 3, rs1, rs2, imm);
    public static uint Jalr(int rd, int rs1, int imm) => I(0x67, rd, 0, rs1, imm);
    public static uint Csrrw(int rd, int csr, int rs1) => I(0x73, rd, 1, rs1, csr);
    public static uint Csrrs(int rd, int csr, int rs1) => I(0x73, rd, 2, rs1, csr);
    public static uint AmoAddD(int rd, int rs1, int rs2) => R(0x2f, rd, 3, rs1, rs2, 0);
    public static uint LrD(int rd, int rs1) => R(0x2f, rd, 3, rs1, 0, 0x02 << 2);
    public static uint ScD(int rd, int rs1, int rs2) => R(0x2f, rd, 3, rs1, rs2, 0x03 << 2);
    public const uint Ecall = 0x00000073;
    public const uint Ebreak = 0x00100073;
    public const uint Mret = 0x30200073;
    public const uint FenceI = 0x0000100f;
    public const ushort CompressedNop = 0x0001;
}
