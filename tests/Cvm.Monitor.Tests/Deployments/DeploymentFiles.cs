using Cvm.Assembly;
using Cvm.Assembly.Text;
using Cvm.Monitor.Deployments;

namespace Cvm.Monitor.Tests.Deployments;

/// <summary>
/// A scratch directory holding deployment files and small runtimes assembled by Cvm.Assembly, each exporting the
/// functions a test names, so the validator's ELF checks run against real programs.
/// </summary>
public sealed class DeploymentFiles : IDisposable
{
    public DeploymentFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "cvm-deploy-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        WriteRuntime("hello.elf");
    }

    public string Directory { get; }

    /// <summary>Assembles a program that spins in _start and defines each of <paramref name="exports"/> as a function.</summary>
    public string WriteRuntime(string name, params string[] exports)
    {
        var source = ".text\n.globl _start\n_start:\n  j _start\n";
        foreach (var export in exports)
        {
            source += $".globl {export}\n.type {export}, @function\n{export}:\n  add a0, a0, a1\n  ret\n";
        }
        source += ".data\nvalue: .dword 1\n";
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, Elf.Write(Linker.Link(TextAssembler.Assemble(source, name))));
        return path;
    }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Reads and validates <paramref name="yaml"/> as the file <paramref name="name"/> in this directory.</summary>
    public DeploymentCheck Check(string yaml, string name = "test.yaml") => DeploymentValidator.ValidateFile(Write(name, yaml));

    /// <summary>The single message a deployment that should fail with exactly one problem gives.</summary>
    public string SingleError(string yaml, string name = "test.yaml")
    {
        var check = Check(yaml, name);
        Assert.Null(check.Plan);
        return Assert.Single(Messages(check)).ToString();
    }

    /// <summary>Every message of <paramref name="check"/>, with this directory left out of file names.</summary>
    public string[] Messages(DeploymentCheck check) =>
        [.. check.Diagnostics.Select(d => d.ToString().Replace(Directory + Path.DirectorySeparatorChar, ""))];

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless; failing a passed test over it would not be.
        }
    }
}
