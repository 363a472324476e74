using System.Text.RegularExpressions;
using Cvm.Monitor.Deployments;

namespace Cvm.Monitor.Tests.Deployments;

/// <summary>The complete example of docs/deployment.md is a valid deployment and means what the page says.</summary>
public sealed partial class DocumentationTests : IDisposable
{
    private readonly DeploymentFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string Example()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "deployment.md")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        var page = File.ReadAllText(Path.Combine(directory.FullName, "docs", "deployment.md"));
        return YamlBlock().Match(page).Groups[1].Value;
    }

    [Fact]
    public void The_complete_example_is_valid()
    {
        _files.WriteRuntime("server.elf", "__cvm_export_add", "__cvm_export_checksum");
        _files.WriteFixedRuntime("hello.elf", 0x2000_0000);

        var check = _files.Check(Example());

        Assert.Empty(_files.Messages(check));
        var plan = check.Plan!;
        var server = plan.Cvms[0];
        Assert.True(server.PlacedAutomatically);
        Assert.Equal(new CvmIsolation(0x1000_0000, 0x40_0000, 0x1000_0000, 0x1040_0000), server.Isolation);
        Assert.Equal([new CvmExport("add", InstructionBudget: 50_000), new CvmExport("checksum", null, BufferDirection.In, 200_000)], server.Exports);
        Assert.Equal(FaultPolicy.Restart, server.OnFault);
        var hello = plan.Cvms[1];
        Assert.Equal(["hello", "--verbose"], hello.Args);
        Assert.Equal((CvmSpec.WaitForExit, 32UL << 10, 2, 1_000_000_000UL), (hello.Wait, hello.StackSize, hello.Threads, hello.MaxInstructions));
        Assert.Equal(0x1000UL, plan.CapFiles[1].Size);
        Assert.Equal("server", plan.CapFiles[1].Owner);
        Assert.Equal([new CapFileGrant("hello", Read: false, Write: true)], plan.CapFiles[1].Access);
        Assert.Equal(2, plan.Calls.Count);
    }

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
