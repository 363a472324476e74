using Cvm.Cheri;
using Cvm.Monitor.Deployments;

namespace Cvm.Monitor.Tests.Deployments;

// The monitor tests' own Deployment helper lives in the enclosing namespace; these tests mean the model.
using Deployment = Cvm.Monitor.Deployments.Deployment;

/// <summary>Defaults, automatic placement, access lists and wiring as the validated plan gives them.</summary>
public sealed class PlanTests : IDisposable
{
    private readonly DeploymentFiles _files = new();

    public PlanTests() => _files.WriteRuntime("math.elf", "__cvm_export_add", "__cvm_export_scale");

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Values_left_out_take_the_deployment_defaults_and_then_the_built_in_ones()
    {
        var yaml = """
            defaults:
              stack_size: 128K
              threads: 4
              on_fault: restart
            cVMs:
            - name: a
              runtime: hello.elf
            - name: b
              runtime: hello.elf
              threads: 2
              heap_size: 0x40000
              max_instructions: 5000
              personality: linux
              store_capabilities: true
            """;

        var plan = _files.Check(yaml).Plan!;

        var (a, b) = (plan.Cvms[0], plan.Cvms[1]);
        Assert.Equal((128UL << 10, 4, FaultPolicy.Restart), (a.StackSize, a.Threads, a.OnFault));
        Assert.Equal(DeploymentLimits.DefaultHeapSize, a.HeapSize);
        Assert.Equal(DeploymentLimits.DefaultMaxInstructions, a.MaxInstructions);
        Assert.Equal(DeploymentLimits.DefaultMaxCallInstructions, a.MaxCallInstructions);
        Assert.Equal(CvmPersonality.Native, a.Personality);
        Assert.False(a.StoreCapabilities);
        Assert.Equal((128UL << 10, 2, 0x40000UL, 5000UL), (b.StackSize, b.Threads, b.HeapSize, b.MaxInstructions));
        Assert.Equal(CvmPersonality.Linux, b.Personality);
        Assert.True(b.StoreCapabilities);
    }

    [Fact]
    public void Regions_left_out_are_placed_in_order_with_guard_gaps_around_explicit_ones()
    {
        var yaml = """
            defaults:
              layout_base: 0x10000000
              region_size: 0x200000
              guard_size: 0x10000
            cVMs:
            - {name: first, runtime: hello.elf}
            - name: fixed
              runtime: hello.elf
              isolation: {base: 0x10210000, size: 0x200000, begin: 0x10210000, end: 0x10410000}
            - {name: second, runtime: hello.elf}
            - {name: third, runtime: hello.elf}
            """;

        var plan = _files.Check(yaml).Plan!;

        Assert.Equal(new CvmIsolation(0x1000_0000, 0x20_0000, 0x1000_0000, 0x1020_0000), plan.Cvms[0].Isolation);
        Assert.True(plan.Cvms[0].PlacedAutomatically);
        Assert.False(plan.Cvms[1].PlacedAutomatically);
        // 'second' would start at 0x10210000, inside 'fixed': it goes after fixed's end plus a guard gap.
        Assert.Equal(new CvmIsolation(0x1042_0000, 0x20_0000, 0x1042_0000, 0x1062_0000), plan.Cvms[2].Isolation);
        Assert.Equal(new CvmIsolation(0x1063_0000, 0x20_0000, 0x1063_0000, 0x1083_0000), plan.Cvms[3].Isolation);
    }

    [Fact]
    public void Automatic_regions_are_exact_capability_bounds_even_for_awkward_sizes()
    {
        var yaml = """
            defaults: {layout_base: 0x1000, region_size: 0x1235000, guard_size: 0x1000}
            cVMs:
            - {name: a, runtime: hello.elf}
            - {name: b, runtime: hello.elf}
            """;

        var plan = _files.Check(yaml).Plan!;

        foreach (var cvm in plan.Cvms)
        {
            var region = cvm.Isolation;
            var bounded = Capability.Root.SetAddress(region.Begin).SetBounds(region.End - region.Begin, out bool exact);
            Assert.True(exact, $"{cvm.Name}: [{region.Begin:x}, {region.End:x})");
            Assert.True(bounded.Tag);
            Assert.True(region.Size >= 0x123_5000UL);
        }
        Assert.True(plan.Cvms[1].Isolation.Base >= plan.Cvms[0].Isolation.End + 0x1000);
    }

    [Fact]
    public void Access_lists_and_wiring_come_through_as_written()
    {
        var yaml = """
            capfiles:
            - name: inbox
              size: 0x1000
              access:
                producer: write
                consumer: read
                auditor: read-write
            - name: private
              size: 0x10
              access: {}
            cVMs:
            - {name: producer, runtime: hello.elf}
            - {name: consumer, runtime: hello.elf}
            - {name: auditor, runtime: hello.elf}
            - {name: math, runtime: math.elf, exports: [add, scale], max_call_instructions: 1000}
            calls:
            - {caller: producer, callee: math, export: add}
            - {caller: consumer, callee: math, export: scale}
            """;

        var plan = _files.Check(yaml).Plan!;

        Assert.Equal(
            [new("producer", false, true), new("consumer", true, false), new CapFileGrant("auditor", true, true)],
            plan.CapFiles[0].Access);
        Assert.Empty(plan.CapFiles[1].Access);
        Assert.Equal([new("producer", "math", "add"), new CallGrant("consumer", "math", "scale")], plan.Calls);
        Assert.Equal([new CvmExport("add", InstructionBudget: 1000), new CvmExport("scale", InstructionBudget: 1000)], plan.Cvms[3].Exports);
    }

    [Fact]
    public void A_linux_cVM_gets_its_file_root_resolved_against_the_deployment_directory()
    {
        Directory.CreateDirectory(Path.Combine(_files.Directory, "files"));
        var yaml = "cVMs:\n- {name: a, runtime: hello.elf, personality: linux, file_root: files}\n";

        var plan = _files.Check(yaml).Plan!;

        Assert.Equal(Path.Combine(_files.Directory, "files"), plan.Cvms[0].FileRoot);
    }

    [Fact]
    public void The_same_deployment_built_in_code_gives_the_same_plan_as_from_yaml()
    {
        var yaml = """
            capfiles:
            - {name: greeting, size: 0x20, data: "hi", access: {a: read}}
            cVMs:
            - {name: a, runtime: hello.elf, args: [a, "-v"], wait: -1}
            - {name: math, runtime: math.elf, exports: [add], isolation: {base: 0x40000000, size: 0x200000, begin: 0x40000000, end: 0x40200000}}
            calls:
            - {caller: a, callee: math, export: add}
            """;
        var inCode = new Deployment
        {
            BaseDirectory = _files.Directory,
            CapFiles = [new CapFileSpec { Name = "greeting", Size = 0x20, Data = "hi"u8.ToArray(), Access = [new("a", Read: true, Write: false)] }],
            Cvms =
            [
                new CvmSpec { Name = "a", Runtime = "hello.elf", Args = ["a", "-v"], Wait = CvmSpec.WaitForExit },
                new CvmSpec { Name = "math", Runtime = "math.elf", Exports = [new CvmExport("add")], Isolation = new CvmIsolation(0x4000_0000, 0x20_0000, 0x4000_0000, 0x4020_0000) },
            ],
            Calls = [new CallGrant("a", "math", "add")],
        };

        var fromYaml = _files.Check(yaml).Plan!;
        var fromCode = DeploymentValidator.Validate(inCode).Plan!;

        Assert.Equal(Describe(fromYaml), Describe(fromCode));
    }

    [Fact]
    public void Writing_and_reading_back_gives_the_same_deployment()
    {
        var yaml = """
            capfiles:
            - {name: greeting, size: 0x20, data: "line one\n\"quoted\"\tand tab", access: {a: read, math: read-write}}
            - {name: empty, size: 0x1000}
            cVMs:
            - name: a
              runtime: hello.elf
              args: [a, "two words", "null", ""]
              wait: -1
              personality: linux
              stack_size: 8192
              heap_size: 0
              threads: 3
              max_instructions: 123456
              on_fault: restart
              store_capabilities: false
            - name: math
              runtime: math.elf
              exports: [add, {name: scale, symbol: __cvm_export_scale, buffer: out, max_call_instructions: 5}]
              isolation: {base: 0x40000000, size: 0x200000, begin: 0x40000000, end: 0x40200000}
              max_call_instructions: 77
            calls:
            - {caller: a, callee: math, export: add}
            defaults: {stack_size: 16384, threads: 2, on_fault: stop, personality: native, store_capabilities: true, region_size: 0x400000, layout_base: 0x80000000, guard_size: 8192, max_instructions: 9, max_call_instructions: 8, heap_size: 4096}
            """;
        var first = DeploymentReader.Read(yaml, "a.yaml", _files.Directory).Deployment!;

        var written = DeploymentWriter.ToYaml(first);
        var second = DeploymentReader.Read(written, "b.yaml", _files.Directory);

        Assert.Empty(second.Diagnostics);
        Assert.Equal(written, DeploymentWriter.ToYaml(second.Deployment!));
        Assert.Equal(Describe(DeploymentValidator.Validate(first).Plan!), Describe(DeploymentValidator.Validate(second.Deployment!).Plan!));
        var cvm = second.Deployment!.Cvms[0];
        Assert.Equal(["a", "two words", "null", ""], cvm.Args);
        Assert.Equal("line one\n\"quoted\"\tand tab"u8.ToArray(), second.Deployment.CapFiles[0].Data);
    }

    [Fact]
    public void A_deployment_without_optional_values_is_written_with_Intravisors_keys_only()
    {
        var deployment = new Deployment
        {
            CapFiles = [new CapFileSpec { Name = "greeting", Size = 0x20, Data = "hi\n"u8.ToArray() }],
            Cvms = [new CvmSpec { Name = "hello", Runtime = "hello.elf", Isolation = new CvmIsolation(0x2000_0000, 0x1000_0000, 0x2000_0000, 0x3000_0000) }],
        };

        Assert.Equal("""
            capfiles:
            - name: greeting
              size: 0x20
              data: "hi\n"
            cVMs:
            - name: hello
              runtime: hello.elf
              isolation:
              - base: 0x20000000
                size: 0x10000000
                begin: 0x20000000
                end: 0x30000000

            """, DeploymentWriter.ToYaml(deployment));
    }

    [Fact]
    public void Data_that_is_not_text_cannot_be_written_as_yaml()
    {
        var deployment = new Deployment
        {
            CapFiles = [new CapFileSpec { Name = "binary", Size = 4, Data = [0xff, 0xfe] }],
            Cvms = [new CvmSpec { Name = "hello", Runtime = "hello.elf" }],
        };

        var error = Assert.Throws<ArgumentException>(() => DeploymentWriter.ToYaml(deployment));
        Assert.StartsWith("the data of shared buffer 'binary' is not UTF-8 text", error.Message);
    }

    /// <summary>A plan as text, lists included, so two plans compare by content.</summary>
    private static string Describe(DeploymentPlan plan) => string.Join("\n",
        plan.CapFiles.Select(c => $"{c.Name} {c.Size} {Convert.ToHexString([.. c.Data])} {string.Join(",", c.Access)}")
            .Concat(plan.Cvms.Select(c => $"{c with { Args = [], Exports = [] }} args={string.Join("|", c.Args)} exports={string.Join(",", c.Exports)}"))
            .Concat(plan.Calls.Select(c => c.ToString())));
}
