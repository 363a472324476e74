using System.Security.Cryptography;
using System.Text;
using Cvm.Testing;

namespace Cvm.Sdk.Tests;

/// <summary>
/// Builds guests/*.c with Debian's riscv64-unknown-elf-gcc against the guest runtime, linked at a region base,
/// with extra -D definitions (the contract hashes); cached by a hash of flags and inputs.
/// </summary>
internal static class GuestBuilder
{
    public const string Compiler = "riscv64-unknown-elf-gcc";

    private static readonly string CacheDirectory = CreateCacheDirectory();

    public static string GuestsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "guests");

    public static string RuntimeDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "guest");

    private static string CreateCacheDirectory()
    {
        var directory = Environment.GetEnvironmentVariable("CVM_GUEST_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "cvm-sdk-guests");
        Directory.CreateDirectory(directory);
        return directory;
    }

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
        var dependencies = inputs.Concat(Directory.GetFiles(RuntimeDirectory, "*.h")).Concat(Directory.GetFiles(GuestsDirectory, "*.h"));
        var key = CacheKey(string.Join("\0", flags), dependencies);
        var elf = Path.Combine(CacheDirectory, $"{Path.GetFileNameWithoutExtension(name)}-{key}.elf");
        if (!File.Exists(elf))
        {
            var temporary = $"{elf}.{Guid.NewGuid():N}.tmp";
            var result = ReferenceTools.Run(Compiler, [.. flags, .. inputs, "-lgcc", "-o", temporary], timeout: TimeSpan.FromMinutes(2));
            if (result.ExitCode != 0)
            {
                File.Delete(temporary);
                throw new InvalidOperationException($"{Compiler} failed building {name}:\n{result.StandardError}");
            }
            File.Move(temporary, elf, overwrite: true);
        }
        return File.ReadAllBytes(elf);
    }

    private static string CacheKey(string flags, IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(flags + "\0"));
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\0"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
