using Cvm.Assembly.Isa;

namespace Cvm.Assembly.Tests;

/// <summary>Seeded random instruction words drawn from the encoding table, one valid encoding per draw.</summary>
internal static class RandomEncodings
{
    /// <summary>
    /// Random words for the forms <paramref name="include"/> selects: the form's fixed bits plus random operand
    /// bits, kept only when the decoder maps the word back to the same form (so hints and reserved values of other
    /// rows are not mistaken for this one). CSR numbers are limited to named CSRs.
    /// </summary>
    public static List<(InstructionForm Form, uint Word)> Generate(int count, int seed, Func<InstructionForm, bool> include,
        bool capabilityMode = false)
    {
        var forms = InstructionTable.Forms.Where(include).ToArray();
        var random = new Random(seed);
        var result = new List<(InstructionForm, uint)>(count);
        while (result.Count < count)
        {
            var form = forms[random.Next(forms.Length)];
            var word = form.Match | ((uint)random.NextInt64(0, 1L << 32) & ~form.Mask & (form.Length == 4 ? 0xFFFF_FFFFu : 0xFFFFu));
            if (form.Fields.Contains(Fields.Csr) && !Fields.Csr.HasName(Fields.Csr.Decode(word)))
            {
                continue;
            }
            if (Disassembler.FindForm(word, form.Length, capabilityMode) == form)
            {
                result.Add((form, word));
            }
        }
        return result;
    }

    /// <summary>The little-endian bytes of a stream of instruction words.</summary>
    public static byte[] ToBytes(IEnumerable<(InstructionForm Form, uint Word)> words)
    {
        var bytes = new List<byte>();
        foreach (var (form, word) in words)
        {
            for (var i = 0; i < form.Length; i++)
            {
                bytes.Add((byte)(word >> (8 * i)));
            }
        }
        return [.. bytes];
    }

    /// <summary>
    /// Like <see cref="Generate"/>, but operand values lean towards the edge cases compression and aliases care
    /// about: registers zero, ra, sp and x8–x15, equal source and destination, zero and small immediates, and
    /// scaled offsets just inside and outside the compressed ranges.
    /// </summary>
    public static List<(InstructionForm Form, uint Word)> GenerateBiased(int count, int seed, Func<InstructionForm, bool> include)
    {
        int[] registers = [0, 1, 2, 8, 9, 10, 15, 31];
        var forms = InstructionTable.Forms.Where(include).ToArray();
        var random = new Random(seed);
        var result = new List<(InstructionForm, uint)>(count);
        while (result.Count < count)
        {
            var form = forms[random.Next(forms.Length)];
            var values = new long[form.Fields.Count];
            var shared = registers[random.Next(registers.Length)];
            for (var i = 0; i < values.Length; i++)
            {
                var field = form.Fields[i];
                values[i] = field switch
                {
                    RegisterField => random.Next(3) == 0 ? shared : registers[random.Next(registers.Length)],
                    ImmediateField immediate => random.Next(4) switch
                    {
                        0 => 0,
                        1 => random.Next(-40, 41),
                        2 => random.Next(0, 140) * (1 << random.Next(2, 5)),
                        _ => random.NextInt64(immediate.Minimum, immediate.Maximum + 1),
                    },
                    _ => field.Decode((uint)random.NextInt64(0, 1L << 32)),
                };
            }
            if (form.Fields.Select((f, i) => f.Check(values[i])).Any(problem => problem is not null))
            {
                continue;
            }
            var word = form.Encode(values);
            if (form.Fields.Contains(Fields.Csr) && !Fields.Csr.HasName(Fields.Csr.Decode(word)))
            {
                continue;
            }
            if (Disassembler.FindForm(word, form.Length, capabilityMode: false) == form)
            {
                result.Add((form, word));
            }
        }
        return result;
    }
}
