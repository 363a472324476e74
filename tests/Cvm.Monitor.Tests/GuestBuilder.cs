using System.Security.Cryptography;
using System.Text;
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

    private static readonly string CacheDirectory = CreateCacheDirectory();

    public static string GuestsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "guests");

    public static string RuntimeDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "guest");

    private static string CreateCacheDirectory()
    {
        var directory = Environment.GetEnvironmentVariable("CVM_GUEST_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "cvm-monitor-guests");
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Compiles guests/<paramref name="name"/> (.c or .S) linked at <paramref name="baseAddress"/>; returns the ELF bytes.</summary>
    public static byte[] Build(string name, ulong baseAddress)
    {
        var source = Path.Combine(GuestsDirectory, name);
        string[] flags =
        [
            "-march=rv64gc", "-mabi=lp64d", "-O2", "-Wall", "-Werror", "-ffreestanding", "-fno-builtin", "-nostdlib", "-nostartfiles", "-static",
            $"-Wl,-Ttext-segment=0x{baseAddress:x}", "-Wl,-z,max-page-size=4096", $"-I{RuntimeDirectory}", $"-I{GuestsDirectory}",
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
        hash.AppendData(Encoding.UTF8.GetBytes(Compiler + "\0" + flags + "\0"));
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\0"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
