using System.IO.Compression;
using System.Reflection;
using Cvm.Testing;

namespace Cvm.Package.Tests;

/// <summary>
/// The CvmSdk package as a consumer meets it, made once for the tests of <see cref="PackageConsumerTests"/>: one
/// `dotnet pack` into a temporary feed, then samples/HelloCvm as a fresh project restored from that feed (with its own
/// package folder, so no cached copy of an earlier pack is used), built and run. Under a minute; run everywhere
/// including CI.
/// </summary>
public sealed class PackagedConsumer : IDisposable
{
    public const string PackageVersion = "0.1.0";

    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("cvm-package-");

    public PackagedConsumer()
    {
        var root = RepositoryRoot();
        var feed = Path.Combine(work.FullName, "feed");
        Consumer = Path.Combine(work.FullName, "consumer");
        PackagesDirectory = Path.Combine(work.FullName, "packages");
        Directory.CreateDirectory(Consumer);

        Dotnet("pack", Path.Combine(root, "src", "Cvm.Sdk"), "-c", BuildConfiguration(), "--no-build", "-o", feed,
            "-nologo", "-nodeReuse:false");
        using (var archive = ZipFile.OpenRead(Path.Combine(feed, $"CvmSdk.{PackageVersion}.nupkg")))
        {
            Entries = [.. archive.Entries.Select(entry => entry.FullName)];
            using var nuspec = new StreamReader(archive.GetEntry("CvmSdk.nuspec")!.Open());
            Manifest = nuspec.ReadToEnd();
        }

        // The consumer is samples/HelloCvm as a user of the package writes it: its sources and committed guest image,
        // a PackageReference instead of the repository's project references, and one contract the analyzers warn about.
        var sample = Path.Combine(root, "samples", "HelloCvm");
        Directory.CreateDirectory(Path.Combine(Consumer, "guest"));
        foreach (var file in new[] { "Greeter.cs", "Program.cs", Path.Combine("guest", "greeter.c"), Path.Combine("guest", "greeter.elf") })
        {
            File.Copy(Path.Combine(sample, file), Path.Combine(Consumer, file));
        }
        File.WriteAllText(Path.Combine(Consumer, "Pinger.cs"), """
            namespace HelloCvm;

            [Cvm.Sdk.CvmService("pinger")]
            public interface IPinger
            {
                void Ping();
            }
            """);
        // The feed is added to the sources this machine already has (they still serve YamlDotNet).
        File.WriteAllText(Path.Combine(Consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="cvmsdk-local-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(Consumer, "HelloCvm.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RestorePackagesPath>{PackagesDirectory}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CvmSdk" Version="{PackageVersion}" />
              </ItemGroup>
              <ItemGroup>
                <None Include="guest\*.elf" CopyToOutputDirectory="PreserveNewest" LinkBase="guest" />
              </ItemGroup>
              <Target Name="ShowCvmFolders" AfterTargets="Build">
                <Message Importance="high" Text="CvmGuestRuntimeDirectory=$(CvmGuestRuntimeDirectory)" />
              </Target>
            </Project>
            """);

        BuildOutput = Dotnet("build", Consumer, "-c", "Release", "-nologo", "-nodeReuse:false").StandardOutputText;
        IncludeDirectory = Path.Combine(Consumer, "obj", "Release", "net10.0", "cvm", "include");
        RunOutput = Dotnet("run", "--project", Consumer, "-c", "Release", "--no-build").StandardOutputText;
    }

    /// <summary>The consumer project's folder.</summary>
    public string Consumer { get; }

    /// <summary>The consumer's own RestorePackagesPath.</summary>
    public string PackagesDirectory { get; }

    /// <summary>Every entry of the package.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>The package's nuspec.</summary>
    public string Manifest { get; }

    /// <summary>What `dotnet build` of the consumer printed.</summary>
    public string BuildOutput { get; }

    /// <summary>Where the package's targets wrote the guest bindings (the documented default).</summary>
    public string IncludeDirectory { get; }

    /// <summary>What `dotnet run` of the consumer printed.</summary>
    public string RunOutput { get; }

    /// <summary>The package's guest runtime folder as the consumer's build saw $(CvmGuestRuntimeDirectory).</summary>
    public string GuestRuntimeDirectory =>
        BuildOutput.Split('\n').Select(line => line.Trim())
            .Single(line => line.StartsWith("CvmGuestRuntimeDirectory=", StringComparison.Ordinal))["CvmGuestRuntimeDirectory=".Length..];

    public void Dispose() => work.Delete(recursive: true);

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
        typeof(PackagedConsumer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "Configuration").Value
        ?? throw new InvalidOperationException("the test assembly does not record its build configuration");

    private static ProcessResult Dotnet(params string[] arguments)
    {
        var result = ReferenceTools.Run("dotnet", arguments, timeout: TimeSpan.FromMinutes(10));
        return result.ExitCode == 0
            ? result
            : throw new InvalidOperationException(
                $"dotnet {string.Join(' ', arguments)} exited with {result.ExitCode}\n{result.StandardOutputText}{result.StandardError}");
    }
}

/// <summary>The package's layout, and what a consumer restored from it gets: analyzers, bindings, runtime, guest headers.</summary>
[Trait("Category", "Package")]
public sealed class PackageConsumerTests(PackagedConsumer package) : IClassFixture<PackagedConsumer>
{
    private const string GuestCompiler = "riscv64-unknown-elf-gcc";

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
        "lib/net10.0/Cvm.Assembly.xml",
        "lib/net10.0/Cvm.Cheri.dll",
        "lib/net10.0/Cvm.Cheri.xml",
        "lib/net10.0/Cvm.Machine.dll",
        "lib/net10.0/Cvm.Machine.xml",
        "lib/net10.0/Cvm.Monitor.dll",
        "lib/net10.0/Cvm.Monitor.xml",
        "lib/net10.0/Cvm.Sdk.dll",
        "lib/net10.0/Cvm.Sdk.xml",
    ];

    [Fact]
    public void Package_holds_exactly_the_runtime_the_roslyn_components_the_targets_and_the_guest_runtime()
    {
        var entries = package.Entries
            .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal)
                && !name.StartsWith("package/", StringComparison.Ordinal)
                && name != "[Content_Types].xml")
            .Order(StringComparer.Ordinal);
        Assert.Equal(ExpectedEntries, entries);
        // YamlDotNet is the one package dependency; the repository's own assemblies travel in lib/.
        Assert.Contains("<dependency id=\"YamlDotNet\"", package.Manifest);
        Assert.DoesNotContain("<dependency id=\"Cvm", package.Manifest);
        // No licence is declared until the project's owners choose one.
        Assert.DoesNotContain("<license", package.Manifest);
        Assert.Contains("<readme>README.md</readme>", package.Manifest);
    }

    [Fact]
    public void Sample_built_from_the_package_shows_the_analyzers_writes_the_bindings_and_calls_its_guest()
    {
        // The package's analyzer ran: a void contract method has no status to report a failure with.
        Assert.Contains("warning CVM1002", package.BuildOutput);
        // The package's props: the guest runtime folder is the one inside the restored package.
        Assert.StartsWith(Path.Combine(package.PackagesDirectory, "cvmsdk", PackagedConsumer.PackageVersion), package.GuestRuntimeDirectory);
        Assert.True(File.Exists(Path.Combine(package.GuestRuntimeDirectory, "cvm.h")), package.GuestRuntimeDirectory);
        Assert.True(File.Exists(Path.Combine(package.GuestRuntimeDirectory, "cvm_start.S")), package.GuestRuntimeDirectory);
        // The package's generator, targets and runtime: the bindings are in the include folder, and the sample's
        // committed guest (built from those bindings) is linked by contract hash and answers the generated proxy.
        Assert.Contains("GREETER_CONTRACT_HASH", File.ReadAllText(Path.Combine(package.IncludeDirectory, "greeter.h")));
        Assert.Contains("[host] Hello, .NET, from inside a cVM!", package.RunOutput);
        Assert.Contains("[host] 2 + 40 = 42", package.RunOutput);
    }

    [ReferenceFact(GuestCompiler)]
    public void Guest_c_build_finds_cvm_h_and_the_bindings_through_the_two_folders()
    {
        var output = Path.Combine(package.Consumer, "guest-build");
        Directory.CreateDirectory(output);
        string[] flags = ["-march=rv64gc", "-mabi=lp64d", "-O2", "-Wall", "-Wextra", "-Werror", "-ffreestanding", "-fno-builtin",
            "-I", package.GuestRuntimeDirectory, "-I", package.IncludeDirectory];
        // The caller stubs, which the sample's guest does not use, compile too.
        var client = ReferenceTools.Run(GuestCompiler,
            [.. flags, "-c", Path.Combine(package.IncludeDirectory, "greeter_client.c"), "-o", Path.Combine(output, "greeter_client.o")],
            timeout: TimeSpan.FromMinutes(1));
        Assert.True(client.ExitCode == 0, client.StandardError);
        // The sample's guest links from the package's start-up code, its own C and the generated dispatch.
        var guest = ReferenceTools.Run(GuestCompiler,
            [.. flags, "-nostdlib", "-nostartfiles", "-static", "-Wl,-Ttext-segment=0x20000000", "-Wl,-z,max-page-size=4096",
             "-Wl,--no-warn-rwx-segments",
             Path.Combine(package.GuestRuntimeDirectory, "cvm_start.S"), Path.Combine(package.Consumer, "guest", "greeter.c"),
             Path.Combine(package.IncludeDirectory, "greeter_server.c"), "-lgcc", "-o", Path.Combine(output, "greeter.elf")],
            timeout: TimeSpan.FromMinutes(1));
        Assert.True(guest.ExitCode == 0, guest.StandardError);
        Assert.True(File.Exists(Path.Combine(output, "greeter.elf")));
    }
}
