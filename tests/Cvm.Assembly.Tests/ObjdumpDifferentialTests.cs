using Cvm.Assembly.Isa;
using Cvm.Testing;

namespace Cvm.Assembly.Tests;

/// <summary>Disassembly compared line by line with GNU objdump (<c>-M no-aliases</c>) over random valid encodings.</summary>
public sealed class ObjdumpDifferentialTests
{
    private const string Objdump = "riscv64-unknown-elf-objdump";

    private static bool IsBaseIsa(InstructionForm form) =>
        form.Extension != Extension.Xcheri && form.Mode != EncodingMode.CapabilityOnly;

    [ReferenceFact(Objdump)]
    public void RandomBaseEncodingsDisassembleLikeObjdump()
    {
        var count = Environment.GetEnvironmentVariable("CVM_LONG_TESTS") == "1" ? 1_000_000 : 100_000;
        var words = RandomEncodings.Generate(count, seed: 20221, IsBaseIsa);
        var bytes = RandomEncodings.ToBytes(words);

        var reference = ObjdumpBinary(bytes);
        var mismatches = new List<string>();
        var reported = new HashSet<InstructionForm>();
        var address = 0UL;
        for (var i = 0; i < words.Count; i++)
        {
            var ours = Disassembler.Decode(bytes.AsSpan((int)address), address);
            var theirs = i < reference.Count ? reference[i] : "(missing)";
            if (ours.Text != theirs && reported.Add(words[i].Form))
            {
                mismatches.Add($"{words[i].Word:x8} ({words[i].Form.Mnemonic}): ours '{ours.Text}' objdump '{theirs}'");
            }
            address += (ulong)ours.Length;
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.Equal(words.Count, reference.Count);
    }

    /// <summary>Runs objdump once over a raw binary and returns "mnemonic\toperands" per instruction, comments removed.</summary>
    internal static List<string> ObjdumpBinary(byte[] bytes)
    {
        var directory = Directory.CreateTempSubdirectory("cvm-objdump-");
        try
        {
            var path = Path.Combine(directory.FullName, "random.bin");
            File.WriteAllBytes(path, bytes);
            var result = ReferenceTools.Run(Objdump, ["-D", "-z", "-b", "binary", "-m", "riscv:rv64", "-M", "no-aliases", path]);
            Assert.True(result.ExitCode == 0, result.StandardError);
            return ParseListing(result.StandardOutputText);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static List<string> ParseListing(string listing)
    {
        var lines = new List<string>();
        foreach (var line in listing.Split('\n'))
        {
            var columns = line.Split('\t');
            if (columns.Length < 3 || !columns[0].TrimEnd().EndsWith(':'))
            {
                continue;
            }
            var text = string.Join("\t", columns.Skip(2));
            var comment = text.IndexOf(" #", StringComparison.Ordinal);
            lines.Add((comment >= 0 ? text[..comment] : text).TrimEnd());
        }
        return lines;
    }
}
