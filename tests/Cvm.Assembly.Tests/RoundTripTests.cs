using System.Text;
using Cvm.Assembly.Isa;
using Cvm.Assembly.Text;

namespace Cvm.Assembly.Tests;

/// <summary>
/// Disassemble → assemble → identical bytes, over random valid encodings of every form in the table (all base
/// classes, compressed, Xcheri, and the capability-mode forms), printed both with and without aliases.
/// </summary>
public sealed class RoundTripTests
{
    public static TheoryData<Extension, bool> Classes()
    {
        var data = new TheoryData<Extension, bool>();
        foreach (var extension in Enum.GetValues<Extension>())
        {
            data.Add(extension, false);
        }
        data.Add(Extension.Xcheri, true);
        data.Add(Extension.C, true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void DisassembledTextAssemblesToTheSameBytes(Extension extension, bool capabilityMode)
    {
        var words = RandomEncodings.Generate(4000, seed: (int)extension * 31 + (capabilityMode ? 1 : 0),
            f => f.Extension == extension && f.Mode != (capabilityMode ? EncodingMode.IntegerOnly : EncodingMode.CapabilityOnly),
            capabilityMode);
        var bytes = RandomEncodings.ToBytes(words);
        // With aliases a compressed instruction prints as the 32-bit instruction it expands to (checked below), so
        // only the no-aliases text can give back the compressed bytes.
        foreach (var noAliases in extension == Extension.C ? [true] : new[] { true, false })
        {
            var source = new StringBuilder(capabilityMode ? ".option capmode\n" : "");
            var options = new DisassemblyOptions(noAliases, capabilityMode);
            for (var offset = 0; offset < bytes.Length;)
            {
                var instruction = Disassembler.Decode(bytes.AsSpan(offset), (ulong)offset, options);
                Assert.NotNull(instruction.Form);
                source.Append(instruction.Mnemonic).Append(' ').Append(instruction.Operands).Append('\n');
                offset += instruction.Length;
            }
            var image = Linker.Link(TextAssembler.Assemble(source.ToString(), "roundtrip.s"), baseAddress: 0);
            // GNU as (and this assembler) pad the end of a code section to its 4-byte alignment with a C.NOP.
            var section = image.Sections.Single(s => s.Name == ".text").Data;
            Assert.True(section.Length - bytes.Length is 0 or 2, $"round trip changed the length from {bytes.Length} to {section.Length} bytes");
            var text = section[..bytes.Length];
            if (!text.AsSpan().SequenceEqual(bytes))
            {
                var at = Enumerable.Range(0, bytes.Length).First(i => text[i] != bytes[i]);
                var line = Disassembler.Decode(bytes.AsSpan(at & ~1), (ulong)(at & ~1), options);
                Assert.Fail($"round trip differs at 0x{at:x} ({line.Text}, no-aliases={noAliases}): {Convert.ToHexString(bytes, at & ~1, 4)} became {Convert.ToHexString(text, at & ~1, 4)}");
            }
        }
    }

    [Fact]
    public void EveryFormIsCoveredByTheRoundTripClasses()
    {
        var covered = Classes().Select(row => (Extension)row[0]).ToHashSet();
        Assert.All(InstructionTable.Forms, form => Assert.Contains(form.Extension, covered));
    }

    [Fact]
    public void EveryFormFixesTheBitsTheDecoderIndexesBy()
    {
        // The disassembler looks forms up by major opcode (32-bit) or quadrant and funct3 (16-bit).
        Assert.All(InstructionTable.Forms, form => Assert.Equal(form.Length == 4 ? 0x7Fu : 0xE003u, form.Mask & (form.Length == 4 ? 0x7Fu : 0xE003u)));
    }

    [Fact]
    public void DefaultListingPrintsCompressedInstructionsAsTheirExpansion()
    {
        // Each compressed instruction, printed with aliases, reads exactly like the 32-bit instruction it expands to
        // (GNU as's own expansion of that text, assembled here without compression).
        var words = RandomEncodings.Generate(5000, seed: 5, f => f.Extension == Extension.C && f.Mode != EncodingMode.CapabilityOnly
            && !f.Mnemonic.EndsWith("64", StringComparison.Ordinal) && f.Mnemonic != "c.unimp");
        foreach (var (form, word) in words)
        {
            var compressed = Disassembler.Decode(BitConverter.GetBytes((ushort)word), 0x100, new DisassemblyOptions(NoAliases: false));
            var expanded = XcheriEncodingTests.AssembleBytes($".skip 0x100\n{compressed.Mnemonic} {compressed.Operands}\n");
            var again = Disassembler.Decode(expanded.AsSpan(0x100), 0x100, new DisassemblyOptions(NoAliases: false));
            Assert.Equal(4, again.Length);
            Assert.Equal(compressed.Text, again.Text);
        }
    }
}
