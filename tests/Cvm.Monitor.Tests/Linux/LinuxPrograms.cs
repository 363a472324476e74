using Cvm.Testing;

namespace Cvm.Monitor.Tests.Linux;

/// <summary>Which C library an unmodified Linux program is built against.</summary>
public enum LinuxLibrary
{
    /// <summary>Debian's riscv64-linux-gnu-gcc -static (glibc).</summary>
    Glibc,

    /// <summary>Debian's riscv64-unknown-elf-gcc with picolibc, the conformance tests' start-up code and Linux stdio.</summary>
    Picolibc,
}

/// <summary>
/// Builds ordinary Linux C programs (Linux/programs) with stock toolchains, linked to run at a cVM's region base;
/// nothing in them knows about cVMs. Cached by a hash of compiler, flags and inputs, like the native guests.
/// </summary>
internal static class LinuxPrograms
{
    public const string GlibcCompiler = "riscv64-linux-gnu-gcc";

    public const string PicolibcCompiler = "riscv64-unknown-elf-gcc";

    private static readonly string CacheDirectory = GuestCompiler.CacheDirectory("cvm-monitor-linux-programs");

    private static string ProgramsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Linux", "programs");

    /// <summary>Compiles Linux/programs/<paramref name="name"/> against <paramref name="library"/>, linked at <paramref name="baseAddress"/>.</summary>
    public static byte[] Build(string name, LinuxLibrary library, ulong baseAddress)
    {
        var source = Path.Combine(ProgramsDirectory, name);
        var (compiler, flags, inputs) = library switch
        {
            LinuxLibrary.Glibc => (GlibcCompiler,
                new[] { "-O2", "-static", "-march=rv64gc", "-mabi=lp64d", "-Wall", "-Werror", $"-Wl,-Ttext-segment=0x{baseAddress:x}", "-Wl,-z,max-page-size=4096" },
                new[] { source }),
            // picolibc.ld places code at __flash and data at __ram: both inside the region, 1 MiB apart (the data
            // include the start-up code's 8 MiB heap).
            _ => (PicolibcCompiler,
                new[]
                {
                    "--specs=picolibc.specs", "-O2", "-march=rv64gc", "-mabi=lp64d", "-Wall", "-Werror", "-nostartfiles",
                    $"-Wl,--defsym=__flash=0x{baseAddress:x}", "-Wl,--defsym=__flash_size=0x100000",
                    $"-Wl,--defsym=__ram=0x{baseAddress + 0x10_0000:x}", "-Wl,--defsym=__ram_size=0x900000",
                },
                new[] { Path.Combine(ProgramsDirectory, "runtime", "picolibc_start.S"), Path.Combine(ProgramsDirectory, "runtime", "picolibc_linux.c"), source }),
        };
        return File.ReadAllBytes(GuestCompiler.Compile(CacheDirectory, $"{Path.GetFileNameWithoutExtension(name)}-{library}", compiler, flags, inputs, [], []));
    }
}
