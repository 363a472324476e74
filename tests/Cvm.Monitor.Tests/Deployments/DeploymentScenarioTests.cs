using Cvm.Monitor.Deployments;
using Cvm.Testing;

namespace Cvm.Monitor.Tests.Deployments;

/// <summary>
/// The monitor's scenarios written as deployment files: the same C guests (built at test time, linked for the
/// regions the files give), loaded, validated, mapped onto the monitor and run.
/// </summary>
public sealed class DeploymentScenarioTests : IDisposable
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

    private void Build(string source, string output, ulong linkAddress) =>
        File.WriteAllBytes(Path.Combine(_files.Directory, output), GuestBuilder.Build(source, linkAddress));

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Intravisors_hello_scenario_runs_from_a_deployment_file()
    {
        Build("hello.c", "libhello.elf", 0x2000_0000);

        var result = Run("""
            ---
            capfiles:
            - name: greeting
              size: 40
              data: "Hello, cVMs!!"
              access: {hello: read}
            ---
            cVMs:
            - name: hello
              runtime: libhello.elf
              isolation:
              - base: 20000000
                size: 100000
                begin: 20000000
                end: 20100000
              callback_out: monitor
            """);

        Assert.Empty(result.Faults);
        Assert.Equal("hello from hello\nHello, cVMs!!\n", result["hello"].Console);
        Assert.True(result.Succeeded);
        Assert.Equal(0x40, result["hello"].BytesShared);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void A_buffer_provided_by_one_cVM_is_shared_with_another_as_the_access_list_says()
    {
        Build("share_owner.c", "owner.elf", 0x2000_0000);
        Build("share_peer.c", "peer.elf", 0x2100_0000);

        var result = Run("""
            capfiles:
            - {name: channel, size: 0x100, owner: owner, access: {peer: read-write}}
            cVMs:
            - {name: owner, runtime: owner.elf, isolation: {base: 0x20000000, size: 0x100000, begin: 0x20000000, end: 0x20100000}, stack_size: 32K}
            - {name: peer, runtime: peer.elf, isolation: {base: 0x21000000, size: 0x100000, begin: 0x21000000, end: 0x21100000}, stack_size: 32K}
            """);

        Assert.Empty(result.Faults);
        Assert.Equal("owner saw pong\n", result["owner"].Console);
        Assert.Equal("peer answered\n", result["peer"].Console);
        Assert.True(result.Succeeded);
    }

    [ReferenceFact(GuestBuilder.Compiler)]
    public void Calls_wired_in_the_file_are_the_only_ones_the_client_may_make()
    {
        Build("call_server.c", "server.elf", 0x2000_0000);
        Build("call_client.c", "client.elf", 0x2100_0000);

        // The client checks that 'crash', exported but not wired to it, cannot be looked up.
        var result = Run("""
            capfiles:
            - name: stop
              size: 0x10
              access: {server: read, client: read-write}
            cVMs:
            - name: server
              runtime: server.elf
              isolation: {base: 0x20000000, size: 0x100000, begin: 0x20000000, end: 0x20100000}
              stack_size: 32K
              exports:
              - add
              - {name: sum, buffer: in}
              - {name: take, buffer: in}
              - {name: fill, buffer: out}
              - {name: scribble, buffer: in}
              - crash
              - spin
              - lie
              - started
            - name: client
              runtime: client.elf
              isolation: {base: 0x21000000, size: 0x100000, begin: 0x21000000, end: 0x21100000}
              stack_size: 32K
            calls:
            - {caller: client, callee: server, export: add}
            - {caller: client, callee: server, export: sum}
            - {caller: client, callee: server, export: take}
            - {caller: client, callee: server, export: fill}
            - {caller: client, callee: server, export: scribble}
            - {caller: client, callee: server, export: spin}
            - {caller: client, callee: server, export: lie}
            - {caller: client, callee: server, export: started}
            """);

        Assert.Empty(result.Faults);
        Assert.True(result.Succeeded, result["client"].Console + result["server"].Console);
        Assert.Contains("client done", result["client"].Console);
    }
}
