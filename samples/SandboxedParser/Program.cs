using Cvm.Monitor;
using Cvm.Sdk;

namespace SandboxedParser;

/// <summary>Feeds the C parser one good record, one crafted record and one good record again.</summary>
public static class Program
{
    /// <summary>Where the guest image is linked: the start of its cVM's region.</summary>
    private const ulong GuestBase = 0x2000_0000;

    /// <summary>Prints what happens to the console.</summary>
    public static int Main()
    {
        Run(Console.Out);
        return 0;
    }

    /// <summary>A record: one length byte, then the name's bytes. The length may lie.</summary>
    private static byte[] Record(byte claimedLength, string name) => [claimedLength, .. System.Text.Encoding.UTF8.GetBytes(name)];

    /// <summary>Runs the sample, writing the guest's console output and the host's results to <paramref name="output"/>.</summary>
    public static void Run(TextWriter output)
    {
        var monitor = new CvmMonitor(new MonitorOptions { ConsoleWriter = (cvm, text) => output.Write($"[{cvm}] {text}") });
        monitor.AddCapFile(new CapFileDefinition { Name = "name", Size = 32, Access = [new CapFileGrant("parser", Read: true, Write: true)] });
        monitor.AddCapFile(new CapFileDefinition { Name = "stop", Size = 8, Access = [new CapFileGrant("parser", Read: true, Write: false)] });
        monitor.AddCvm(new CvmDefinition
        {
            Name = "parser",
            // Built from guest/parser.c by samples/build-guests.sh and committed, so no RISC-V toolchain is needed here.
            Image = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guest", "parser.elf")),
            Runtime = "guest/parser.c",
            Isolation = CvmIsolation.Region(GuestBase, 0x10_0000),
            Exports = CvmServiceRegistry.Get<IRecordParser>().Contract.Exports(),
            // A fault terminates the cVM and reloads it from its image: the next call finds a fresh parser.
            OnFault = FaultPolicy.Restart,
        });
        using var host = new CvmHost(monitor);
        var parser = host.GetService<IRecordParser>("parser");

        output.WriteLine($"[host] parsed: {parser.ParseName(Record(5, "alice"))}");
        var crafted = Record(200, new string('A', 200));
        try
        {
            parser.ParseName(crafted);
            output.WriteLine("[host] the crafted record was parsed (this should not happen)");
        }
        catch (CvmCalleeFaultException e)
        {
            output.WriteLine($"[host] contained: {e.GetType().Name} in cVM '{e.Cvm}', method {e.Method}: {e.Cause}");
        }
        output.WriteLine($"[host] parsed: {parser.ParseName(Record(3, "bob"))}");
        output.WriteLine($"[host] parser restarts: {monitor.GetResult("parser").Restarts}");
    }
}
