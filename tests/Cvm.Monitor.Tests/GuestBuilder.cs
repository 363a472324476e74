using Cvm.Testing;

namespace Cvm.Monitor.Tests;

/// <summary>
/// Builds guest C/assembly programs at test time with Debian's riscv64-unknown-elf-gcc against the guest runtime
/// (src/Cvm.Monitor/guest), linked for the cVM region they will run in. Results are cached by a hash of the
/// compiler, flags and every input's bytes, so reruns compile nothing.
/// </summary>
internal static class GuestBuilder
{
    public const string Compiler = "riscv64-unknown-elf-gcc";

    /// <summary>Debian's Linux-targeted compiler, which (unlike the bare one) links static position-independent executables.</summary>
    public const string PieCompiler = "riscv64-linux-gnu-gcc";

    private static readonly string CacheDirectory = GuestCompiler.CacheDirectory("cvm-monitor-guests");

    public static string GuestsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "guests");

    public static string RuntimeDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "guest");

    /// <summary>Compiles guests/<paramref name="name"/> (.c or .S) linked at <paramref name="baseAddress"/>; returns the ELF bytes.</summary>
    public static byte[] Build(string name, ulong baseAddress) =>
        Build(name, Compiler, ["-static", $"-Wl,-Ttext-segment=0x{baseAddress:x}"]);

    /// <summary>Compiles guests/<paramref name="name"/> as a static PIE (ET_DYN at 0) that the monitor relocates to its region.</summary>
    public static byte[] BuildPositionIndependent(string name) =>
        Build(name, PieCompiler, ["-fPIC", "-static-pie", "-Wl,--no-dynamic-linker", "-Wl,-e,_start"]);

    private static byte[] Build(string name, string compiler, string[] linkFlags)
    {
        var source = Path.Combine(GuestsDirectory, name);
        string[] flags =
        [
            "-march=rv64gc", "-mabi=lp64d", "-O2", "-Wall", "-Werror", "-ffreestanding", "-fno-builtin", "-nostdlib", "-nostartfiles",
            .. linkFlags, "-Wl,-z,max-page-size=4096", $"-I{RuntimeDirectory}", $"-I{GuestsDirectory}",
        ];
        string[] inputs = [Path.Combine(RuntimeDirectory, "cvm_start.S"), source];
        var dependencies = Directory.GetFiles(RuntimeDirectory, "*.h").Concat(Directory.GetFiles(GuestsDirectory, "*.h"));
        return File.ReadAllBytes(GuestCompiler.Compile(CacheDirectory, Path.GetFileNameWithoutExtension(name), compiler, flags, inputs, ["-lgcc"], dependencies));
    }
}
