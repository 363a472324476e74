using Cvm.Testing;

namespace Cvm.Samples.Tests;

/// <summary>
/// The committed guest images are what their sources build to: samples/build-guests.sh rebuilds every one with
/// Debian's riscv64-unknown-elf-gcc into a scratch folder and each must match the committed file byte for byte.
/// </summary>
public sealed class GuestImageTests
{
    private const string Compiler = "riscv64-unknown-elf-gcc";

    [ReferenceFact(Compiler, "sh")]
    public void Every_committed_guest_image_is_rebuilt_byte_identical_from_its_sources()
    {
        var scratch = Directory.CreateTempSubdirectory("cvm-sample-guests-");
        try
        {
            var build = ReferenceTools.Run("sh", [Path.Combine(Repository.Samples, "build-guests.sh"), scratch.FullName],
                timeout: TimeSpan.FromMinutes(5));
            Assert.True(build.ExitCode == 0, build.StandardOutputText + build.StandardError);

            // Relative names (SAMPLE/NAME.elf) on both sides: every committed image was rebuilt and nothing else was.
            var committed = Directory.GetDirectories(Repository.Samples)
                .Select(sample => Path.Combine(sample, "guest"))
                .Where(Directory.Exists)
                .SelectMany(guest => Directory.GetFiles(guest, "*.elf"))
                .ToDictionary(path => $"{Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path)))}/{Path.GetFileName(path)}");
            var rebuilt = Directory.GetFiles(scratch.FullName, "*.elf", SearchOption.AllDirectories)
                .ToDictionary(path => Path.GetRelativePath(scratch.FullName, path).Replace(Path.DirectorySeparatorChar, '/'));
            Assert.NotEmpty(committed);
            Assert.Equal(committed.Keys.Order(), rebuilt.Keys.Order());
            foreach (var (name, path) in committed)
            {
                Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(File.ReadAllBytes(rebuilt[name])),
                    $"samples/{name.Replace("/", "/guest/")} differs from what samples/build-guests.sh builds from its sources; rebuild and commit it");
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
