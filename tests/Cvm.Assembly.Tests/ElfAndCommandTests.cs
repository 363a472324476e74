using Cvm.Cli;
using Cvm.Testing;

namespace Cvm.Assembly.Tests;

/// <summary><c>cvm asm</c> and <c>cvm disasm</c> run in-process; their ELF output checked with qemu-riscv64 and objdump.</summary>
public sealed class ElfAndCommandTests : IDisposable
{
    private const string Hello = """
            .globl _start
            .text
        _start:
            li a0, 1                  # stdout
            la a1, message
            li a2, 12
            li a7, 64                 # write
            ecall
            la t0, status
            ld a0, 0(t0)
            li a7, 93                 # exit
            ecall
            .section .rodata
        message:
            .ascii "Hello, cVM!\n"
            .data
        status:
            .dword 42
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("cvm-asm-test-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var io = new CommandIO(TextReader.Null, output, error, Stream.Null, Stream.Null, Stream.Null);
        var exit = CvmCommandLine.Run(args, io);
        return (exit, output.ToString(), error.ToString());
    }

    [ReferenceFact("qemu-riscv64")]
    public void HelloWorldElfRunsUnderQemu()
    {
        File.WriteAllText(PathOf("hello.s"), Hello);
        var (exit, _, error) = Run("asm", "-o", PathOf("hello"), PathOf("hello.s"));
        Assert.True(exit == 0, error);
        var result = ReferenceTools.Run("qemu-riscv64", [PathOf("hello")]);
        Assert.Equal("Hello, cVM!\n", result.StandardOutputText);
        Assert.Equal(42, result.ExitCode);
    }

    [Fact]
    public void HelloWorldElfRunsUnderCvmExec()
    {
        File.WriteAllText(PathOf("hello.s"), Hello);
        var (exit, _, error) = Run("asm", "-o", PathOf("hello"), PathOf("hello.s"));
        Assert.True(exit == 0, error);

        var guestOutput = new MemoryStream();
        var io = new CommandIO(TextReader.Null, new StringWriter(), new StringWriter(), Stream.Null, guestOutput, Stream.Null);
        var guestExit = CvmCommandLine.Run(["exec", PathOf("hello")], io);

        Assert.Equal("Hello, cVM!\n", System.Text.Encoding.UTF8.GetString(guestOutput.ToArray()));
        Assert.Equal(42, guestExit);
    }

    [Fact]
    public void A_CHERI_trap_is_reported_in_words_on_the_fatal_trap_line_and_in_the_report()
    {
        File.WriteAllText(PathOf("cheri.s"), """
                .globl _start
            _start:
                cspecialr c1, ddc
                ccleartag c1, c1
                ld.cap a0, (c1)
                li a7, 93
                ecall
            """);
        var (assembled, _, assemblyErrors) = Run("asm", "-o", PathOf("cheri"), PathOf("cheri.s"));
        Assert.True(assembled == 0, assemblyErrors);

        var (exit, _, error) = Run("exec", "--report", PathOf("report.json"), PathOf("cheri"));

        Assert.Equal(ExitCodes.GuestTrap, exit);
        Assert.Contains("cvm: guest trap: CHERI exception: tag violation on c1 (mcause 28, mtval 0x22, pc 0x", error);
        using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(PathOf("report.json")));
        Assert.Equal("CHERI exception: tag violation on c1", report.RootElement.GetProperty("trap").GetProperty("cause").GetString());
    }

    [Fact]
    public void ElfHasPageAlignedSegmentsEntryAndSymbols()
    {
        File.WriteAllText(PathOf("hello.s"), Hello);
        Assert.Equal(0, Run("asm", PathOf("hello.s")).Exit);
        var bytes = File.ReadAllBytes(PathOf("hello.elf"));
        var elf = Elf.Read(bytes);
        Assert.Equal(LinkedImage.DefaultBaseAddress, elf.Entry);
        Assert.Equal(0x4u, elf.Flags);
        Assert.Equal([".text", ".rodata", ".data"], elf.Sections.Select(s => s.Name));
        Assert.Equal(LinkedImage.DefaultBaseAddress, elf.Sections[0].Address);
        Assert.Equal(0u, elf.Sections[2].Address % LinkedImage.PageSize);
        Assert.Contains(elf.Symbols, s => s.Name == "_start" && s.Address == LinkedImage.DefaultBaseAddress);
        Assert.Contains(elf.Symbols, s => s.Name == "message" && s.Address == elf.Sections[1].Address);
    }

    [ReferenceFact("riscv64-unknown-elf-objdump")]
    public void DisasmNoAliasesMatchesObjdumpOnTheCorpus()
    {
        foreach (var file in new[] { "rv64i.s", "pseudo.s", "c.s", "zicsr.s", "f.s" })
        {
            var elf = PathOf(Path.ChangeExtension(file, ".elf"));
            Assert.Equal(0, Run("asm", "-o", elf, Path.Combine(AppContext.BaseDirectory, "Corpus", file)).Exit);
            var (exit, listing, _) = Run("disasm", "--no-aliases", elf);
            Assert.Equal(0, exit);
            var reference = ReferenceTools.Run("riscv64-unknown-elf-objdump", ["-d", "-z", "-M", "no-aliases", elf]);
            Assert.Equal(ObjdumpDifferentialTests.ParseListing(reference.StandardOutputText), ObjdumpDifferentialTests.ParseListing(listing));
            Assert.Contains(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", file)).Contains("_start:") ? "<_start>:" : "<.text>:", listing);
        }
    }

    [Fact]
    public void BinFormatIsTheRawImage()
    {
        File.WriteAllText(PathOf("tiny.s"), "addi a0, a0, 1\nback: ret\n");
        Assert.Equal(0, Run("asm", "--format", "bin", "--base", "0x2000", "--symbols", PathOf("tiny.sym"), PathOf("tiny.s")).Exit);
        Assert.Equal("1305150067800000", Convert.ToHexString(File.ReadAllBytes(PathOf("tiny.bin"))));
        Assert.Equal(["0000000000002004 back"], File.ReadAllLines(PathOf("tiny.sym")));
        var (exit, listing, _) = Run("disasm", PathOf("tiny.bin"));
        Assert.Equal(0, exit);
        Assert.Contains("addi\ta0,a0,1", listing);
        Assert.Contains("ret", listing);
    }

    [Fact]
    public void AssemblyErrorsAreAllReportedWithExitStatusOne()
    {
        File.WriteAllText(PathOf("bad.s"), "addi a0, a0, 5000\nnop\nfrobnicate a0\nlw a0, 0(q7)\n.align 99\n");
        var (exit, _, error) = Run("asm", PathOf("bad.s"));
        Assert.Equal(ExitCodes.Failure, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"{PathOf("bad.s")}:1:14: error: immediate 5000 is out of range [-2048, 2047]", lines[0]);
        Assert.StartsWith($"{PathOf("bad.s")}:3:1: error: unknown instruction 'frobnicate'", lines[1]);
        Assert.StartsWith($"{PathOf("bad.s")}:4:", lines[2]);
        Assert.StartsWith($"{PathOf("bad.s")}:5:8: error: alignment", lines[3]);
        Assert.Equal("cvm asm: 4 error(s)", lines[4]);
        Assert.False(File.Exists(PathOf("bad.elf")));
    }

    [Fact]
    public void UsageErrorsExitWithTwo()
    {
        Assert.Equal(ExitCodes.Usage, Run("asm", PathOf("missing.s")).Exit);
        Assert.Equal(ExitCodes.Usage, Run("asm", "--format", "hex", PathOf("missing.s")).Exit);
        Assert.Equal(ExitCodes.Usage, Run("disasm", PathOf("missing.elf")).Exit);
        File.WriteAllBytes(PathOf("broken.elf"), [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0]);
        var (exit, _, error) = Run("disasm", PathOf("broken.elf"));
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("not a 64-bit little-endian ELF file", error);
    }
}
