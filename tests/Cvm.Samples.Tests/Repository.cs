namespace Cvm.Samples.Tests;

/// <summary>Paths in the source tree the tests run from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CvmSdk.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("the repository root (CvmSdk.sln) was not found above the test binaries");
    }
}
