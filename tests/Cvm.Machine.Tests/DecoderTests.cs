using Cvm.Machine.Execution;
using Cvm.Testing;

namespace Cvm.Machine.Tests;

public class DecoderTests
{
    private const byte Sink = Hart.SinkRegister;

    /// <summary>Assembly (GNU as syntax), then what it must decode to: op name, rd, rs1, rs2, imm, length.</summary>
    public static TheoryData<string, string, byte, byte, byte, int, byte> Instructions => new()
    {
        { "lui a0, 0xfffff", nameof(Op.Lui), 10, 0, 0, unchecked((int)0xfffff000), 4 },
        { "auipc t0, 1", nameof(Op.Auipc), 5, 0, 0, 0x1000, 4 },
        { "jal ra, .+2048", nameof(Op.Jal), 1, 0, 0, 2048, 4 },
        { "jal zero, .-4", nameof(Op.Jal), Sink, 0, 0, -4, 4 },
        { "jalr a0, -1(a1)", nameof(Op.Jalr), 10, 11, 0, -1, 4 },
        { "beq a0, a1, .+16", nameof(Op.Beq), 0, 10, 11, 16, 4 },
        { "bgeu t0, t1, .-4096", nameof(Op.Bgeu), 0, 5, 6, -4096, 4 },
        { "lb a0, -2048(sp)", nameof(Op.Lb), 10, 2, 0, -2048, 4 },
        { "lwu s0, 2047(s1)", nameof(Op.Lwu), 8, 9, 0, 2047, 4 },
        { "sd a5, -8(a6)", nameof(Op.Sd), 0, 16, 15, -8, 4 },
        { "sh a5, 1234(a6)", nameof(Op.Sh), 0, 16, 15, 1234, 4 },
        { "li a0, -7", nameof(Op.LoadImmediate), 10, 0, 0, -7, 4 },
        { "mv a0, a1", nameof(Op.Move), 10, 11, 0, 0, 4 },
        { "addi zero, a1, 3", nameof(Op.Addi), Sink, 11, 0, 3, 4 },
        { "slli a0, a1, 63", nameof(Op.Slli), 10, 11, 0, 63, 4 },
        { "srai a0, a1, 40", nameof(Op.Srai), 10, 11, 0, 40, 4 },
        { "sraiw a0, a1, 31", nameof(Op.Sraiw), 10, 11, 0, 31, 4 },
        { "sltiu a0, a1, -1", nameof(Op.Sltiu), 10, 11, 0, -1, 4 },
        { "sub a0, a1, a2", nameof(Op.Sub), 10, 11, 12, 0, 4 },
        { "sraw a0, a1, a2", nameof(Op.Sraw), 10, 11, 12, 0, 4 },
        { "mulhsu a0, a1, a2", nameof(Op.Mulhsu), 10, 11, 12, 0, 4 },
        { "remuw a0, a1, a2", nameof(Op.Remuw), 10, 11, 12, 0, 4 },
        { "lr.w a0, (a1)", nameof(Op.LrW), 10, 11, 0, 0, 4 },
        { "sc.d.rl a0, a2, (a1)", nameof(Op.ScD), 10, 11, 12, 0, 4 },
        { "amoadd.d.aqrl a0, a1, (a2)", nameof(Op.AmoAddD), 10, 12, 11, 0, 4 },
        { "amomaxu.w a0, a1, (a2)", nameof(Op.AmoMaxuW), 10, 12, 11, 0, 4 },
        { "csrrw a0, mscratch, a1", nameof(Op.Csrrw), 10, 11, 0, 0x340, 4 },
        { "csrrsi zero, mstatus, 8", nameof(Op.Csrrsi), Sink, 8, 0, 0x300, 4 },
        { "fence rw, rw", nameof(Op.Fence), 0, 0, 0, 0, 4 },
        { "fence.i", nameof(Op.FenceI), 0, 0, 0, 0, 4 },
        { "ecall", nameof(Op.Ecall), 0, 0, 0, 0, 4 },
        { "ebreak", nameof(Op.Ebreak), 0, 0, 0, 0, 4 },
        { "mret", nameof(Op.Mret), 0, 0, 0, 0, 4 },
        { "wfi", nameof(Op.Wfi), 0, 0, 0, 0, 4 },
        { "flw fa0, 8(a1)", nameof(Op.Flw), 10, 11, 0, 8, 4 },
        { "fsd fa2, -16(sp)", nameof(Op.Fsd), 0, 2, 12, -16, 4 },
        { "fcvt.w.s a0, fa1, rtz", nameof(Op.FcvtWS), 10, 11, 0, 0, 4 },
        { "fmv.x.d a0, fa1", nameof(Op.FmvXD), 10, 11, 0, 0, 4 },
        { "fclass.s zero, fa1", nameof(Op.FclassS), Sink, 11, 0, 0, 4 },
        { "feq.d a0, fa1, fa2", nameof(Op.FeqD), 10, 11, 12, 0, 4 },
        { "fsgnjn.s fa0, fa1, fa2", nameof(Op.FsgnjnS), 10, 11, 12, 0, 4 },
        { "fcvt.d.s fa0, fa1", nameof(Op.FcvtDS), 10, 11, 0, 0, 4 },
        { "c.addi4spn a0, sp, 1020", nameof(Op.Addi), 10, 2, 0, 1020, 2 },
        { "c.fld fa0, 248(a1)", nameof(Op.Fld), 10, 11, 0, 248, 2 },
        { "c.lw a0, 124(a1)", nameof(Op.Lw), 10, 11, 0, 124, 2 },
        { "c.ld a0, 248(a1)", nameof(Op.Ld), 10, 11, 0, 248, 2 },
        { "c.sw a2, 64(a1)", nameof(Op.Sw), 0, 11, 12, 64, 2 },
        { "c.sd a2, 8(a1)", nameof(Op.Sd), 0, 11, 12, 8, 2 },
        { "c.fsd fa2, 16(a1)", nameof(Op.Fsd), 0, 11, 12, 16, 2 },
        { "c.addi a0, -32", nameof(Op.Addi), 10, 10, 0, -32, 2 },
        { "c.addiw a0, 31", nameof(Op.Addiw), 10, 10, 0, 31, 2 },
        { "c.li a0, -1", nameof(Op.LoadImmediate), 10, 0, 0, -1, 2 },
        { "c.addi16sp sp, -512", nameof(Op.Addi), 2, 2, 0, -512, 2 },
        { "c.lui a0, 0xfffe1", nameof(Op.Lui), 10, 0, 0, -31 << 12, 2 },
        { "c.srli a0, 33", nameof(Op.Srli), 10, 10, 0, 33, 2 },
        { "c.srai a1, 1", nameof(Op.Srai), 11, 11, 0, 1, 2 },
        { "c.andi a1, -2", nameof(Op.Andi), 11, 11, 0, -2, 2 },
        { "c.sub a0, a1", nameof(Op.Sub), 10, 10, 11, 0, 2 },
        { "c.xor a0, a1", nameof(Op.Xor), 10, 10, 11, 0, 2 },
        { "c.or a0, a1", nameof(Op.Or), 10, 10, 11, 0, 2 },
        { "c.and a0, a1", nameof(Op.And), 10, 10, 11, 0, 2 },
        { "c.subw a0, a1", nameof(Op.Subw), 10, 10, 11, 0, 2 },
        { "c.addw a0, a1", nameof(Op.Addw), 10, 10, 11, 0, 2 },
        { "c.j .-2048", nameof(Op.Jal), Sink, 0, 0, -2048, 2 },
        { "c.beqz a0, .-256", nameof(Op.Beq), 0, 10, 0, -256, 2 },
        { "c.bnez a5, .+254", nameof(Op.Bne), 0, 15, 0, 254, 2 },
        { "c.slli a0, 63", nameof(Op.Slli), 10, 10, 0, 63, 2 },
        { "c.fldsp fa0, 504(sp)", nameof(Op.Fld), 10, 2, 0, 504, 2 },
        { "c.lwsp a0, 252(sp)", nameof(Op.Lw), 10, 2, 0, 252, 2 },
        { "c.ldsp a0, 504(sp)", nameof(Op.Ld), 10, 2, 0, 504, 2 },
        { "c.jr ra", nameof(Op.Jalr), Sink, 1, 0, 0, 2 },
        { "c.mv a0, a1", nameof(Op.Move), 10, 11, 0, 0, 2 },
        { "c.ebreak", nameof(Op.Ebreak), 0, 0, 0, 0, 2 },
        { "c.jalr a0", nameof(Op.Jalr), 1, 10, 0, 0, 2 },
        { "c.add a0, a1", nameof(Op.Add), 10, 10, 11, 0, 2 },
        { "c.fsdsp fa1, 504(sp)", nameof(Op.Fsd), 0, 2, 11, 504, 2 },
        { "c.swsp a1, 252(sp)", nameof(Op.Sw), 0, 2, 11, 252, 2 },
        { "c.sdsp a1, 504(sp)", nameof(Op.Sd), 0, 2, 11, 504, 2 },
    };

    [ReferenceTheory("riscv64-unknown-elf-as", "riscv64-unknown-elf-objcopy")]
    [MemberData(nameof(Instructions))]
    public void Decodes_what_the_GNU_assembler_encodes(string assembly, string op, byte rd, byte rs1, byte rs2, int imm, byte length)
    {
        var bytes = Assemble(assembly);
        Assert.Equal(length, bytes.Length);
        var bits = length == 2 ? BitConverter.ToUInt16(bytes) : BitConverter.ToUInt32(bytes);
        var decoded = Decoder.Decode(bits);
        Assert.Equal((op, rd, rs1, rs2, imm, length, bits), (decoded.Op.ToString(), decoded.Rd, decoded.Rs1, decoded.Rs2, decoded.Imm, decoded.Length, decoded.Bits));
    }

    [Theory]
    [InlineData(0x0000_0000u)] // the all-zero parcel is defined to be illegal
    [InlineData(0x0000_8000u)] // c.lw-quadrant reserved (funct3 100)
    [InlineData(0x0000_6101u)] // c.addi16sp with a zero immediate is reserved
    [InlineData(0x0000_4002u)] // c.lwsp with rd = x0 is reserved
    [InlineData(0x0000_8002u)] // c.jr with rs1 = x0 is reserved
    [InlineData(0x0000_2001u)] // c.addiw with rd = x0 is reserved
    [InlineData(0xffff_ffffu)]
    [InlineData(0x0800_1013u)] // slli with a non-zero funct6
    [InlineData(0x0000_4073u)] // SYSTEM with funct3 = 4 is reserved
    [InlineData(0x0010_0273u)] // ebreak with a non-zero rd
    [InlineData(0x0000_1007u)] // an FP load with funct3 = 1 (no 16-bit FP format here)
    public void Reserved_encodings_decode_as_illegal(uint bits)
    {
        Assert.Equal(Op.Illegal, Decoder.Decode(bits).Op);
    }

    [Fact]
    public void Every_16_bit_parcel_decodes_to_a_record_without_throwing()
    {
        for (uint bits = 0; bits < 0x10000; bits++)
        {
            var decoded = Decoder.Decode(bits | ((bits & 3) == 3 ? 0xabcd_0000u : 0));
            Assert.True(decoded.Length is 2 or 4);
            Assert.True(decoded.Rd <= Hart.SinkRegister && decoded.Rs1 < 32 && decoded.Rs2 < 32 && decoded.Rs3 < 32);
        }
    }

    private static byte[] Assemble(string assembly)
    {
        var directory = Directory.CreateTempSubdirectory("cvm-decoder-");
        try
        {
            var source = Path.Combine(directory.FullName, "t.s");
            var obj = Path.Combine(directory.FullName, "t.o");
            var binary = Path.Combine(directory.FullName, "t.bin");
            // Without norvc the assembler would silently pick compressed forms for the 32-bit cases.
            File.WriteAllText(source, (assembly.StartsWith("c.", StringComparison.Ordinal) ? "" : ".option norvc\n") + assembly + "\n");
            var assembled = ReferenceTools.Run("riscv64-unknown-elf-as", ["-march=rv64gc", source, "-o", obj]);
            Assert.True(assembled.ExitCode == 0, assembled.StandardError);
            var copied = ReferenceTools.Run("riscv64-unknown-elf-objcopy", ["-O", "binary", "-j", ".text", obj, binary]);
            Assert.True(copied.ExitCode == 0, copied.StandardError);
            return File.ReadAllBytes(binary);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
