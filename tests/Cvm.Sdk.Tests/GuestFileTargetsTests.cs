using Cvm.Testing;

namespace Cvm.Sdk.Tests;

/// <summary>
/// Cvm.Sdk.targets writes [assembly: CvmGuestFile] bindings to the include folder during `dotnet build`: one real
/// build of a throw-away project that references Cvm.Sdk and the generator as an analyzer, as a consumer does (slow:
/// tens of seconds), run everywhere including CI.
/// </summary>
public sealed class GuestFileTargetsTests
{
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

    [Fact]
    [Trait("Category", "Slow")]
    public void Dotnet_build_writes_guest_files_to_the_include_folder()
    {
        var root = RepositoryRoot();
        var project = Directory.CreateTempSubdirectory("cvm-targets-");
        try
        {
            var sdk = Path.Combine(root, "src", "Cvm.Sdk");
            File.WriteAllText(Path.Combine(project.FullName, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{Path.Combine(sdk, "Cvm.Sdk.csproj")}" />
                    <ProjectReference Include="{Path.Combine(root, "generators", "Cvm.Generators", "Cvm.Generators.csproj")}"
                                      OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                  </ItemGroup>
                  <Import Project="{Path.Combine(sdk, "build", "Cvm.Sdk.targets")}" />
                </Project>
                """);
            File.WriteAllText(Path.Combine(project.FullName, "Contract.cs"), """
                [assembly: Cvm.Sdk.CvmGuestFile("extra/notes.c", "int kv_notes; /* λ */\n")]

                namespace Consumer;

                [Cvm.Sdk.CvmService("kv")]
                public interface IKeyValueStore
                {
                    int Put(System.ReadOnlySpan<byte> key, System.ReadOnlySpan<byte> value);
                }
                """);
            var build = ReferenceTools.Run("dotnet", ["build", project.FullName, "-c", "Release", "-nologo", "-v:q", "-p:CI=false"],
                timeout: TimeSpan.FromMinutes(10));
            Assert.True(build.ExitCode == 0, build.StandardOutputText + build.StandardError);

            var include = Path.Combine(project.FullName, "obj", "Release", "net10.0", "cvm", "include");
            // The generator's bindings for the contract, and a hand-written attribute in a subfolder, byte for byte.
            Assert.Contains("__cvm_contract_kv", File.ReadAllText(Path.Combine(include, "kv.h")));
            Assert.Contains("kv__Put", File.ReadAllText(Path.Combine(include, "kv_server.c")));
            Assert.True(File.Exists(Path.Combine(include, "kv_client.c")));
            Assert.Equal("int kv_notes; /* λ */\n"u8.ToArray(), File.ReadAllBytes(Path.Combine(include, "extra", "notes.c")));
        }
        finally
        {
            project.Delete(recursive: true);
        }
    }
}
