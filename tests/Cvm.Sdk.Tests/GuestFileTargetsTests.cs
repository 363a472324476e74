using Cvm.Testing;

namespace Cvm.Sdk.Tests;

/// <summary>
/// Cvm.Sdk.targets writes [assembly: CvmGuestFile] bindings to the include folder during `dotnet build`. One real
/// build of a throw-away project (slow: tens of seconds), run everywhere including CI.
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
                  </ItemGroup>
                  <Import Project="{Path.Combine(sdk, "build", "Cvm.Sdk.targets")}" />
                </Project>
                """);
            File.WriteAllText(Path.Combine(project.FullName, "Bindings.cs"), """
                [assembly: Cvm.Sdk.CvmGuestFile("kv.h", "#define KV_METHODS 3\n")]
                [assembly: Cvm.Sdk.CvmGuestFile("kv/dispatch.c", "#include \"../kv.h\"\nint kv_methods = KV_METHODS; /* λ */\n")]
                """);
            var build = ReferenceTools.Run("dotnet", ["build", project.FullName, "-c", "Release", "-nologo", "-v:q", "-p:CI=false"],
                timeout: TimeSpan.FromMinutes(10));
            Assert.True(build.ExitCode == 0, build.StandardOutputText + build.StandardError);

            var include = Path.Combine(project.FullName, "obj", "Release", "net10.0", "cvm", "include");
            Assert.Equal("#define KV_METHODS 3\n", File.ReadAllText(Path.Combine(include, "kv.h")));
            Assert.Equal("#include \"../kv.h\"\nint kv_methods = KV_METHODS; /* λ */\n"u8.ToArray(), File.ReadAllBytes(Path.Combine(include, "kv", "dispatch.c")));
        }
        finally
        {
            project.Delete(recursive: true);
        }
    }
}
