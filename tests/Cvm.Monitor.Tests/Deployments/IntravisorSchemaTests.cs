using Cvm.Monitor.Deployments;

namespace Cvm.Monitor.Tests.Deployments;

/// <summary>Deployments written the way Intravisor's own files are load unchanged.</summary>
public sealed class IntravisorSchemaTests : IDisposable
{
    private readonly DeploymentFiles _files = new();

    public void Dispose() => _files.Dispose();

    // Two documents, capfiles first; hexadecimal numbers with 0x; isolation as a one-entry list.
    private const string HelloStyle = """
        ---
        capfiles:
        - name: greeting
          size: 0x40
          data: "hi from the monitor\n"
        - name: scratch
          size: 0x2000

        ---
        cVMs:
        - name: hello
          runtime: hello.elf
          isolation:
          - base: 0x20000000
            size: 0x10000000
            begin: 0x20000000
            end: 0x30000000
          callback_out: monitor
        """;

    [Fact]
    public void A_hello_style_deployment_loads_with_Intravisors_meaning()
    {
        var check = _files.Check(HelloStyle);

        Assert.Empty(check.Diagnostics);
        var plan = check.Plan!;
        Assert.Equal(["greeting", "scratch"], plan.CapFiles.Select(c => c.Name));
        Assert.Equal(0x40UL, plan.CapFiles[0].Size);
        Assert.Equal("hi from the monitor\n"u8.ToArray(), plan.CapFiles[0].Data);
        Assert.Equal(0x2000UL, plan.CapFiles[1].Size);
        Assert.Empty(plan.CapFiles[1].Data);
        var hello = Assert.Single(plan.Cvms);
        Assert.Equal(new CvmIsolation(0x2000_0000, 0x1000_0000, 0x2000_0000, 0x3000_0000), hello.Isolation);
        Assert.False(hello.PlacedAutomatically);
        Assert.Equal(Path.Combine(_files.Directory, "hello.elf"), hello.RuntimePath);
    }

    [Fact]
    public void Without_access_lists_every_cVM_may_read_and_write_every_buffer_as_in_Intravisor()
    {
        var plan = _files.Check(HelloStyle).Plan!;

        Assert.All(plan.CapFiles, c => Assert.Equal([new CapFileGrant("hello", Read: true, Write: true)], c.Access));
    }

    [Fact]
    public void Intravisor_numbers_are_hexadecimal_even_without_0x()
    {
        var yaml = HelloStyle.Replace("0x", "");

        var plan = _files.Check(yaml).Plan!;

        Assert.Equal(0x40UL, plan.CapFiles[0].Size);
        Assert.Equal(new CvmIsolation(0x2000_0000, 0x1000_0000, 0x2000_0000, 0x3000_0000), plan.Cvms[0].Isolation);
    }

    [Fact]
    public void Args_given_as_one_string_are_split_on_spaces_and_wait_minus_one_joins()
    {
        var yaml = """
            cVMs:
            - name: first
              runtime: hello.elf
              args: /app/first  --verbose 3
              wait: -1
            - name: second
              runtime: hello.elf
              args: ["/app/second", "two words"]
              wait: 5
            """;

        var plan = _files.Check(yaml).Plan!;

        Assert.Equal(["/app/first", "--verbose", "3"], plan.Cvms[0].Args);
        Assert.Equal(CvmSpec.WaitForExit, plan.Cvms[0].Wait);
        Assert.Equal(["/app/second", "two words"], plan.Cvms[1].Args);
        Assert.Equal(5, plan.Cvms[1].Wait);
    }

    [Fact]
    public void Adjacent_regions_as_in_Intravisors_two_cVM_layouts_need_an_unmapped_page_between_them()
    {
        var yaml = """
            cVMs:
            - name: receiver
              runtime: hello.elf
              isolation:
              - base:  0x400000000
                size:  0x040000000
                begin: 0x400000000
                end:   0x440000000
            - name: sender
              runtime: hello.elf
              isolation:
              - {base: 440000000, size: 40000000, begin: 440000000, end: 480000000}
            """;

        Assert.Equal(
            "test.yaml:12:46: the bounds [0x440000000, 0x480000000) overlap or touch cVM 'receiver' at [0x400000000, 0x440000000); leave at least one unmapped page (0x1000) between cVMs",
            _files.SingleError(yaml));
        // With the sender one region further up, the same layout is accepted.
        var spaced = yaml.Replace("{base: 440000000, size: 40000000, begin: 440000000, end: 480000000}", "{base: 480000000, size: 40000000, begin: 480000000, end: 4c0000000}");
        Assert.Equal(0x4_8000_0000UL, _files.Check(spaced).Plan!.Cvms[1].Isolation.Base);
    }

    [Fact]
    public void An_empty_value_means_the_key_was_not_given_and_argv_defaults_to_the_name()
    {
        var yaml = """
            cVMs:
            - name: hello
              runtime: hello.elf
              callback_out:
              args:
            """;

        var spec = DeploymentReader.Read(yaml, "test.yaml", _files.Directory).Deployment!.Cvms[0];
        var cvm = _files.Check(yaml).Plan!.Cvms[0];

        Assert.Equal("monitor", spec.CallbackOut);
        Assert.Empty(spec.Args);
        Assert.Equal(["hello"], cvm.Args);
    }

    [Theory]
    [InlineData("disk: disk.img", "test.yaml:4:3: 'disk' is not supported: block-device images belong to Intravisor's LKL library OS, which CvmSdk does not ship; use personality: linux with file_root")]
    [InlineData("callback_in: inner", "test.yaml:4:3: 'callback_in' is not supported: nested cVMs are not supported; cVMs call each other through 'calls' instead")]
    public void Intravisor_keys_CvmSdk_does_not_support_are_named_with_the_reason(string line, string expected)
    {
        var yaml = $"cVMs:\n- name: hello\n  runtime: hello.elf\n  {line}\n";

        Assert.Equal(expected, _files.SingleError(yaml));
    }
}
