using Cvm.Assembly.Text;
using Cvm.Testing;

namespace Cvm.Assembly.Tests;

/// <summary>
/// The assembly corpus (one file per instruction class, pseudo-instructions, directives and relocations) assembled
/// and linked by this SDK and by GNU as/ld: every section's bytes must be identical, and so must the ELF flags.
/// </summary>
public sealed class CorpusTests
{
    private static string[] FileNames() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.s").Select(p => Path.GetFileName(p)).Order().ToArray();

    public static TheoryData<string> CorpusFiles() => new(FileNames());

    [Fact]
    public void CorpusHasOneFilePerClass()
    {
        var files = FileNames();
        Assert.Equal(["a.s", "c.s", "d.s", "directives.s", "f.s", "m.s", "pseudo.s", "rv64i.s", "zicsr.s"], files);
    }

    [ReferenceTheory(GnuToolchain.As, GnuToolchain.Ld)]
    [MemberData(nameof(CorpusFiles))]
    public void SectionBytesMatchGnuAssemblerAndLinker(string file)
    {
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", file));
        var ours = Linker.Link(TextAssembler.Assemble(source, file));
        var theirs = GnuToolchain.AssembleAndLink(source, ours);

        foreach (var section in ours.Sections.Where(s => s.Kind != SectionKind.Uninitialized && s.Size > 0))
        {
            var match = theirs.Sections.Where(s => s.Name == section.Name).ToList();
            Assert.True(match.Count == 1, $"GNU ld output has no section {section.Name}");
            Assert.Equal(section.Address, match[0].Address);
            AssertSameBytes(section.Name, section.Address, match[0].Data, section.Data);
        }
        Assert.Equal(theirs.Flags, Elf.Flags(ours));
    }

    private static void AssertSameBytes(string section, ulong address, byte[] expected, byte[] actual)
    {
        var length = Math.Min(expected.Length, actual.Length);
        for (var i = 0; i < length; i++)
        {
            if (expected[i] != actual[i])
            {
                var at = i & ~3;
                Assert.Fail($"{section} differs at 0x{address + (ulong)i:x}: GNU {Convert.ToHexString(expected, at, Math.Min(8, expected.Length - at))} "
                    + $"ours {Convert.ToHexString(actual, at, Math.Min(8, actual.Length - at))}");
            }
        }
        Assert.Equal(expected.Length, actual.Length);
    }
}
