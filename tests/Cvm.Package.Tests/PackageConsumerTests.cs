using System.IO.Compression;
using System.Reflection;
using Cvm.Testing;

namespace Cvm.Package.Tests;

/// <summary>
/// The CvmSdk package end to end, as a consumer meets it: one `dotnet pack` into a temporary feed, then a fresh
/// project restored from that feed (its own package folder, so no cached copy of an earlier pack is used), built
/// and run. Slow (a minute or two), run everywhere including CI.
/// </summary>
public sealed class PackageConsumerTests
{
    private const string PackageVersion = "0.1.0";

    /// <summary>Everything the package holds besides NuGet's own bookkeeping (_rels, [Content_Types].xml, package/).</summary>
    private static readonly string[] ExpectedEntries =
    [
        "CvmSdk.nuspec",
        "README.md",
        "analyzers/dotnet/cs/Cvm.Analyzers.CodeFixes.dll",
        "analyzers/dotnet/cs/Cvm.Analyzers.dll",
        "analyzers/dotnet/cs/Cvm.Generators.dll",
        "build/Cvm.Sdk.targets",
        "build/CvmSdk.props",
        "build/CvmSdk.targets",
        "guest/cvm.h",
        "guest/cvm_start.S",
        "lib/net10.0/Cvm.Assembly.dll",
        "lib/net10.0/Cvm.Cheri.dll",
        "lib/net10.0/Cvm.Machine.dll",
        "lib/net10.0/Cvm.Monitor.dll",
        "lib/net10.0/Cvm.Sdk.dll",
        "lib/net10.0/Cvm.Sdk.xml",
    ];

    private static string RepositoryRoot()
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

    private static string BuildConfiguration() =>
        typeof(PackageConsumerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "Configuration").Value
        ?? throw new InvalidOperationException("the test assembly does not record its build configuration");

    private static ProcessResult Dotnet(params string[] arguments)
    {
        var result = ReferenceTools.Run("dotnet", arguments, timeout: TimeSpan.FromMinutes(10));
        Assert.True(result.ExitCode == 0,
            $"dotnet {string.Join(' ', arguments)} exited with {result.ExitCode}\n{result.StandardOutputText}{result.StandardError}");
        return result;
    }

    [Fact]
    [Trait("Category", "Package")]
    public void Package_restored_from_a_local_feed_builds_reports_and_runs()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("cvm-package-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            var consumer = Path.Combine(work.FullName, "consumer");
            Directory.CreateDirectory(consumer);

            Dotnet("pack", Path.Combine(root, "src", "Cvm.Sdk"), "-c", BuildConfiguration(), "--no-build", "-o", feed,
                "-nologo", "-nodeReuse:false");
            var package = Path.Combine(feed, $"CvmSdk.{PackageVersion}.nupkg");
            using (var archive = ZipFile.OpenRead(package))
            {
                var entries = archive.Entries.Select(entry => entry.FullName)
                    .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal)
                        && !name.StartsWith("package/", StringComparison.Ordinal)
                        && name != "[Content_Types].xml")
                    .Order(StringComparer.Ordinal);
                Assert.Equal(ExpectedEntries, entries);
                using var nuspec = new StreamReader(archive.GetEntry("CvmSdk.nuspec")!.Open());
                var manifest = nuspec.ReadToEnd();
                // YamlDotNet is the one package dependency; the repository's own assemblies travel in lib/.
                Assert.Contains("<dependency id=\"YamlDotNet\"", manifest);
                Assert.DoesNotContain("<dependency id=\"Cvm.", manifest);
                Assert.Contains("<license type=\"expression\">", manifest);
                Assert.Contains("<readme>README.md</readme>", manifest);
            }

            // The feed is added to the sources this machine already has (they still serve YamlDotNet), and the
            // consumer restores into its own folder.
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="cvmsdk-local-feed" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <RestorePackagesPath>{Path.Combine(work.FullName, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="CvmSdk" Version="{PackageVersion}" />
                  </ItemGroup>
                  <Target Name="ShowCvmFolders" AfterTargets="Build">
                    <Message Importance="high" Text="CvmGuestRuntimeDirectory=$(CvmGuestRuntimeDirectory)" />
                  </Target>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
                using Cvm.Sdk;

                var registration = CvmServiceRegistry.Get<IGreeter>();
                Console.WriteLine($"service {registration.Contract.ServiceName} hash 0x{registration.Contract.Hash:X16}");

                [CvmService("greeter")]
                public interface IGreeter
                {
                    int Greet(ReadOnlySpan<byte> name);
                }

                [CvmService("pinger")]
                public interface IPinger
                {
                    void Ping();
                }
                """);

            var build = Dotnet("build", consumer, "-c", "Release", "-nologo", "-nodeReuse:false");
            var buildOutput = build.StandardOutputText;
            // The package's analyzer ran: a void contract method has no status to report a failure with.
            Assert.Contains("warning CVM1002", buildOutput);
            // The package's props: the guest runtime folder is the one inside the restored package.
            var runtimeLine = buildOutput.Split('\n').Select(line => line.Trim())
                .Single(line => line.StartsWith("CvmGuestRuntimeDirectory=", StringComparison.Ordinal));
            var runtimeDirectory = runtimeLine["CvmGuestRuntimeDirectory=".Length..];
            Assert.StartsWith(Path.Combine(work.FullName, "packages", "cvmsdk", PackageVersion), runtimeDirectory);
            Assert.True(File.Exists(Path.Combine(runtimeDirectory, "cvm.h")), runtimeDirectory);
            Assert.True(File.Exists(Path.Combine(runtimeDirectory, "cvm_start.S")), runtimeDirectory);

            // The package's generator and targets: guest bindings in the include folder.
            var header = File.ReadAllText(Path.Combine(consumer, "obj", "Release", "net10.0", "cvm", "include", "greeter.h"));

            var run = Dotnet("run", "--project", consumer, "-c", "Release", "--no-build");
            var hash = run.StandardOutputText.Trim().Split(' ')[^1];
            Assert.StartsWith("service greeter hash 0x", run.StandardOutputText);
            // The registration the generated code made at start-up is the contract the guest header describes.
            Assert.Contains($"GREETER_CONTRACT_HASH UINT64_C({hash})", header);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
