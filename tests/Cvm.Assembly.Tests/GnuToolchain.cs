using Cvm.Testing;

namespace Cvm.Assembly.Tests;

/// <summary>Runs Debian's riscv64-unknown-elf-as/ld on a source and returns the linked ELF's contents.</summary>
internal static class GnuToolchain
{
    public const string As = "riscv64-unknown-elf-as";
    public const string Ld = "riscv64-unknown-elf-ld";

    /// <summary>
    /// Assembles with <c>-march=rv64g -mno-relax</c> (no linker relaxation, like this SDK's assembler; compression
    /// only under <c>.option rvc</c>) and links with each output section at the address <paramref name="layout"/> gives.
    /// </summary>
    public static Elf.ElfContents AssembleAndLink(string source, LinkedImage layout)
    {
        var directory = Directory.CreateTempSubdirectory("cvm-gnu-");
        try
        {
            var sourcePath = Path.Combine(directory.FullName, "input.s");
            var objectPath = Path.Combine(directory.FullName, "input.o");
            var elfPath = Path.Combine(directory.FullName, "input.elf");
            File.WriteAllText(sourcePath, source);
            var assembled = ReferenceTools.Run(As, ["-march=rv64g", "-mabi=lp64d", "-mno-relax", "-o", objectPath, sourcePath]);
            Assert.True(assembled.ExitCode == 0, "GNU as failed:\n" + assembled.StandardError);
            var arguments = new List<string> { "-o", elfPath, "-e", "_start" };
            foreach (var section in layout.Sections.Where(s => s.Size > 0))
            {
                arguments.Add($"--section-start={section.Name}=0x{section.Address:x}");
            }
            arguments.Add(objectPath);
            var linked = ReferenceTools.Run(Ld, arguments);
            Assert.True(linked.ExitCode == 0, "GNU ld failed:\n" + linked.StandardError);
            return Elf.Read(File.ReadAllBytes(elfPath));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
