using System.Globalization;
using System.Text;
using Cvm.Assembly.Text;

namespace Cvm.Assembly;

/// <summary>A position in generated code, bound with <see cref="AssemblyBuilder.Bind"/>.</summary>
public sealed class Label
{
    internal Label(string name) => Name = name;

    /// <summary>The symbol name (exported names appear in symbol tables; generated ones do not).</summary>
    public string Name { get; }

    public override string ToString() => Name;
}

/// <summary>One operand for <see cref="AssemblyBuilder.Instruction"/>: a register, an immediate, a label or a memory reference.</summary>
public readonly struct BuilderOperand
{
    private BuilderOperand(string text) => Text = text;

    internal string Text { get; }

    public static implicit operator BuilderOperand(Register register) => new(RegisterNames.Name(RegisterClass.Integer, (int)register));
    public static implicit operator BuilderOperand(FloatRegister register) => new(RegisterNames.Name(RegisterClass.Float, (int)register));
    public static implicit operator BuilderOperand(CapRegister register) => new(RegisterNames.Name(RegisterClass.Capability, (int)register));
    public static implicit operator BuilderOperand(long immediate) => new(immediate.ToString(CultureInfo.InvariantCulture));
    public static implicit operator BuilderOperand(Label label) => new(label.Name);

    /// <summary><c>offset(base)</c> with an integer base register.</summary>
    public static BuilderOperand Memory(long offset, Register baseRegister) =>
        new($"{offset.ToString(CultureInfo.InvariantCulture)}({RegisterNames.Name(RegisterClass.Integer, (int)baseRegister)})");

    /// <summary><c>offset(base)</c> with a capability base register (capability-mode and Xcheri explicit forms).</summary>
    public static BuilderOperand Memory(long offset, CapRegister baseRegister) =>
        new($"{offset.ToString(CultureInfo.InvariantCulture)}({RegisterNames.Name(RegisterClass.Capability, (int)baseRegister)})");

    /// <summary>A named operand: CSR (<c>mstatus</c>), special capability register (<c>ddc</c>), rounding mode, fence set.</summary>
    public static BuilderOperand Name(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.') ? new(name) : throw new ArgumentException($"'{name}' is not a plain name", nameof(name));
}

/// <summary>
/// Generates RISC-V code from C#: labels, instructions (typed helpers for the common ones, <see cref="Instruction"/>
/// for any mnemonic of the table), data and sections. Each call becomes one statement of the text assembler, so
/// generated and hand-written code share the encoder, the pseudo-instruction expansions and the layout; the result is
/// the same <see cref="ObjectFile"/> the text assembler produces, with labels resolved when it is linked.
/// </summary>
public sealed class AssemblyBuilder
{
    private readonly StringBuilder _source = new();
    private readonly AssemblerOptions _options;
    private int _nextLabel;

    public AssemblyBuilder(AssemblerOptions? options = null) => _options = options ?? new AssemblerOptions();

    /// <summary>A new label; with a name it is also a symbol in the output (e.g. <c>_start</c>).</summary>
    public Label DefineLabel(string? name = null)
    {
        if (name is not null && !IsSymbolName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid symbol name", nameof(name));
        }
        return new Label(name ?? $".Lbuilder{_nextLabel++}");
    }

    /// <summary>Places <paramref name="label"/> at the current position.</summary>
    public AssemblyBuilder Bind(Label label) => Line(label.Name + ":");

    /// <summary>Makes the label visible outside (a global symbol).</summary>
    public AssemblyBuilder Global(Label label) => Line(".globl " + label.Name);

    /// <summary>Switches section (<c>.text</c>, <c>.data</c>, <c>.rodata</c>, <c>.bss</c>).</summary>
    public AssemblyBuilder Section(string name) => name is ".text" or ".data" or ".rodata" or ".bss"
        ? Line(name) : throw new ArgumentException("section must be .text, .data, .rodata or .bss", nameof(name));

    /// <summary>Any instruction or pseudo-instruction of the table, by mnemonic.</summary>
    public AssemblyBuilder Instruction(string mnemonic, params BuilderOperand[] operands)
    {
        if (!mnemonic.All(c => char.IsAsciiLetterOrDigit(c) || c == '.'))
        {
            throw new ArgumentException($"'{mnemonic}' is not a mnemonic", nameof(mnemonic));
        }
        return Line(operands.Length == 0 ? mnemonic : mnemonic + " " + string.Join(", ", operands.Select(o => o.Text)));
    }

    // Base integer instructions.
    public AssemblyBuilder Add(Register rd, Register rs1, Register rs2) => Instruction("add", rd, rs1, rs2);
    public AssemblyBuilder Sub(Register rd, Register rs1, Register rs2) => Instruction("sub", rd, rs1, rs2);
    public AssemblyBuilder Addi(Register rd, Register rs1, long immediate) => Instruction("addi", rd, rs1, immediate);
    public AssemblyBuilder Andi(Register rd, Register rs1, long immediate) => Instruction("andi", rd, rs1, immediate);
    public AssemblyBuilder Slli(Register rd, Register rs1, int shift) => Instruction("slli", rd, rs1, shift);
    public AssemblyBuilder Lui(Register rd, long upper20) => Instruction("lui", rd, upper20);
    public AssemblyBuilder Ld(Register rd, long offset, Register baseRegister) => Instruction("ld", rd, BuilderOperand.Memory(offset, baseRegister));
    public AssemblyBuilder Lw(Register rd, long offset, Register baseRegister) => Instruction("lw", rd, BuilderOperand.Memory(offset, baseRegister));
    public AssemblyBuilder Sd(Register rs2, long offset, Register baseRegister) => Instruction("sd", rs2, BuilderOperand.Memory(offset, baseRegister));
    public AssemblyBuilder Sw(Register rs2, long offset, Register baseRegister) => Instruction("sw", rs2, BuilderOperand.Memory(offset, baseRegister));
    public AssemblyBuilder Beq(Register rs1, Register rs2, Label target) => Instruction("beq", rs1, rs2, target);
    public AssemblyBuilder Bne(Register rs1, Register rs2, Label target) => Instruction("bne", rs1, rs2, target);
    public AssemblyBuilder Blt(Register rs1, Register rs2, Label target) => Instruction("blt", rs1, rs2, target);
    public AssemblyBuilder Bge(Register rs1, Register rs2, Label target) => Instruction("bge", rs1, rs2, target);
    public AssemblyBuilder Jal(Register rd, Label target) => Instruction("jal", rd, target);
    public AssemblyBuilder Jalr(Register rd, long offset, Register rs1) => Instruction("jalr", rd, BuilderOperand.Memory(offset, rs1));
    public AssemblyBuilder Ecall() => Instruction("ecall");
    public AssemblyBuilder Ebreak() => Instruction("ebreak");
    public AssemblyBuilder Csrrw(Register rd, string csr, Register rs1) => Instruction("csrrw", rd, BuilderOperand.Name(csr), rs1);
    public AssemblyBuilder Csrrs(Register rd, string csr, Register rs1) => Instruction("csrrs", rd, BuilderOperand.Name(csr), rs1);

    // Pseudo-instructions.
    public AssemblyBuilder Li(Register rd, long value) => Instruction("li", rd, value);
    public AssemblyBuilder La(Register rd, Label target) => Instruction("la", rd, target);
    public AssemblyBuilder Mv(Register rd, Register rs) => Instruction("mv", rd, rs);
    public AssemblyBuilder J(Label target) => Instruction("j", target);
    public AssemblyBuilder Call(Label target) => Instruction("call", target);
    public AssemblyBuilder Ret() => Instruction("ret");
    public AssemblyBuilder Nop() => Instruction("nop");

    // Xcheri (cheri-riscv.md §3).
    public AssemblyBuilder CGetAddr(Register rd, CapRegister cs1) => Instruction("cgetaddr", rd, cs1);
    public AssemblyBuilder CGetBase(Register rd, CapRegister cs1) => Instruction("cgetbase", rd, cs1);
    public AssemblyBuilder CGetLen(Register rd, CapRegister cs1) => Instruction("cgetlen", rd, cs1);
    public AssemblyBuilder CGetPerm(Register rd, CapRegister cs1) => Instruction("cgetperm", rd, cs1);
    public AssemblyBuilder CGetTag(Register rd, CapRegister cs1) => Instruction("cgettag", rd, cs1);
    public AssemblyBuilder CMove(CapRegister cd, CapRegister cs1) => Instruction("cmove", cd, cs1);
    public AssemblyBuilder CSetAddr(CapRegister cd, CapRegister cs1, Register rs2) => Instruction("csetaddr", cd, cs1, rs2);
    public AssemblyBuilder CIncOffset(CapRegister cd, CapRegister cs1, Register rs2) => Instruction("cincoffset", cd, cs1, rs2);
    public AssemblyBuilder CIncOffsetImm(CapRegister cd, CapRegister cs1, long immediate) => Instruction("cincoffset", cd, cs1, immediate);
    public AssemblyBuilder CSetBounds(CapRegister cd, CapRegister cs1, Register rs2) => Instruction("csetbounds", cd, cs1, rs2);
    public AssemblyBuilder CSetBoundsImm(CapRegister cd, CapRegister cs1, long length) => Instruction("csetbounds", cd, cs1, length);
    public AssemblyBuilder CSetBoundsExact(CapRegister cd, CapRegister cs1, Register rs2) => Instruction("csetboundsexact", cd, cs1, rs2);
    public AssemblyBuilder CAndPerm(CapRegister cd, CapRegister cs1, Register rs2) => Instruction("candperm", cd, cs1, rs2);
    public AssemblyBuilder CSetFlags(CapRegister cd, CapRegister cs1, Register rs2) => Instruction("csetflags", cd, cs1, rs2);
    public AssemblyBuilder CSeal(CapRegister cd, CapRegister cs1, CapRegister cs2) => Instruction("cseal", cd, cs1, cs2);
    public AssemblyBuilder CUnseal(CapRegister cd, CapRegister cs1, CapRegister cs2) => Instruction("cunseal", cd, cs1, cs2);
    public AssemblyBuilder CSealEntry(CapRegister cd, CapRegister cs1) => Instruction("csealentry", cd, cs1);
    public AssemblyBuilder CInvoke(CapRegister cs1, CapRegister cs2) => Instruction("cinvoke", cs1, cs2);
    public AssemblyBuilder JalrCap(CapRegister cd, CapRegister cs1) => Instruction("jalr.cap", cd, cs1);

    /// <summary>CSpecialRW: reads SCR <paramref name="scr"/> (e.g. "ddc", "mtcc") into cd and writes cs1 unless it is cnull.</summary>
    public AssemblyBuilder CSpecialRW(CapRegister cd, string scr, CapRegister cs1) => Instruction("cspecialrw", cd, BuilderOperand.Name(scr), cs1);

    /// <summary>LC (the LQ encoding): load a capability from offset(rs1).</summary>
    public AssemblyBuilder Lc(CapRegister cd, long offset, Register baseRegister) => Instruction("lc", cd, BuilderOperand.Memory(offset, baseRegister));

    /// <summary>SC (the SQ encoding): store a capability to offset(rs1).</summary>
    public AssemblyBuilder Sc(CapRegister cs2, long offset, Register baseRegister) => Instruction("sc", cs2, BuilderOperand.Memory(offset, baseRegister));

    // Data.
    public AssemblyBuilder Byte(byte value) => Line(".byte " + value.ToString(CultureInfo.InvariantCulture));
    public AssemblyBuilder Word(uint value) => Line(".word " + value.ToString(CultureInfo.InvariantCulture));
    public AssemblyBuilder Dword(ulong value) => Line(".dword " + value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The 64-bit address of a label (relocated at link time).</summary>
    public AssemblyBuilder Dword(Label label) => Line(".dword " + label.Name);

    public AssemblyBuilder Align(int powerOfTwo) => Line(".p2align " + powerOfTwo.ToString(CultureInfo.InvariantCulture));

    /// <summary>Assembles everything emitted so far.</summary>
    public ObjectFile Build() => TextAssembler.Assemble(_source.ToString(), "<builder>", _options);

    /// <summary>Assembles and links at <paramref name="baseAddress"/>.</summary>
    public LinkedImage Link(ulong baseAddress = LinkedImage.DefaultBaseAddress) => Linker.Link(Build(), baseAddress);

    private AssemblyBuilder Line(string line)
    {
        _source.Append(line).Append('\n');
        return this;
    }

    private static bool IsSymbolName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '.') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '$');
}
