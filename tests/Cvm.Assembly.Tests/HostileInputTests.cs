using System.Text;
using Cvm.Assembly.Text;

namespace Cvm.Assembly.Tests;

/// <summary>Random bytes, mutated ELF files and garbage source give clear errors, never host exceptions.</summary>
public sealed class HostileInputTests
{
    private static readonly int Rounds = Environment.GetEnvironmentVariable("CVM_LONG_TESTS") == "1" ? 200_000 : 5_000;

    [Fact]
    public void RandomBytesDisassembleWithoutExceptions()
    {
        var random = new Random(1);
        var bytes = new byte[64 * 1024];
        random.NextBytes(bytes);
        foreach (var capabilityMode in new[] { false, true })
        {
            var listing = Listing.Format([new Listing.CodeRegion(".text", 0x1000, bytes)], [("start", 0x1000)], noAliases: false, capabilityMode);
            Assert.Contains("start", listing);
        }
        for (var length = 0; length < 4; length++)
        {
            Assert.True(Disassembler.Decode(bytes.AsSpan(0, length), 0).Length <= Math.Max(length, 2));
        }
    }

    [Fact]
    public void MutatedElfFilesFailWithInvalidData()
    {
        var elf = Elf.Write(Linker.Link(TextAssembler.Assemble("_start: li a0, 1\nret\n.data\nx: .dword 5\n", "t.s")));
        var random = new Random(2);
        for (var i = 0; i < Rounds; i++)
        {
            var copy = (byte[])elf.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
            }
            var cut = random.Next(4) == 0 ? copy[..random.Next(copy.Length)] : copy;
            try
            {
                Elf.Read(cut);
            }
            catch (InvalidDataException)
            {
                // The expected outcome for a damaged file.
            }
        }
    }

    [Fact]
    public void GarbageSourceGivesDiagnosticsOnly()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 ,.:;()%+-*/<>&|^~!#'\"\\\t_=@$";
        string[] words = ["addi", "li", "la", "beq", "j", ".word", ".align", ".equ", "%hi(", "%pcrel_lo(", "1b", "1f", "a0", "sp",
            "ca0", ".option", "rvc", "capmode", ".insn", "r", "0x7fffffffffffffff", "-9223372036854775808", "<<", "/", "-1", ".skip"];
        var random = new Random(3);
        for (var i = 0; i < Rounds / 10; i++)
        {
            var source = new StringBuilder();
            for (var line = 0; line < 20; line++)
            {
                for (var token = random.Next(1, 8); token > 0; token--)
                {
                    source.Append(random.Next(2) == 0 ? words[random.Next(words.Length)] : alphabet[random.Next(alphabet.Length)].ToString()).Append(' ');
                }
                source.Append('\n');
            }
            try
            {
                Linker.Link(TextAssembler.Assemble(source.ToString(), "fuzz.s"));
            }
            catch (AssemblyException e)
            {
                Assert.All(e.Diagnostics, d => Assert.StartsWith("fuzz.s:", d.ToString()));
            }
        }
    }

    [Fact]
    public void HugeAndDeepExpressionsAreRejected()
    {
        var deep = "li a0, " + new string('(', 300) + "1" + new string(')', 300) + "\n";
        var negations = "li a0, " + string.Concat(Enumerable.Repeat("- ", 300)) + "1\n";
        var long1 = "li a0, 1" + string.Concat(Enumerable.Repeat(" + 1", 100_000)) + "\n";
        var errors = Assert.Throws<AssemblyException>(() => TextAssembler.Assemble(deep + negations + long1, "deep.s")).Diagnostics;
        Assert.Equal(3, errors.Count);
        Assert.Contains("nests deeper", errors[0].Message);
        Assert.Contains("nests deeper", errors[1].Message);
        Assert.Contains("longer than", errors[2].Message);
    }
}
