namespace Cvm.Assembly.Isa;

/// <summary>The ISA extension an instruction form belongs to.</summary>
public enum Extension { I, M, A, F, D, C, Zicsr, Zifencei, Privileged, Xcheri }

/// <summary>
/// Whether a form is only valid in one CHERI encoding mode (cheri-riscv.md §3.7): some compressed encodings and the
/// capability-mode spellings of JAL/JALR/AUIPC/LQ/SQ mean different things depending on PCC's mode flag.
/// </summary>
public enum EncodingMode { Any, IntegerOnly, CapabilityOnly }

/// <summary>
/// One written operand of a form: a field; a memory operand <c>offset(base)</c> or <c>(base)</c> whose base is a
/// field or a fixed register (<c>sp</c> in C.LWSP); or a fixed register written on its own.
/// </summary>
public sealed record SyntaxPart(OperandField? Field, RegisterField? Base, (RegisterClass Class, int Number)? FixedRegister, bool IsMemory);

/// <summary>
/// One instruction encoding: a row of <see cref="InstructionTable"/>. The mask is derived from the fields: every
/// bit not owned by an operand field is fixed to the value in <see cref="Match"/>.
/// </summary>
public sealed class InstructionForm
{
    public InstructionForm(string mnemonic, Extension extension, uint match, IReadOnlyList<SyntaxPart> syntax,
        EncodingMode mode, IReadOnlyList<OperandField> fields)
    {
        Mnemonic = mnemonic;
        Extension = extension;
        Match = match;
        Syntax = syntax;
        Mode = mode;
        Fields = fields;
        Length = (match & 3) == 3 ? 4 : 2;
        var fieldBits = fields.Aggregate(0u, (acc, f) => acc | f.Mask);
        Mask = (Length == 4 ? 0xFFFF_FFFFu : 0xFFFFu) & ~fieldBits;
    }

    public string Mnemonic { get; }
    public Extension Extension { get; }
    public uint Match { get; }
    public uint Mask { get; }
    public int Length { get; }
    public EncodingMode Mode { get; }
    public IReadOnlyList<SyntaxPart> Syntax { get; }

    /// <summary>The operand fields in the order their values are supplied to <see cref="Encode"/>.</summary>
    public IReadOnlyList<OperandField> Fields { get; }

    /// <summary>True when <paramref name="word"/> is this form: fixed bits match and every field holds a legal value.</summary>
    public bool Matches(uint word)
    {
        if ((word & Mask) != Match)
        {
            return false;
        }
        foreach (var field in Fields)
        {
            if (field.Check(field.Decode(word)) is not null)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Builds the instruction word from one value per field (already checked).</summary>
    public uint Encode(IReadOnlyList<long> values)
    {
        var word = Match;
        for (var i = 0; i < Fields.Count; i++)
        {
            word |= Fields[i].Encode(values[i]);
        }
        return word;
    }

    public override string ToString() => Mnemonic;
}
