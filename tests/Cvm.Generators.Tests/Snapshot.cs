using System.Reflection;
using System.Text;
using Cvm.Testing;

namespace Cvm.Generators.Tests;

/// <summary>
/// Checked-in expectations for generated files. A mismatch writes NAME.received beside the snapshot and fails;
/// CVM_ACCEPT_SNAPSHOTS=1 rewrites the snapshot instead (refused under CI=true, where a snapshot must already match).
/// </summary>
internal static class Snapshot
{
    public static string Directory { get; } = typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SnapshotDirectory").Value!;

    private static bool Accepting => Environment.GetEnvironmentVariable("CVM_ACCEPT_SNAPSHOTS") == "1";

    public static void Match(string actual, string name)
    {
        actual = actual.Replace("\r\n", "\n");
        var path = Path.Combine(Directory, name);
        var received = path + ".received";
        if (Accepting)
        {
            Assert.False(ReferenceTools.IsCi, "CVM_ACCEPT_SNAPSHOTS=1 is refused under CI=true: snapshots are reviewed and committed, never accepted by CI");
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            File.Delete(received);
            return;
        }
        var expected = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual, new UTF8Encoding(false));
        Assert.Fail(expected is null
            ? $"no snapshot {path}; wrote {received} (review it, then run with CVM_ACCEPT_SNAPSHOTS=1)"
            : $"generated text differs from {path}; wrote {received} (diff them; CVM_ACCEPT_SNAPSHOTS=1 accepts)");
    }
}
