using Cvm.Testing;

namespace Cvm.Sdk.Tests;

/// <summary>
/// Builds guests/*.c with Debian's riscv64-unknown-elf-gcc against the guest runtime, linked at a region base,
/// with extra -D definitions (the contract hashes); cached by a hash of flags and inputs.
/// </summary>
internal static class GuestBuilder
{
    public const string Compiler = "riscv64-unknown-elf-gcc";

    private static readonly string CacheDirectory = GuestCompiler.CacheDirectory("cvm-sdk-guests");

    public static string GuestsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "guests");

    public static string RuntimeDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "guest");

    public static byte[] Build(string name, ulong baseAddress, params string[] defines)
    {
        var source = Path.Combine(GuestsDirectory, name);
        string[] flags =
        [
            "-march=rv64gc", "-mabi=lp64d", "-O2", "-Wall", "-Werror", "-ffreestanding", "-fno-builtin", "-nostdlib", "-nostartfiles",
            "-static", $"-Wl,-Ttext-segment=0x{baseAddress:x}", "-Wl,-z,max-page-size=4096", $"-I{RuntimeDirectory}", $"-I{GuestsDirectory}",
            .. defines.Select(d => "-D" + d),
        ];
        string[] inputs = [Path.Combine(RuntimeDirectory, "cvm_start.S"), source];
        var dependencies = Directory.GetFiles(RuntimeDirectory, "*.h").Concat(Directory.GetFiles(GuestsDirectory, "*.h"));
        return File.ReadAllBytes(GuestCompiler.Compile(CacheDirectory, Path.GetFileNameWithoutExtension(name), Compiler, flags, inputs, ["-lgcc"], dependencies));
    }
}
