using Cvm.Assembly.Isa;

namespace Cvm.Assembly.Text;

internal sealed partial class AssemblyPass
{
    private static RegisterOperand Reg(string name, int column) => new(column, name);
    private static RegisterOperand Reg(long number, int column) => new(column, RegisterNames.Name(RegisterClass.Integer, (int)number));
    private static ExpressionOperand Imm(long value, int column) => new(column, new NumberExpression(column, value));
    private static MemoryOperand Mem(long offset, string baseRegister, int column) => new(column, new NumberExpression(column, offset), baseRegister, column);

    private void Expect(List<Operand> operands, string mnemonic, int count)
    {
        if (operands.Count != count)
        {
            throw Error(operands.Count > 0 ? operands[^1].Column : _statement.Location.Column,
                $"expected {count} operand(s) for '{mnemonic}', got {operands.Count}");
        }
    }

    /// <summary>Expands a base pseudo-instruction into real ones; false when <paramref name="mnemonic"/> is not a pseudo.</summary>
    private bool TryPseudo(string mnemonic, List<Operand> o)
    {
        var c = _statement.Location.Column;
        switch (mnemonic)
        {
            case "unimp": Expect(o, mnemonic, 0); EmitMatching("csrrw", [Reg("zero", c), Ident("cycle", c), Reg("zero", c)]); return true;
            case "nop": Expect(o, mnemonic, 0); Instruction("addi", [Reg("zero", c), Reg("zero", c), Imm(0, c)]); return true;
            case "li": Expect(o, mnemonic, 2); LoadImmediate(o); return true;
            case "la" or "lla": Expect(o, mnemonic, 2); PcrelPair("addi", o[0], o[1], hiRegister: o[0]); return true;
            case "mv": Expect(o, mnemonic, 2); Instruction("addi", [o[0], o[1], Imm(0, c)]); return true;
            case "not": Expect(o, mnemonic, 2); Instruction("xori", [o[0], o[1], Imm(-1, c)]); return true;
            case "neg": Expect(o, mnemonic, 2); Instruction("sub", [o[0], Reg("zero", c), o[1]]); return true;
            case "negw": Expect(o, mnemonic, 2); Instruction("subw", [o[0], Reg("zero", c), o[1]]); return true;
            case "sext.w": Expect(o, mnemonic, 2); Instruction("addiw", [o[0], o[1], Imm(0, c)]); return true;
            case "seqz": Expect(o, mnemonic, 2); Instruction("sltiu", [o[0], o[1], Imm(1, c)]); return true;
            case "snez": Expect(o, mnemonic, 2); Instruction("sltu", [o[0], Reg("zero", c), o[1]]); return true;
            case "sltz": Expect(o, mnemonic, 2); Instruction("slt", [o[0], o[1], Reg("zero", c)]); return true;
            case "sgtz": Expect(o, mnemonic, 2); Instruction("slt", [o[0], Reg("zero", c), o[1]]); return true;
            case "jr": Expect(o, mnemonic, 1); EmitMatching("jalr", [Reg("zero", c), ToMemory(o[0])]); return true;
            case "jalr" when o.Count == 1: EmitMatching("jalr", [Reg("ra", c), ToMemory(o[0])]); return true;
            case "jalr" when o.Count == 2 && o[1] is RegisterOperand: EmitMatching("jalr", [o[0], ToMemory(o[1])]); return true;
            case "ret": Expect(o, mnemonic, 0); EmitMatching("jalr", [Reg("zero", c), Mem(0, "ra", c)]); return true;
            case "call": Expect(o, mnemonic, 1); CallPair(o[0], "ra", "ra"); return true;
            case "tail": Expect(o, mnemonic, 1); CallPair(o[0], "t1", "zero"); return true;
            case "fence" when o.Count == 0:
                EmitMatching("fence", [Ident("iorw", c), Ident("iorw", c)]);
                return true;
            case "sfence.vma" when o.Count < 2:
                EmitMatching("sfence.vma", [o.Count == 1 ? o[0] : Reg("zero", c), Reg("zero", c)]);
                return true;
            case "csrr": Expect(o, mnemonic, 2); EmitMatching("csrrs", [o[0], o[1], Reg("zero", c)]); return true;
            case "csrw" or "csrs" or "csrc":
                Expect(o, mnemonic, 2);
                EmitMatching(CsrBase(mnemonic, o[1]), [Reg("zero", c), o[0], o[1]]);
                return true;
            case "csrwi" or "csrsi" or "csrci":
                Expect(o, mnemonic, 2);
                EmitMatching("csrr" + mnemonic[3..], [Reg("zero", c), o[0], o[1]]);
                return true;
            case "rdcycle" or "rdtime" or "rdinstret" or "rdcycleh" or "rdtimeh" or "rdinstreth":
                Expect(o, mnemonic, 1);
                EmitMatching("csrrs", [o[0], Ident(mnemonic[2..], c), Reg("zero", c)]);
                return true;
            case "frcsr" or "frrm" or "frflags":
                Expect(o, mnemonic, 1);
                EmitMatching("csrrs", [o[0], Ident(FloatCsr(mnemonic), c), Reg("zero", c)]);
                return true;
            case "fscsr" or "fsrm" or "fsflags":
                if (o.Count is < 1 or > 2)
                {
                    Expect(o, mnemonic, 2);
                }
                EmitMatching("csrrw", [o.Count == 2 ? o[0] : Reg("zero", c), Ident(FloatCsr(mnemonic), c), o[^1]]);
                return true;
            case "fmv.s" or "fmv.d" or "fabs.s" or "fabs.d" or "fneg.s" or "fneg.d":
            {
                Expect(o, mnemonic, 2);
                var base1 = mnemonic[..mnemonic.IndexOf('.')] switch { "fmv" => "fsgnj", "fabs" => "fsgnjx", _ => "fsgnjn" };
                EmitMatching(base1 + mnemonic[^2..], [o[0], o[1], o[1]]);
                return true;
            }
            case "cspecialr": Expect(o, mnemonic, 2); EmitMatching("cspecialrw", [o[0], o[1], Reg("cnull", c)]); return true;
            case "cspecialw": Expect(o, mnemonic, 2); EmitMatching("cspecialrw", [Reg("cnull", c), o[0], o[1]]); return true;
            // LLVM's longer spellings and the jump shorthands of the Xcheri MC tests.
            case "csetequalexact": EmitMatching("cseqx", o); return true;
            case "croundrepresentablelength": EmitMatching("crrl", o); return true;
            case "crepresentablealignmentmask": EmitMatching("cram", o); return true;
            case "jalr.cap" when o.Count == 1: EmitMatching("jalr.cap", [Reg("cra", c), o[0]]); return true;
            case "jr.cap": Expect(o, mnemonic, 1); EmitMatching("jalr.cap", [Reg("cnull", c), o[0]]); return true;
            case "ret.cap": Expect(o, mnemonic, 0); EmitMatching("jalr.cap", [Reg("cnull", c), Reg("cra", c)]); return true;
            case "jalr.pcc" when o.Count == 1: EmitMatching("jalr.pcc", [Reg("ra", c), o[0]]); return true;
            case "jr.pcc": Expect(o, mnemonic, 1); EmitMatching("jalr.pcc", [Reg("zero", c), o[0]]); return true;
            case "ret.pcc": Expect(o, mnemonic, 0); EmitMatching("jalr.pcc", [Reg("zero", c), Reg("ra", c)]); return true;
            // Before ISAv9, integer-mode "cjalr cd, cs1" was JALR.CAP (cheri-riscv.md §9.6); in capability mode it is CJALR.
            case "cjalr" when o.Count is 1 or 2 && o[^1] is RegisterOperand target:
            {
                var link = o.Count == 2 ? o[0] : Reg("cra", c);
                EmitMatching(_capabilityMode ? "cjalr" : "jalr.cap",
                    _capabilityMode ? [link, new MemoryOperand(target.Column, null, target.Name, target.Column)] : [link, target]);
                return true;
            }
            case "cjr":
                Expect(o, mnemonic, 1);
                EmitMatching(_capabilityMode ? "cjalr" : "jalr.cap",
                    _capabilityMode ? [Reg("cnull", c), ToMemory(o[0])] : [Reg("cnull", c), o[0]]);
                return true;
            // Capability-mode spellings with a "c" prefix (LLVM): cld a0, 8(ca1) is ld with a capability base.
            case "clb" or "clh" or "clw" or "cld" or "clbu" or "clhu" or "clwu" or "csb" or "csh" or "csw" or "csd"
                or "cflw" or "cfld" or "cfsw" or "cfsd" when _capabilityMode:
                EmitMatching(mnemonic[1..], o);
                return true;
            case "c.clw" or "c.cld" or "c.csw" or "c.csd" or "c.clwcsp" or "c.cldcsp" or "c.cswcsp" or "c.csdcsp" when _capabilityMode:
                EmitMatching("c." + mnemonic[3..].Replace("csp", "sp", StringComparison.Ordinal), o);
                return true;
            case "cincoffsetimm": EmitMatching("cincoffset", o); return true;
            case "csetboundsimm": EmitMatching("csetbounds", o); return true;
            case "c.nop": Expect(o, mnemonic, 0); EmitMatching("c.addi", [Reg("zero", c), Imm(0, c)]); return true;
            case "lb" or "lh" or "lw" or "ld" or "lbu" or "lhu" or "lwu" when o.Count == 2 && o[1] is ExpressionOperand:
                PcrelPair(mnemonic, o[0], o[1], hiRegister: o[0]);
                return true;
            case "flw" or "fld" when o.Count == 3 && o[1] is ExpressionOperand:
                PcrelPair(mnemonic, o[0], o[1], hiRegister: o[2]);
                return true;
            case "sb" or "sh" or "sw" or "sd" or "fsw" or "fsd" when o.Count == 3 && o[1] is ExpressionOperand:
                PcrelPair(mnemonic, o[0], o[1], hiRegister: o[2]);
                return true;
            default:
                return false;
        }
    }

    private static ExpressionOperand Ident(string name, int column) => new(column, new SymbolExpression(column, name));

    private static string FloatCsr(string mnemonic) => mnemonic[2..] switch { "csr" => "fcsr", "rm" => "frm", _ => "fflags" };

    /// <summary>csrw/csrs/csrc with an immediate source are the csrr?i forms, as in GNU as.</summary>
    private static string CsrBase(string mnemonic, Operand source) =>
        "csrr" + mnemonic[3..] + (source is ExpressionOperand ? "i" : "");

    private Operand ToMemory(Operand operand) => operand switch
    {
        RegisterOperand r => new MemoryOperand(r.Column, null, r.Name, r.Column),
        MemoryOperand m => m,
        _ => throw Error(operand.Column, "expected a register"),
    };

    /// <summary>AUIPC with %pcrel_hi(target), then the instruction with %pcrel_lo of the AUIPC's own label.</summary>
    private void PcrelPair(string mnemonic, Operand destination, Operand target, Operand hiRegister)
    {
        if (target is not ExpressionOperand targetExpression)
        {
            throw Error(target.Column, "expected a symbol");
        }
        if (hiRegister is not RegisterOperand hi)
        {
            throw Error(hiRegister.Column, "expected an integer register");
        }
        var column = target.Column;
        var anchor = CurrentLocationSymbol("pcrel");
        EmitMatching("auipc", [hi, new ExpressionOperand(column, new RelocationExpression(column, RelocationOperator.PcrelHi, targetExpression.Expression))]);
        var low = new RelocationExpression(column, RelocationOperator.PcrelLo, new SymbolExpression(column, anchor));
        if (mnemonic == "addi")
        {
            EmitMatching("addi", [destination, hi, new ExpressionOperand(column, low)]);
        }
        else
        {
            EmitMatching(mnemonic, [destination, new MemoryOperand(column, low, hi.Name, hi.Column)]);
        }
    }

    /// <summary>call/tail: AUIPC+JALR with one CALL relocation over both words.</summary>
    private void CallPair(Operand target, string linkTemporary, string link)
    {
        if (target is not ExpressionOperand e)
        {
            throw Error(target.Column, "expected a symbol");
        }
        var value = Evaluate(e.Expression);
        if (value.Operator != RelocationOperator.None)
        {
            throw Error(target.Column, "call and tail take a plain symbol");
        }
        var temporary = RegisterNames.Parse(RegisterClass.Integer, linkTemporary);
        var linkRegister = RegisterNames.Parse(RegisterClass.Integer, link);
        var auipc = InstructionTable.ByMnemonic("auipc").First();
        var jalr = InstructionTable.ByMnemonic("jalr").First(f => f.Mode == EncodingMode.Any);
        EmitInstructionWord(auipc.Encode([temporary, 0]), 4,
            [new PendingRelocation(RelocationKind.Call, value.Symbol ?? "", value.Addend, null, target.Column)]);
        EmitInstructionWord(jalr.Encode([linkRegister, 0, temporary]), 4, []);
    }
}
