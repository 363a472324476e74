using Cvm.Monitor.Deployments;
using Cvm.Monitor.Tests.Deployments;
using Cvm.Monitor.Tests.Linux;
using Cvm.Testing;

namespace Cvm.Monitor.Tests.Relocation;

/// <summary>The deployment keys of this part: <c>legacy_relocation</c> and <c>personality: linux</c> from a file.</summary>
public sealed class RelocatedDeploymentTests : IDisposable
{
    private readonly DeploymentFiles _files = new();

    public void Dispose() => _files.Dispose();

    private MonitorResult Run(string yaml)
    {
        var check = _files.Check(yaml);
        Assert.True(check.Succeeded, string.Join("\n", _files.Messages(check)));
        using var monitor = DeploymentMonitor.Create(check.Plan!, new MonitorOptions { Quantum = 5_000 });
        return monitor.Run(50_000_000);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Legacy_relocation_runs_Intravisors_hello_linked_at_0_in_the_region_the_file_gives()
    {
        File.WriteAllBytes(Path.Combine(_files.Directory, "libhello.elf"), GuestBuilder.Build("hello.c", 0));

        var result = Run("""
            capfiles:
            - name: greeting
              size: 40
              data: "Hello, cVMs!!"
              access: {hello: read}
            cVMs:
            - name: hello
              runtime: libhello.elf
              legacy_relocation: true
              isolation:
              - base: 20000000
                size: 100000
                begin: 20000000
                end: 20100000
            """);

        Assert.Empty(result.Faults);
        Assert.Equal("hello from hello\nHello, cVMs!!\n", result["hello"].Console);
        Assert.True(result.Succeeded);
    }

    [ReferenceFact(LinuxPrograms.GlibcCompiler)]
    public void Personality_linux_runs_a_glibc_program_with_its_file_root()
    {
        File.WriteAllBytes(Path.Combine(_files.Directory, "cat.elf"), LinuxPrograms.Build("cat.c", LinuxLibrary.Glibc, 0x2000_0000));
        Directory.CreateDirectory(Path.Combine(_files.Directory, "files"));
        File.WriteAllText(Path.Combine(_files.Directory, "files", "motd"), "from the file root\n");

        var result = Run("""
            cVMs:
            - name: cat
              runtime: cat.elf
              personality: linux
              file_root: files
              args: [cat, /motd]
              stack_size: 0x10000
              isolation:
              - base: 20000000
                size: 400000
                begin: 20000000
                end: 20400000
            """);

        Assert.Empty(result.Faults);
        Assert.Equal("hello from cat\nfrom the file root\n", result["cat"].Console);
        Assert.True(result.Succeeded);
    }
}
