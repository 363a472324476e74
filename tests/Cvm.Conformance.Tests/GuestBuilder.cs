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

/// <summary>
/// Builds guest ELFs at test time and caches them by a hash of the compiler, flags and every input's bytes, so a
/// rerun with unchanged sources compiles nothing. Concurrent builds of the same key are safe: each writes a private
/// temporary file and renames it into place.
/// </summary>
internal static class GuestBuilder
{
    public static string ProgramsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "programs");

    public static string CacheDirectory { get; } = CreateCacheDirectory();

    private static string CreateCacheDirectory()
    {
        var directory = Environment.GetEnvironmentVariable("CVM_GUEST_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "cvm-conformance-guests");
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static string RuntimeDirectory => Path.Combine(ProgramsDirectory, "runtime");

    private static string AssemblyIncludeDirectory => Path.Combine(ProgramsDirectory, "asm");

    /// <summary>Compiles <paramref name="sources"/> (paths) as <paramref name="flavor"/> and returns the ELF's path.</summary>
    public static string Build(GuestFlavor flavor, params string[] sources)
    {
        var (compiler, flags, extraInputs, libraries, dependencies) = Recipe(flavor);
        var inputs = extraInputs.Concat(sources).ToArray();
        var key = CacheKey(compiler, [.. flags, .. libraries], inputs.Concat(dependencies));
        var elf = Path.Combine(CacheDirectory, $"{Path.GetFileNameWithoutExtension(sources[0])}-{flavor}-{key}.elf");
        if (File.Exists(elf))
        {
            return elf;
        }

        var temporary = $"{elf}.{Guid.NewGuid():N}.tmp";
        var result = ReferenceTools.Run(compiler, [.. flags, .. inputs, .. libraries, "-o", temporary], timeout: TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0)
        {
            File.Delete(temporary);
            throw new InvalidOperationException(
                $"{compiler} failed ({result.ExitCode}) building {string.Join(' ', sources.Select(Path.GetFileName))}:\n{result.StandardError}");
        }
        File.Move(temporary, elf, overwrite: true);
        return elf;
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

    private static string CacheKey(string compiler, string[] flags, IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(compiler + "\0" + string.Join("\0", flags) + "\0"));
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\0"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
