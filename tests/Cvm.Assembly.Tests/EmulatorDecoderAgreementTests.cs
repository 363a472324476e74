using Cvm.Assembly.Isa;
using Cvm.Machine.Execution;

namespace Cvm.Assembly.Tests;

/// <summary>
/// The assembler's encoding table and the emulator's execution decoder are two decoders of one ISA, kept apart
/// because they serve different ends (text ↔ bits versus pre-decoded records for the interpreter). These tests
/// hold them to one meaning: what the table calls a valid base-ISA encoding the emulator executes, and what the
/// table does not know the emulator refuses as an illegal instruction.
/// </summary>
public sealed class EmulatorDecoderAgreementTests
{
    /// <summary>
    /// Encodings the table names but the emulator rightly refuses: the hart implements M and U modes only, so the
    /// supervisor instructions are illegal on it, as on any hart without S-mode; and <c>c.unimp</c> (all zeros)
    /// is named only so listings can show it — the C extension defines it as an illegal instruction.
    /// </summary>
    private static readonly HashSet<string> NamedButIllegal = ["sret", "sfence.vma", "c.unimp"];

    /// <summary>Base-ISA forms valid in integer mode.</summary>
    private static bool IsBaseIsaForm(InstructionForm form) =>
        form.Extension != Extension.Xcheri && form.Mode != EncodingMode.CapabilityOnly;

    /// <summary>Xcheri forms valid in integer mode.</summary>
    private static bool IsIntegerModeXcheriForm(InstructionForm form) =>
        form.Extension == Extension.Xcheri && form.Mode != EncodingMode.CapabilityOnly;

    /// <summary>An atomic's mnemonic without its memory-ordering suffix (.aq, .rl, .aqrl).</summary>
    private static string WithoutOrdering(string mnemonic)
    {
        foreach (var suffix in (string[])[".aqrl", ".aq", ".rl"])
        {
            if (mnemonic.EndsWith(suffix, StringComparison.Ordinal))
            {
                return mnemonic[..^suffix.Length];
            }
        }
        return mnemonic;
    }

    /// <summary>Every form valid in integer mode.</summary>
    private static bool IsIntegerModeForm(InstructionForm form) => form.Mode != EncodingMode.CapabilityOnly;

    [Fact]
    public void Every_valid_base_encoding_is_executable_by_the_emulator()
    {
        var refused = new List<string>();
        foreach (var (form, word) in RandomEncodings.Generate(100_000, seed: 20261126, IsBaseIsaForm))
        {
            var decoded = Decoder.Decode(word);
            var expectIllegal = NamedButIllegal.Contains(form.Mnemonic);
            if ((decoded.Op == Op.Illegal) != expectIllegal && refused.Count < 20)
            {
                refused.Add($"{form.Mnemonic} 0x{word:x8}: emulator says {decoded.Op}");
            }
            Assert.Equal(form.Length, decoded.Length);
        }
        Assert.True(refused.Count == 0, "emulator and encoding table disagree:\n" + string.Join('\n', refused));
    }

    [Fact]
    public void Every_valid_integer_mode_Xcheri_encoding_is_executable_by_the_emulator()
    {
        var disagreements = new List<string>();
        var mnemonics = new HashSet<string>();
        foreach (var (form, word) in RandomEncodings.Generate(50_000, seed: 20261129, IsIntegerModeXcheriForm))
        {
            var mnemonic = WithoutOrdering(form.Mnemonic);
            mnemonics.Add(mnemonic);
            var decoded = Decoder.Decode(word);
            if (decoded.Op == Op.Illegal && disagreements.Count < 20)
            {
                disagreements.Add($"{form.Mnemonic} 0x{word:x8}: emulator says {decoded.Op}");
            }
            Assert.Equal(form.Length, decoded.Length);
        }
        Assert.True(disagreements.Count == 0, "emulator and encoding table disagree:\n" + string.Join('\n', disagreements));
        Assert.Superset(new HashSet<string> { "cinvoke", "cclear", "fpclear", "cloadtags", "jalr.pcc" }, mnemonics);
    }

    /// <summary>
    /// In capability mode every form the table allows there (its capability-only rows and every row not limited to
    /// integer mode) is executable, and the capability-only rows get their capability-mode meaning, not the
    /// integer-mode one of the same bits.
    /// </summary>
    [Fact]
    public void Every_valid_capability_mode_encoding_is_executable_by_the_emulator()
    {
        var disagreements = new List<string>();
        var mnemonics = new HashSet<string>();
        bool IsCapabilityModeForm(InstructionForm form) => form.Mode != EncodingMode.IntegerOnly && !NamedButIllegal.Contains(form.Mnemonic);
        foreach (var (form, word) in RandomEncodings.Generate(100_000, seed: 20261130, IsCapabilityModeForm, capabilityMode: true))
        {
            mnemonics.Add(form.Mnemonic);
            var decoded = Decoder.Decode(word, capabilityMode: true);
            var meaningChanged = decoded.Op != Decoder.Decode(word).Op;
            if ((decoded.Op == Op.Illegal || (form.Mode == EncodingMode.CapabilityOnly && !meaningChanged)) && disagreements.Count < 20)
            {
                disagreements.Add($"{form.Mnemonic} 0x{word:x8}: emulator says {decoded.Op} in capability mode");
            }
            Assert.Equal(form.Length, decoded.Length);
        }
        Assert.True(disagreements.Count == 0, "emulator and encoding table disagree:\n" + string.Join('\n', disagreements));
        Assert.Superset(new HashSet<string> { "c.clc", "c.csc", "c.clccsp", "c.csccsp", "c.cincoffset16csp", "c.cincoffset4cspn", "c.cjalr", "c.cjr",
            "auipcc", "cjal", "cjalr", "clc", "csc" }, mnemonics);
    }

    [Fact]
    public void Words_the_table_does_not_know_are_illegal_in_the_emulator()
    {
        // Near misses are where decoders differ: take valid encodings and flip one of their fixed bits. Plain
        // random words add the far corners of the encoding space.
        var random = new Random(20261127);
        var nearMisses = RandomEncodings.Generate(50_000, seed: 20261128, IsIntegerModeForm)
            .Select(pair => pair.Word ^ (1u << BitOf(pair.Form.Mask & (pair.Form.Length == 2 ? 0xFFFFu : ~0u), random)));
        var randomWords = Enumerable.Range(0, 200_000).Select(_ => (uint)random.NextInt64(0, 1L << 32));

        var accepted = new List<string>();
        var unknownSeen = 0;
        foreach (var candidate in nearMisses.Concat(randomWords))
        {
            var length = Decoder.IsCompressed((ushort)candidate) ? 2 : 4;
            var word = length == 2 ? candidate & 0xFFFF : candidate;
            if (Disassembler.FindForm(word, length, capabilityMode: false) is not null)
            {
                continue;
            }
            var decoded = Decoder.Decode(word);
            if (IsFenceWithReservedFields(word, length) || IsRoundingModeVariant(word, length, decoded.Op))
            {
                continue;
            }
            unknownSeen++;
            if (decoded.Op != Op.Illegal && accepted.Count < 20)
            {
                accepted.Add($"0x{word:x8}: emulator executes it as {decoded.Op}");
            }
        }
        Assert.True(unknownSeen > 10_000, $"only {unknownSeen} unknown words were drawn");
        Assert.True(accepted.Count == 0, "the emulator executes encodings the table does not define:\n" + string.Join('\n', accepted));
    }

    [Fact]
    public void Words_the_table_does_not_know_in_capability_mode_are_illegal_in_the_emulator()
    {
        var random = new Random(20261131);
        var nearMisses = RandomEncodings.Generate(50_000, seed: 20261132, form => form.Mode != EncodingMode.IntegerOnly, capabilityMode: true)
            .Select(pair => pair.Word ^ (1u << BitOf(pair.Form.Mask & (pair.Form.Length == 2 ? 0xFFFFu : ~0u), random)));
        var randomWords = Enumerable.Range(0, 200_000).Select(_ => (uint)random.NextInt64(0, 1L << 32));

        var accepted = new List<string>();
        var unknownSeen = 0;
        foreach (var candidate in nearMisses.Concat(randomWords))
        {
            var length = Decoder.IsCompressed((ushort)candidate) ? 2 : 4;
            var word = length == 2 ? candidate & 0xFFFF : candidate;
            if (Disassembler.FindForm(word, length, capabilityMode: true) is not null)
            {
                continue;
            }
            var decoded = Decoder.Decode(word, capabilityMode: true);
            if (IsFenceWithReservedFields(word, length) || IsRoundingModeVariant(word, length, Decoder.Decode(word).Op))
            {
                continue;
            }
            unknownSeen++;
            if (decoded.Op != Op.Illegal && accepted.Count < 20)
            {
                accepted.Add($"0x{word:x8}: emulator executes it as {decoded.Op} in capability mode");
            }
        }
        Assert.True(unknownSeen > 10_000, $"only {unknownSeen} unknown words were drawn");
        Assert.True(accepted.Count == 0, "the emulator executes encodings the table does not define:\n" + string.Join('\n', accepted));
    }

    /// <summary>
    /// FENCE and FENCE.I with non-zero reserved fields (fm, rs1, rd, imm): the unprivileged spec tells base
    /// implementations to ignore those fields for forward compatibility, so the emulator executes them; GNU's
    /// table, which ours follows for listings, names only the canonical forms.
    /// </summary>
    private static bool IsFenceWithReservedFields(uint word, int length) =>
        length == 4 && (word & 0x7F) == 0x0F && ((word >> 12) & 7) is 0 or 1;

    /// <summary>
    /// A floating-point instruction whose rounding-mode field differs from the one GNU's table spells (for example
    /// <c>fcvt.d.w</c> with rm ≠ 0, or a reserved rm of 5 or 6). The emulator decodes the rm field as the
    /// encoding defines it and checks it when the instruction executes (rm 5, 6, or dynamic with an invalid frm
    /// is an illegal instruction), so such a word must decode to the same operation as its rm = 0 form.
    /// </summary>
    private static bool IsRoundingModeVariant(uint word, int length, Op decodedOp)
    {
        if (length != 4 || (word & 0x7F) is not (0x53 or 0x43 or 0x47 or 0x4B or 0x4F))
        {
            return false;
        }
        var canonical = word & ~(7u << 12);
        return Disassembler.FindForm(canonical, 4, capabilityMode: false) is not null && Decoder.Decode(canonical).Op == decodedOp;
    }

    /// <summary>A random set bit of <paramref name="mask"/>.</summary>
    private static int BitOf(uint mask, Random random)
    {
        var bits = Enumerable.Range(0, 32).Where(bit => (mask & (1u << bit)) != 0).ToArray();
        return bits[random.Next(bits.Length)];
    }
}
