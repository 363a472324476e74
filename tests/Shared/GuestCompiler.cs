using System.Security.Cryptography;
using System.Text;

namespace Cvm.Testing;

/// <summary>
/// Compiles guest programs with a reference compiler at test time and caches each result by a hash of the compiler,
/// its flags and every input's name and bytes, so a rerun with unchanged sources compiles nothing. Concurrent builds
/// of one key are safe: each writes a private temporary file and renames it into place.
/// </summary>
internal static class GuestCompiler
{
    /// <summary>The cache folder: <c>CVM_GUEST_CACHE</c> if set, else <paramref name="suite"/> in the temporary directory.</summary>
    public static string CacheDirectory(string suite)
    {
        var directory = Environment.GetEnvironmentVariable("CVM_GUEST_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), suite);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>
    /// Runs <c><paramref name="compiler"/> FLAGS INPUTS LIBRARIES -o OUT</c> unless the cache holds its result, and
    /// returns the path of the ELF (<c><paramref name="stem"/>-KEY.elf</c> in <paramref name="cacheDirectory"/>).
    /// <paramref name="dependencies"/> are files the output depends on without being named (headers).
    /// </summary>
    public static string Compile(string cacheDirectory, string stem, string compiler, IReadOnlyList<string> flags,
        IReadOnlyList<string> inputs, IReadOnlyList<string> libraries, IEnumerable<string> dependencies)
    {
        var key = CacheKey(compiler, [.. flags, .. libraries], inputs.Concat(dependencies));
        var elf = Path.Combine(cacheDirectory, $"{stem}-{key}.elf");
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
                $"{compiler} failed ({result.ExitCode}) building {string.Join(' ', inputs.Select(Path.GetFileName))}:\n{result.StandardError}");
        }
        File.Move(temporary, elf, overwrite: true);
        return elf;
    }

    private static string CacheKey(string compiler, IEnumerable<string> flags, IEnumerable<string> files)
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
