using Cvm.Assembly.Isa;

namespace Cvm.Assembly;

/// <summary>
/// The conventional short spellings objdump prints by default (<c>li</c>, <c>mv</c>, <c>ret</c>, <c>beqz</c>,
/// <c>csrr</c>, <c>cspecialr</c>…). Each rule names the form it rewrites and the operand values it requires.
/// </summary>
internal static class Aliases
{
    /// <summary>
    /// The 32-bit instruction each compressed one stands for (the expansions listed in the "C" chapter of the RISC-V
    /// unprivileged specification), as base mnemonic and field values in that form's order. The default listing
    /// prints a compressed instruction as what it does, the way objdump does without <c>-M no-aliases</c>.
    /// </summary>
    private static readonly Dictionary<string, (string Base, Func<IReadOnlyList<long>, long[]> Values)> Expansions = new(StringComparer.Ordinal)
    {
        ["c.addi4spn"] = ("addi", v => [v[0], 2, v[1]]),
        ["c.fld"] = ("fld", v => [v[0], v[1], v[2]]),
        ["c.lw"] = ("lw", v => [v[0], v[1], v[2]]),
        ["c.ld"] = ("ld", v => [v[0], v[1], v[2]]),
        ["c.fsd"] = ("fsd", v => [v[0], v[1], v[2]]),
        ["c.sw"] = ("sw", v => [v[0], v[1], v[2]]),
        ["c.sd"] = ("sd", v => [v[0], v[1], v[2]]),
        ["c.addi"] = ("addi", v => [v[0], v[0], v[1]]),
        ["c.addiw"] = ("addiw", v => [v[0], v[0], v[1]]),
        ["c.li"] = ("addi", v => [v[0], 0, v[1]]),
        ["c.addi16sp"] = ("addi", v => [2, 2, v[0]]),
        ["c.lui"] = ("lui", v => [v[0], v[1] & 0xFFFFF]),
        ["c.srli"] = ("srli", v => [v[0], v[0], v[1]]),
        ["c.srai"] = ("srai", v => [v[0], v[0], v[1]]),
        ["c.andi"] = ("andi", v => [v[0], v[0], v[1]]),
        ["c.sub"] = ("sub", v => [v[0], v[0], v[1]]),
        ["c.xor"] = ("xor", v => [v[0], v[0], v[1]]),
        ["c.or"] = ("or", v => [v[0], v[0], v[1]]),
        ["c.and"] = ("and", v => [v[0], v[0], v[1]]),
        ["c.subw"] = ("subw", v => [v[0], v[0], v[1]]),
        ["c.addw"] = ("addw", v => [v[0], v[0], v[1]]),
        ["c.j"] = ("jal", v => [0, v[0]]),
        ["c.beqz"] = ("beq", v => [v[0], 0, v[1]]),
        ["c.bnez"] = ("bne", v => [v[0], 0, v[1]]),
        ["c.slli"] = ("slli", v => [v[0], v[0], v[1]]),
        ["c.fldsp"] = ("fld", v => [v[0], v[1], 2]),
        ["c.lwsp"] = ("lw", v => [v[0], v[1], 2]),
        ["c.ldsp"] = ("ld", v => [v[0], v[1], 2]),
        ["c.jr"] = ("jalr", v => [0, 0, v[0]]),
        ["c.mv"] = ("addi", v => [v[0], v[1], 0]),
        ["c.ebreak"] = ("ebreak", _ => []),
        ["c.jalr"] = ("jalr", v => [1, 0, v[0]]),
        ["c.add"] = ("add", v => [v[0], v[0], v[1]]),
        ["c.fsdsp"] = ("fsd", v => [v[0], v[1], 2]),
        ["c.swsp"] = ("sw", v => [v[0], v[1], 2]),
        ["c.sdsp"] = ("sd", v => [v[0], v[1], 2]),
    };

    public static (string Mnemonic, string Operands) Describe(InstructionForm form, IReadOnlyList<long> v, ulong address,
        DisassemblyOptions options)
    {
        if (Expansions.TryGetValue(form.Mnemonic, out var expansion))
        {
            var baseForm = InstructionTable.ByMnemonic(expansion.Base).First(f => f.Mode == EncodingMode.Any && f.Length == 4);
            return Describe(baseForm, expansion.Values(v), address, options);
        }
        string X(long r) => RegisterNames.Name(RegisterClass.Integer, (int)r);
        string Fr(long r) => RegisterNames.Name(RegisterClass.Float, (int)r);
        string Cr(long r) => RegisterNames.Name(RegisterClass.Capability, (int)r);
        string Target(long offset) => Disassembler.FormatTarget(address + (ulong)offset, options);
        string Csr(long n) => Fields.Csr.Format(n);

        (string, string)? alias = form.Mnemonic switch
        {
            "addi" when v[0] == 0 && v[1] == 0 && v[2] == 0 => ("nop", ""),
            "addi" when v[1] == 0 => ("li", $"{X(v[0])},{v[2]}"),
            "addi" when v[2] == 0 => ("mv", $"{X(v[0])},{X(v[1])}"),
            "xori" when v[2] == -1 => ("not", $"{X(v[0])},{X(v[1])}"),
            "sub" when v[1] == 0 => ("neg", $"{X(v[0])},{X(v[2])}"),
            "subw" when v[1] == 0 => ("negw", $"{X(v[0])},{X(v[2])}"),
            "addiw" when v[2] == 0 => ("sext.w", $"{X(v[0])},{X(v[1])}"),
            "sltiu" when v[2] == 1 => ("seqz", $"{X(v[0])},{X(v[1])}"),
            "sltu" when v[1] == 0 => ("snez", $"{X(v[0])},{X(v[2])}"),
            "slt" when v[2] == 0 => ("sltz", $"{X(v[0])},{X(v[1])}"),
            "slt" when v[1] == 0 => ("sgtz", $"{X(v[0])},{X(v[2])}"),
            "beq" when v[1] == 0 => ("beqz", $"{X(v[0])},{Target(v[2])}"),
            "bne" when v[1] == 0 => ("bnez", $"{X(v[0])},{Target(v[2])}"),
            "bge" when v[0] == 0 => ("blez", $"{X(v[1])},{Target(v[2])}"),
            "bge" when v[1] == 0 => ("bgez", $"{X(v[0])},{Target(v[2])}"),
            "blt" when v[1] == 0 => ("bltz", $"{X(v[0])},{Target(v[2])}"),
            "blt" when v[0] == 0 => ("bgtz", $"{X(v[1])},{Target(v[2])}"),
            "jal" when v[0] == 0 => ("j", Target(v[1])),
            "jal" when v[0] == 1 => ("jal", Target(v[1])),
            "jalr" when v[0] == 0 && v[1] == 0 && v[2] == 1 => ("ret", ""),
            "jalr" when v[0] == 0 && v[1] == 0 => ("jr", X(v[2])),
            "jalr" when v[0] == 1 && v[1] == 0 => ("jalr", X(v[2])),
            "csrrs" when v[2] == 0 && v[1] == 0xc00 => ("rdcycle", X(v[0])),
            "csrrs" when v[2] == 0 && v[1] == 0xc01 => ("rdtime", X(v[0])),
            "csrrs" when v[2] == 0 && v[1] == 0xc02 => ("rdinstret", X(v[0])),
            "csrrs" when v[2] == 0 => ("csrr", $"{X(v[0])},{Csr(v[1])}"),
            "csrrw" when v[0] == 0 => ("csrw", $"{Csr(v[1])},{X(v[2])}"),
            "csrrs" when v[0] == 0 => ("csrs", $"{Csr(v[1])},{X(v[2])}"),
            "csrrc" when v[0] == 0 => ("csrc", $"{Csr(v[1])},{X(v[2])}"),
            "csrrwi" when v[0] == 0 => ("csrwi", $"{Csr(v[1])},{v[2]}"),
            "csrrsi" when v[0] == 0 => ("csrsi", $"{Csr(v[1])},{v[2]}"),
            "csrrci" when v[0] == 0 => ("csrci", $"{Csr(v[1])},{v[2]}"),
            "fsgnj.s" or "fsgnj.d" when v[1] == v[2] => ("fmv" + form.Mnemonic[5..], $"{Fr(v[0])},{Fr(v[1])}"),
            "fsgnjx.s" or "fsgnjx.d" when v[1] == v[2] => ("fabs" + form.Mnemonic[6..], $"{Fr(v[0])},{Fr(v[1])}"),
            "fsgnjn.s" or "fsgnjn.d" when v[1] == v[2] => ("fneg" + form.Mnemonic[6..], $"{Fr(v[0])},{Fr(v[1])}"),
            "cspecialrw" when v[2] == 0 => ("cspecialr", $"{Cr(v[0])},{Fields.Scr.Format(v[1])}"),
            "cspecialrw" when v[0] == 0 => ("cspecialw", $"{Fields.Scr.Format(v[1])},{Cr(v[2])}"),
            _ => null,
        };
        return alias ?? (form.Mnemonic, Disassembler.FormatOperands(form, v, address, options));
    }
}
