using Cvm.Assembly.Isa;

namespace Cvm.Assembly.Text;

internal sealed partial class AssemblyPass
{
    /// <summary>Major-opcode names accepted by <c>.insn</c>, as GNU as spells them.</summary>
    private static readonly Dictionary<string, long> OpcodeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["LOAD"] = 0x03, ["LOAD_FP"] = 0x07, ["CUSTOM_0"] = 0x0B, ["MISC_MEM"] = 0x0F, ["OP_IMM"] = 0x13, ["AUIPC"] = 0x17,
        ["OP_IMM_32"] = 0x1B, ["STORE"] = 0x23, ["STORE_FP"] = 0x27, ["CUSTOM_1"] = 0x2B, ["AMO"] = 0x2F, ["OP"] = 0x33,
        ["LUI"] = 0x37, ["OP_32"] = 0x3B, ["MADD"] = 0x43, ["MSUB"] = 0x47, ["NMSUB"] = 0x4B, ["NMADD"] = 0x4F,
        ["OP_FP"] = 0x53, ["CUSTOM_2"] = 0x5B, ["BRANCH"] = 0x63, ["JALR"] = 0x67, ["JAL"] = 0x6F, ["SYSTEM"] = 0x73,
        ["CUSTOM_3"] = 0x7B,
    };

    /// <summary>
    /// <c>.insn r|i|s|b|u|j opcode, funct…, operands</c> builds a word from explicit fields; <c>.insn value</c> or
    /// <c>.insn length, value</c> emits a raw 2- or 4-byte instruction.
    /// </summary>
    private void InsnDirective()
    {
        var operands = _statement.Operands;
        if (operands.Count == 0)
        {
            throw Error(_statement.Location.Column, ".insn needs a format (r, i, s, b, u, j) or a value");
        }
        var first = operands[0];
        if (first.Count >= 2 && first[0] is { Kind: TokenKind.Identifier } format && format.Text.ToLowerInvariant() is "r" or "i" or "s" or "b" or "u" or "j")
        {
            var fieldOperands = new List<List<Token>> { first.Skip(1).ToList() };
            fieldOperands.AddRange(operands.Skip(1));
            InsnFormat(format.Text.ToLowerInvariant(), fieldOperands);
            return;
        }
        var (length, value) = operands.Count switch
        {
            1 => (-1L, Constant(operands[0], ".insn")),
            2 => (Constant(operands[0], ".insn"), Constant(operands[1], ".insn")),
            _ => throw Error(operands[2][0].Column, ".insn with a raw value takes a value or a length and a value"),
        };
        var natural = (value & 3) == 3 ? 4 : 2;
        if (length != -1 && length != natural)
        {
            throw Error(operands[0][0].Column, $".insn length {length} does not match the value's encoding length {natural}");
        }
        if (value < 0 || value >= 1L << (8 * natural))
        {
            throw Error(operands[^1][0].Column, $".insn value does not fit a {natural}-byte instruction");
        }
        EmitInstructionWord((uint)value, natural, []);
    }

    private void InsnFormat(string format, List<List<Token>> operands)
    {
        var fixedCount = format switch { "r" => 3, "i" or "s" or "b" => 2, _ => 1 };
        if (operands.Count <= fixedCount)
        {
            throw Error(_statement.Location.Column, $".insn {format} needs the opcode, function codes and operands");
        }
        var opcode = InsnNumber(operands[0], 0x7F, "opcode");
        if ((opcode & 3) != 3)
        {
            throw Error(operands[0][0].Column, ".insn formats r/i/s/b/u/j need a 32-bit opcode (low two bits 11)");
        }
        var match = (uint)opcode;
        if (fixedCount >= 2)
        {
            match |= (uint)InsnNumber(operands[1], 7, "funct3") << 12;
        }
        if (fixedCount == 3)
        {
            match |= (uint)InsnNumber(operands[2], 0x7F, "funct7") << 25;
        }
        var rest = operands.Skip(fixedCount).Select(t => OperandParser.Parse(t, _statement.Location)).ToList();
        var syntax = format switch
        {
            "r" => "rd,rs1,rs2",
            "i" => rest.Count == 2 ? "rd,imm12(rs1)" : "rd,rs1,imm12",
            "s" => "rs2,simm12(rs1)",
            "b" => "rs1,rs2,bimm",
            "u" => "rd,uimm20",
            _ => "rd,jimm",
        };
        var parts = Fields.ParseSyntax(syntax);
        var fields = parts.SelectMany(p => new[] { p.Field, p.Base }).OfType<OperandField>().ToList();
        var form = new InstructionForm(".insn", Extension.I, match, parts, EncodingMode.Any, fields);
        EmitResolved(form, rest, anyRegisterClass: true);
    }

    private long InsnNumber(List<Token> tokens, long maximum, string what)
    {
        var value = tokens is [{ Kind: TokenKind.Identifier } name] && OpcodeNames.TryGetValue(name.Text, out var known)
            ? known
            : Constant(tokens, ".insn " + what);
        return value >= 0 && value <= maximum ? value : throw Error(tokens[0].Column, $".insn {what} {value} is out of range 0-{maximum}");
    }
}
