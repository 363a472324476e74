using System.Globalization;
using System.Text;
using Cvm.Assembly.Text;
using Cvm.Testing;

namespace Cvm.Assembly.Tests;

/// <summary>
/// Expansions and layout decisions that must match GNU as exactly: <c>li</c> over many random 64-bit constants
/// (with and without compression), and branch sizes chosen by distance under <c>.option rvc</c>.
/// </summary>
public sealed class GnuExpansionTests
{
    private static void AssertSameAsGnu(string source)
    {
        var ours = Linker.Link(TextAssembler.Assemble(source, "generated.s"));
        var theirs = GnuToolchain.AssembleAndLink(source, ours);
        foreach (var section in ours.Sections.Where(s => s.Size > 0 && s.Kind != SectionKind.Uninitialized))
        {
            var gnu = theirs.Sections.Single(s => s.Name == section.Name);
            if (!gnu.Data.AsSpan().SequenceEqual(section.Data))
            {
                var listing = Listing.Format([new Listing.CodeRegion(section.Name, section.Address, section.Data)], [], noAliases: true);
                var reference = Listing.Format([new Listing.CodeRegion(section.Name, gnu.Address, gnu.Data)], [], noAliases: true);
                Assert.Equal(reference, listing);
            }
        }
    }

    /// <summary>Constants of every shape: random bits, sparse bits, runs of ones, small and 32-bit edge values.</summary>
    private static IEnumerable<long> RandomConstants(int count, int seed)
    {
        var random = new Random(seed);
        long[] edges = [0, 1, -1, 2047, 2048, -2048, -2049, 0x7FFFFFFF, -0x80000000L, 0x80000000L, 0xFFFFFFFFL, 0x100000000L,
            long.MinValue, long.MaxValue, 0x7FFFF800, 0x7FFFF7FF, 0xFFFFF800L, 0x800, 0xFFF, 0x1000, 0x1F000, -0x20000];
        foreach (var edge in edges)
        {
            yield return edge;
        }
        for (var i = 0; i < count; i++)
        {
            var value = random.Next(5) switch
            {
                0 => random.NextInt64(long.MinValue, long.MaxValue),
                1 => (1L << random.Next(64)) | (1L << random.Next(64)),
                2 => random.NextInt64(-(1L << 40), 1L << 40) << random.Next(24),
                3 => random.NextInt64(int.MinValue, int.MaxValue),
                _ => (long)((ulong)random.NextInt64() >> random.Next(64)) * (random.Next(2) == 0 ? 1 : -1),
            };
            yield return value;
        }
    }

    [ReferenceTheory(GnuToolchain.As, GnuToolchain.Ld)]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadImmediateMatchesGnuAs(bool compressed)
    {
        var source = new StringBuilder(compressed ? ".option rvc\n" : "");
        string[] registers = ["a0", "t0", "s1", "ra", "a5", "t6"];
        var index = 0;
        foreach (var value in RandomConstants(3000, seed: compressed ? 7 : 11))
        {
            source.Append(CultureInfo.InvariantCulture, $"li {registers[index++ % registers.Length]}, {value}\n");
        }
        AssertSameAsGnu(source.ToString());
    }

    [ReferenceFact(GnuToolchain.As, GnuToolchain.Ld)]
    public void BranchSizesFollowDistanceLikeGnuAs()
    {
        // Branches and jumps over gaps around every reach limit (c.beqz ±256, c.j ±2 KiB, b* ±4 KiB), forwards and
        // backwards, with compressible and non-compressible registers.
        var random = new Random(3);
        var source = new StringBuilder(".option rvc\n");
        for (var i = 0; i < 300; i++)
        {
            source.Append(CultureInfo.InvariantCulture, $"L{i}:\n");
            var target = $"L{Math.Clamp(i + random.Next(-6, 7), 0, 299)}";
            source.Append(random.Next(7) switch
            {
                0 => $"beqz a{random.Next(6)}, {target}\n",
                1 => $"bnez s{random.Next(2)}, {target}\n",
                2 => $"beq t{random.Next(3)}, zero, {target}\n",
                3 => $"j {target}\n",
                4 => $"blt a0, a1, {target}\n",
                5 => $"jal {target}\n",
                _ => $"bne a2, a3, {target}\n",
            });
            var gap = random.Next(4) switch { 0 => 2, 1 => random.Next(60, 70) * 4, 2 => random.Next(500, 530) * 4, _ => random.Next(0, 30) * 2 };
            source.Append(CultureInfo.InvariantCulture, $".skip {gap}\n");
        }
        AssertSameAsGnu(source.ToString());
    }

    [ReferenceTheory(GnuToolchain.As, GnuToolchain.Ld)]
    [InlineData(false)]
    [InlineData(true)]
    public void RandomBaseInstructionsAssembleLikeGnuAs(bool compressed)
    {
        // Random 32-bit base instructions written out as text; under .option rvc this checks every compression
        // choice against GNU as over random operands. PC-relative forms are left out: their text is an absolute
        // address, which depends on the layout both sides are checking.
        var words = RandomEncodings.GenerateBiased(20_000, seed: compressed ? 21 : 22, f => f.Length == 4
            && f.Extension is not (Isa.Extension.Xcheri) && f.Mode == Isa.EncodingMode.Any
            && !f.Fields.OfType<Isa.ImmediateField>().Any(i => i.Style == Isa.ImmediateStyle.PcRelative));
        var source = new StringBuilder(compressed ? ".option rvc\n" : "");
        foreach (var (form, word) in words)
        {
            var decoded = Disassembler.Decode(BitConverter.GetBytes(word), 0);
            source.Append(decoded.Mnemonic).Append(' ').Append(decoded.Operands).Append('\n');
        }
        AssertSameAsGnu(source.ToString());
    }
}
