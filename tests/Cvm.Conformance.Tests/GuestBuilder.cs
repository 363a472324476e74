using System.Security.Cryptography;
using System.Text;
using Cvm.Testing;

namespace Cvm.Conformance.Tests;

/// <summary>How a guest program is compiled and linked with Debian's RISC-V toolchains.</summary>
public enum GuestFlavor
{
    /// <summary>Hand-written assembly with its own <c>_start</c>; no C library (Linux syscalls via ecall).</summary>
    Assembly,
    /// <summary>C against glibc, statically linked for Linux (<c>riscv64-linux-gnu-gcc -static</c>).</summary>
    Glibc,
    /// <summary>C against picolibc with the project's own start-up code and Linux-syscall stdio (bare toolchain).</summary>
    Picolibc,
    /// <summary>Bare-metal M-mode assembly that reports through the HTIF <c>tohost</c> word.</summary>
    BareMetal,
}

/// <summary>The conformance suite's guest recipes, built and cached by <see cref="GuestCompiler"/>.</summary>
internal static class GuestBuilder
{
    public static string ProgramsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "programs");

    public static string CacheDirectory { get; } = GuestCompiler.CacheDirectory("cvm-conformance-guests");

    private static string RuntimeDirectory => Path.Combine(ProgramsDirectory, "runtime");

    private static string AssemblyIncludeDirectory => Path.Combine(ProgramsDirectory, "asm");

    /// <summary>Compiles <paramref name="sources"/> (paths) as <paramref name="flavor"/> and returns the ELF's path.</summary>
    public static string Build(GuestFlavor flavor, params string[] sources)
    {
        var (compiler, flags, extraInputs, libraries, dependencies) = Recipe(flavor);
        string[] inputs = [.. extraInputs, .. sources];
        return GuestCompiler.Compile(CacheDirectory, $"{Path.GetFileNameWithoutExtension(sources[0])}-{flavor}", compiler, flags, inputs, libraries, dependencies);
    }

    /// <summary>Writes generated source text into the cache (named by its hash) and returns its path.</summary>
    public static string WriteGeneratedSource(string stem, string extension, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var path = Path.Combine(CacheDirectory, $"{stem}-{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}{extension}");
        if (!File.Exists(path))
        {
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        return path;
    }

    /// <summary>A path under programs/ in the test output directory.</summary>
    public static string Program(params string[] parts) => Path.Combine([ProgramsDirectory, .. parts]);

    private static (string Compiler, string[] Flags, string[] ExtraInputs, string[] Libraries, string[] Dependencies) Recipe(GuestFlavor flavor)
    {
        switch (flavor)
        {
            case GuestFlavor.Assembly:
                return ("riscv64-unknown-elf-gcc",
                    ["-march=rv64gc", "-mabi=lp64d", "-nostdlib", "-nostartfiles", "-static", $"-I{AssemblyIncludeDirectory}"],
                    [], [], Directory.GetFiles(AssemblyIncludeDirectory, "*.h"));
            case GuestFlavor.BareMetal:
                // Linked at 0x80000000, where bare-metal RISC-V machines put RAM.
                return ("riscv64-unknown-elf-gcc",
                    ["-march=rv64gc", "-mabi=lp64d", "-nostdlib", "-nostartfiles", "-static", "-Wl,-Ttext=0x80000000"],
                    [], [], Directory.GetFiles(Path.Combine(ProgramsDirectory, "baremetal"), "*.h"));
            case GuestFlavor.Glibc:
                return ("riscv64-linux-gnu-gcc", ["-O2", "-static", "-march=rv64gc", "-mabi=lp64d", "-Wall", "-Werror"], [], ["-lm"], []);
            case GuestFlavor.Picolibc:
                // picolibc.ld describes a bare board (flash at 0x10000000, RAM at 0x20000000); the sizes are raised so
                // the programs' static data fit, and the project's start-up code and stdio speak Linux syscalls.
                string[] runtime = [Path.Combine(RuntimeDirectory, "picolibc_start.S"), Path.Combine(RuntimeDirectory, "picolibc_linux.c")];
                return ("riscv64-unknown-elf-gcc",
                    ["--specs=picolibc.specs", "-DPICOLIBC_DOUBLE_PRINTF_SCANF", "-O2", "-march=rv64gc", "-mabi=lp64d",
                     "-Wall", "-Werror", "-nostartfiles", "-Wl,--defsym=__flash_size=0x400000", "-Wl,--defsym=__ram_size=0x1000000"],
                    runtime, ["-lm"], []);
            default:
                throw new ArgumentOutOfRangeException(nameof(flavor), flavor, null);
        }
    }
}
