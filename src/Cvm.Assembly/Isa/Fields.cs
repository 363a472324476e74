namespace Cvm.Assembly.Isa;

/// <summary>Every operand field, by the name syntax templates use. Bit positions follow the RISC-V and Xcheri specs.</summary>
public static class Fields
{
    private static readonly Dictionary<string, OperandField> ByName = new(StringComparer.Ordinal);

    private static T Add<T>(T field) where T : OperandField
    {
        ByName.Add(field.Name, field);
        return field;
    }

    private static RegisterField X(string name, int at, bool nonZero = false, bool notSp = false) =>
        Add(new RegisterField(name, RegisterClass.Integer, at, nonZero: nonZero, notSp: notSp));
    private static RegisterField F(string name, int at) => Add(new RegisterField(name, RegisterClass.Float, at));
    private static RegisterField C(string name, int at, bool nonZero = false, bool ddcAtZero = false) =>
        Add(new RegisterField(name, RegisterClass.Capability, at, nonZero: nonZero, ddcAtZero: ddcAtZero));
    private static RegisterField Prime(string name, RegisterClass registerClass, int at) =>
        Add(new RegisterField(name, registerClass, at, prime: true));
    private static ImmediateField Unsigned(string name, params (int, int, int)[] segments) =>
        Add(new ImmediateField(name, signed: false, ImmediateStyle.Decimal, segments));

    // Standard 32-bit fields.
    public static readonly RegisterField Rd = X("rd", 7);
    public static readonly RegisterField Rs1 = X("rs1", 15);
    public static readonly RegisterField Rs2 = X("rs2", 20);
    public static readonly RegisterField Frd = F("frd", 7);
    public static readonly RegisterField Frs1 = F("frs1", 15);
    public static readonly RegisterField Frs2 = F("frs2", 20);
    public static readonly RegisterField Frs3 = F("frs3", 27);
    public static readonly RegisterField Cd = C("cd", 7);
    public static readonly RegisterField Cs1 = C("cs1", 15);
    public static readonly RegisterField Cs2 = C("cs2", 20);
    public static readonly RegisterField Cs1OrDdc = C("cs1ddc", 15, ddcAtZero: true);
    public static readonly RegisterField Cs2OrDdc = C("cs2ddc", 20, ddcAtZero: true);

    public static readonly ImmediateField Imm12 = Add(new ImmediateField("imm12", true, ImmediateStyle.Decimal, [(11, 0, 20)],
        loRelocation: RelocationKind.Lo12I, pcrelLoRelocation: RelocationKind.PcrelLo12I));
    public static readonly ImmediateField StoreImm12 = Add(new ImmediateField("simm12", true, ImmediateStyle.Decimal,
        [(11, 5, 25), (4, 0, 7)], loRelocation: RelocationKind.Lo12S, pcrelLoRelocation: RelocationKind.PcrelLo12S));
    public static readonly ImmediateField BranchOffset = Add(new ImmediateField("bimm", true, ImmediateStyle.PcRelative,
        [(12, 12, 31), (10, 5, 25), (4, 1, 8), (11, 11, 7)], plainRelocation: RelocationKind.Branch));
    public static readonly ImmediateField JumpOffset = Add(new ImmediateField("jimm", true, ImmediateStyle.PcRelative,
        [(20, 20, 31), (10, 1, 21), (11, 11, 20), (19, 12, 12)], plainRelocation: RelocationKind.Jal));
    public static readonly ImmediateField Upper20 = Add(new ImmediateField("uimm20", false, ImmediateStyle.Hex, [(19, 0, 12)],
        hiRelocation: RelocationKind.Hi20, pcrelHiRelocation: RelocationKind.PcrelHi20));
    public static readonly ImmediateField Shamt6 = Add(new ImmediateField("shamt6", false, ImmediateStyle.Hex, [(5, 0, 20)]));
    public static readonly ImmediateField Shamt5 = Add(new ImmediateField("shamt5", false, ImmediateStyle.Hex, [(4, 0, 20)]));
    public static readonly ImmediateField Zimm5 = Unsigned("zimm5", (4, 0, 15));
    public static readonly ImmediateField Uimm12 = Unsigned("uimm12", (11, 0, 20));
    public static readonly NamedNumberField Csr = Add(new NamedNumberField("csr", 20, 12, SystemRegisters.CsrNames));
    public static readonly NamedNumberField Scr = Add(new NamedNumberField("scr", 20, 5, SystemRegisters.ScrNames));
    public static readonly RoundingModeField RoundingMode = Add(new RoundingModeField());
    public static readonly FenceSetField Predecessor = Add(new FenceSetField("pred", 24));
    public static readonly FenceSetField Successor = Add(new FenceSetField("succ", 20));

    /// <summary>CClear/FPClear: quarter q = rs1[4:3]; mask m[7:5] = rs1[2:0], m[4:0] = rd (cheri-riscv.md §3.5).</summary>
    public static readonly ImmediateField ClearQuarter = Unsigned("q", (1, 0, 18));
    public static readonly ImmediateField ClearMask = Unsigned("m8", (7, 5, 15), (4, 0, 7));

    // Compressed fields.
    public static readonly RegisterField CRd = X("c.rd", 7);
    public static readonly RegisterField CRdNonZero = X("c.rd!0", 7, nonZero: true);
    public static readonly RegisterField CRdLui = X("c.rd.lui", 7, notSp: true);
    public static readonly RegisterField CRs2 = X("c.rs2", 2);
    public static readonly RegisterField CRs2NonZero = X("c.rs2!0", 2, nonZero: true);
    public static readonly RegisterField CFrd = F("c.frd", 7);
    public static readonly RegisterField CFrs2 = F("c.frs2", 2);
    public static readonly RegisterField CRdPrime = Prime("c.rd'", RegisterClass.Integer, 2);
    public static readonly RegisterField CRs1Prime = Prime("c.rs1'", RegisterClass.Integer, 7);
    public static readonly RegisterField CRs2Prime = Prime("c.rs2'", RegisterClass.Integer, 2);
    public static readonly RegisterField CFrdPrime = Prime("c.frd'", RegisterClass.Float, 2);
    public static readonly RegisterField CFrs2Prime = Prime("c.frs2'", RegisterClass.Float, 2);
    public static readonly RegisterField CCs2Prime = Prime("c.cs2'", RegisterClass.Capability, 2);
    public static readonly RegisterField CCdPrime = Prime("c.cd'", RegisterClass.Capability, 2);
    public static readonly RegisterField CCs1Prime = Prime("c.cs1'", RegisterClass.Capability, 7);
    public static readonly RegisterField CCdNonZero = C("c.cd!0", 7, nonZero: true);
    public static readonly RegisterField CCs2 = C("c.cs2", 2);

    public static readonly ImmediateField CImm6 = Add(new ImmediateField("c.imm6", true, ImmediateStyle.Decimal, [(5, 5, 12), (4, 0, 2)]));
    public static readonly ImmediateField CLui = Add(new ImmediateField("c.lui", true, ImmediateStyle.Hex, [(5, 5, 12), (4, 0, 2)],
        nonZero: true, hexWidth: 20));
    public static readonly ImmediateField CShamt = Add(new ImmediateField("c.shamt", false, ImmediateStyle.Hex, [(5, 5, 12), (4, 0, 2)]));
    public static readonly ImmediateField CAddi16Sp = Add(new ImmediateField("c.imm16sp", true, ImmediateStyle.Decimal,
        [(9, 9, 12), (4, 4, 6), (6, 6, 5), (8, 7, 3), (5, 5, 2)], nonZero: true));
    public static readonly ImmediateField CAddi4Spn = Add(new ImmediateField("c.imm4spn", false, ImmediateStyle.Decimal,
        [(5, 4, 11), (9, 6, 7), (2, 2, 6), (3, 3, 5)], nonZero: true));
    public static readonly ImmediateField CWordOffset = Unsigned("c.woff", (5, 3, 10), (2, 2, 6), (6, 6, 5));
    public static readonly ImmediateField CDoubleOffset = Unsigned("c.doff", (5, 3, 10), (7, 6, 5));
    public static readonly ImmediateField CQuadOffset = Unsigned("c.qoff", (5, 4, 11), (8, 8, 10), (7, 6, 5));
    public static readonly ImmediateField CWordSpLoad = Unsigned("c.lwsp", (5, 5, 12), (4, 2, 4), (7, 6, 2));
    public static readonly ImmediateField CDoubleSpLoad = Unsigned("c.ldsp", (5, 5, 12), (4, 3, 5), (8, 6, 2));
    public static readonly ImmediateField CQuadSpLoad = Unsigned("c.lqsp", (5, 5, 12), (4, 4, 6), (9, 6, 2));
    public static readonly ImmediateField CWordSpStore = Unsigned("c.swsp", (5, 2, 9), (7, 6, 7));
    public static readonly ImmediateField CDoubleSpStore = Unsigned("c.sdsp", (5, 3, 10), (8, 6, 7));
    public static readonly ImmediateField CQuadSpStore = Unsigned("c.sqsp", (5, 4, 11), (9, 6, 7));
    public static readonly ImmediateField CJumpOffset = Add(new ImmediateField("c.jimm", true, ImmediateStyle.PcRelative,
        [(11, 11, 12), (4, 4, 11), (9, 8, 9), (10, 10, 8), (6, 6, 7), (7, 7, 6), (3, 1, 3), (5, 5, 2)],
        plainRelocation: RelocationKind.RvcJump));
    public static readonly ImmediateField CBranchOffset = Add(new ImmediateField("c.bimm", true, ImmediateStyle.PcRelative,
        [(8, 8, 12), (4, 3, 10), (7, 6, 5), (2, 1, 3), (5, 5, 2)], plainRelocation: RelocationKind.RvcBranch));

    /// <summary>Parses a syntax template such as <c>rd,imm12(rs1)</c> or <c>c.rd',sp,c.imm4spn</c>.</summary>
    public static IReadOnlyList<SyntaxPart> ParseSyntax(string template)
    {
        if (template.Length == 0)
        {
            return [];
        }
        var parts = new List<SyntaxPart>();
        foreach (var text in template.Split(','))
        {
            var open = text.IndexOf('(');
            if (open >= 0)
            {
                var offset = open == 0 ? null : Lookup(text[..open]);
                var baseName = text[(open + 1)..^1];
                parts.Add(ByName.TryGetValue(baseName, out var baseField)
                    ? new SyntaxPart(offset, (RegisterField)baseField, null, IsMemory: true)
                    : new SyntaxPart(offset, null, FixedRegister(baseName, template), IsMemory: true));
            }
            else if (ByName.TryGetValue(text, out var field))
            {
                parts.Add(new SyntaxPart(field, null, null, IsMemory: false));
            }
            else
            {
                parts.Add(new SyntaxPart(null, null, FixedRegister(text, template), IsMemory: false));
            }
        }
        return parts;
    }

    private static (RegisterClass, int) FixedRegister(string name, string template)
    {
        var registerClass = name.StartsWith('c') ? RegisterClass.Capability : RegisterClass.Integer;
        var number = RegisterNames.Parse(registerClass, name);
        return number >= 0 ? (registerClass, number) : throw new ArgumentException($"unknown syntax element '{name}' in '{template}'");
    }

    private static OperandField Lookup(string name) =>
        ByName.TryGetValue(name, out var field) ? field : throw new ArgumentException($"unknown operand field '{name}'");
}
