using Cvm.Assembly;
using Cvm.Assembly.Text;
using Cvm.Monitor.Deployments;

namespace Cvm.Monitor.Tests.Deployments;

/// <summary>
/// A scratch directory holding deployment files and small runtimes assembled by Cvm.Assembly, each defining the
/// symbols a test names, so the validator's ELF checks run against real programs.
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

    /// <summary>
    /// A position-independent program that spins in _start and defines each of <paramref name="symbols"/> as a
    /// function. Its code uses only PC-relative control flow and holds no addresses, so marking the linked
    /// executable ET_DYN (a static PIE without relocations) is all it takes to load it anywhere.
    /// </summary>
    public string WriteRuntime(string name, params string[] symbols)
    {
        var image = Assemble(name, LinkedImage.DefaultBaseAddress, symbols);
        BitConverter.TryWriteBytes(image.AsSpan(16, 2), (ushort)3);
        return Save(name, image);
    }

    /// <summary>The same program linked at <paramref name="linkAddress"/> (ET_EXEC: it runs only there).</summary>
    public string WriteFixedRuntime(string name, ulong linkAddress, params string[] symbols) =>
        Save(name, Assemble(name, linkAddress, symbols));

    private static byte[] Assemble(string name, ulong linkAddress, string[] symbols)
    {
        var source = ".text\n.globl _start\n_start:\n  j _start\n";
        foreach (var symbol in symbols)
        {
            source += $".globl {symbol}\n.type {symbol}, @function\n{symbol}:\n  add a0, a0, a1\n  ret\n";
        }
        source += ".data\nvalue: .dword 1\n";
        return Elf.Write(Linker.Link(TextAssembler.Assemble(source, name), linkAddress));
    }

    private string Save(string name, byte[] image)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, image);
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
