using Cvm.Assembly;
using Cvm.Assembly.Text;

namespace Cvm.Cli.Tests;

/// <summary>Bad paths given to the commands that read files: one clear line, exit 2, nothing run or written.</summary>
public sealed class InputFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("cvm-cli-input-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    [Theory]
    [InlineData("exec")]
    [InlineData("asm")]
    [InlineData("disasm")]
    public void A_directory_is_refused_as_a_directory(string command)
    {
        var result = CliRunner.Run(command, _directory.FullName);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"cvm {command}: '{_directory.FullName}' is a directory, not a file\n", result.Error);
    }

    [Theory]
    [InlineData("exec")]
    [InlineData("asm")]
    [InlineData("disasm")]
    public void A_missing_file_is_named(string command)
    {
        var missing = PathOf("missing");
        var result = CliRunner.Run(command, missing);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"cvm {command}: '{missing}' does not exist\n", result.Error);
    }

    [Fact]
    public void An_unwritable_report_path_stops_exec_before_the_program_runs()
    {
        var elf = PathOf("exit7");
        File.WriteAllBytes(elf, Elf.Write(Linker.Link(TextAssembler.Assemble("""
                .globl _start
            _start:
                li a0, 7
                li a7, 93
                ecall
            """))));
        var report = Path.Combine(PathOf("no-such-folder"), "report.json");

        var result = CliRunner.Run("exec", "--report", report, elf);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith($"cvm exec: cannot create the report '{report}'", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void A_malformed_elf_leaves_no_report_behind()
    {
        var elf = PathOf("not-an-elf");
        File.WriteAllText(elf, "plain text");
        var report = PathOf("report.json");

        var result = CliRunner.Run("exec", "--report", report, elf);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.False(File.Exists(report));
    }
}
