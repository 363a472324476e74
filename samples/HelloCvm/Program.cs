using Cvm.Monitor;
using Cvm.Sdk;

namespace HelloCvm;

/// <summary>Starts one cVM running the greeter guest and calls it from C# through the generated proxy.</summary>
public static class Program
{
    /// <summary>Where the guest image is linked: the start of its cVM's region.</summary>
    private const ulong GuestBase = 0x2000_0000;

    /// <summary>Prints the conversation to the console.</summary>
    public static int Main()
    {
        Run(Console.Out);
        return 0;
    }

    /// <summary>Runs the sample, writing the guest's console output and the host's results to <paramref name="output"/>.</summary>
    public static void Run(TextWriter output)
    {
        var monitor = new CvmMonitor(new MonitorOptions { ConsoleWriter = (cvm, text) => output.Write($"[{cvm}] {text}") });
        // The CP_File the guest's main thread waits on, which keeps the cVM alive to serve calls.
        monitor.AddCapFile(new CapFileDefinition { Name = "stop", Size = 8, Access = [new CapFileGrant("greeter", Read: true, Write: false)] });
        monitor.AddCvm(new CvmDefinition
        {
            Name = "greeter",
            // Built from guest/greeter.c by samples/build-guests.sh and committed, so no RISC-V toolchain is needed here.
            Image = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guest", "greeter.elf")),
            Runtime = "guest/greeter.c",
            Isolation = CvmIsolation.Region(GuestBase, 0x10_0000),
            // The generated contract lists one CP_Call export per method.
            Exports = CvmServiceRegistry.Get<IGreeter>().Contract.Exports(),
        });
        using var host = new CvmHost(monitor);
        var greeter = host.GetService<IGreeter>("greeter");
        output.WriteLine($"[host] {greeter.Greet(".NET")}");
        output.WriteLine($"[host] 2 + 40 = {greeter.Add(2, 40)}");
    }
}
