using System.Diagnostics;
using System.Reflection;

namespace Cvm.Analyzers.Tests;

/// <summary>
/// Builds Sample/Sample.csproj (a consumer referencing Cvm.Sdk, with the generator and analyzers as analyzer
/// references) with dotnet build and checks that the diagnostics arrive through MSBuild at their source lines.
/// The referenced projects are already built by this test project, so only the sample compiles.
/// </summary>
public sealed class SampleBuildTest
{
    private static string Metadata(string key) =>
        typeof(SampleBuildTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [Fact]
    public async Task Dotnet_build_reports_the_contract_diagnostics()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "build", Metadata("SampleProject"), "-c", Metadata("Configuration"), "-p:BuildProjectReferences=false",
            // No build servers left behind by a test.
            "-nodeReuse:false", "-p:UseSharedCompilation=false", "-nologo", "-clp:NoSummary",
        })
        {
            start.ArgumentList.Add(argument);
        }
        // The test host's MSBuild variables would point the child build at the test run's own MSBuild instance.
        foreach (var name in start.Environment.Keys.Where(static k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        using var build = Process.Start(start)!;
        var error = build.StandardError.ReadToEndAsync();
        var output = await build.StandardOutput.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
        {
            await build.WaitForExitAsync(timeout.Token);
        }
        output += await error;

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("Contracts.cs(16,37): error CVM0009: Parameter 'messages' cannot cross a cVM boundary", output);
        Assert.Contains("Contracts.cs(17,25): warning CVM1002: Contract method 'Clear' returns nothing", output);
        // Help links name the diagnostic's page in this repository.
        Assert.Contains("(docs/diagnostics/CVM0009.md)", output);
        Assert.Contains("Contracts.cs(29,65): error CVM0016: 'Sample.IPlain' is not a [CvmService] interface", output);
        // The valid contract compiled: its generated proxy type exists (no CS errors about it), and nothing else failed.
        var compilerErrors = output.Split('\n').Where(static l => l.Contains(": error CS", StringComparison.Ordinal)).ToList();
        Assert.Empty(compilerErrors);
    }
}
