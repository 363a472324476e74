using Cvm.Monitor.Deployments;

namespace Cvm.Monitor.Tests.Deployments;

// The monitor tests' own Deployment helper lives in the enclosing namespace; these tests mean the model.
using Deployment = Cvm.Monitor.Deployments.Deployment;

/// <summary>Every problem is reported at the line and column of the value concerned, saying what is allowed.</summary>
public sealed class DiagnosticTests : IDisposable
{
    private readonly DeploymentFiles _files = new();

    public DiagnosticTests() => _files.WriteFixedRuntime("fixed.elf", 0x1000_0000);

    public void Dispose() => _files.Dispose();

    private const string Isolated = """
        cVMs:
        - name: hello
          runtime: hello.elf
          isolation:
          - base: 0x20000000
            size: SIZE
            begin: 0x20000000
            end: 0x20010000
        """;

    [Fact]
    public void A_region_size_that_is_not_whole_pages_is_reported_at_its_value()
    {
        var message = _files.SingleError(Isolated.Replace("SIZE", "0x1001"), "hello.yaml");

        Assert.Equal("hello.yaml:6:11: isolation.size must be a non-zero multiple of 4096, got 0x1001", message);
    }

    public static TheoryData<string, string> ShapeErrors => new()
    {
        // Unknown keys, with a suggestion when one is close.
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  thread: 2\n",
          "test.yaml:4:3: unknown key 'thread' in a cVM; did you mean 'threads'? (allowed: name, runtime, isolation, args, wait, callback_out, personality, file_root, stack_size, heap_size, threads, max_instructions, max_call_instructions, exports, on_fault, store_capabilities)" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  isolation: {base: 0, size: 0x10000, sise: 0x10000, begin: 0, end: 0x10000}\n",
          "test.yaml:4:39: unknown key 'sise' in isolation; did you mean 'size'? (allowed: base, size, begin, end)" },
        { "cvms:\n- name: a\n",
          "test.yaml:1:1: unknown key 'cvms' at the top level; did you mean 'cVMs'? (allowed: capfiles, cVMs, calls, defaults)" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  colour: blue\n",
          "test.yaml:4:3: unknown key 'colour' in a cVM (allowed: name, runtime, isolation, args, wait, callback_out, personality, file_root, stack_size, heap_size, threads, max_instructions, max_call_instructions, exports, on_fault, store_capabilities)" },
        // Missing required keys are reported where the entry starts.
        { "cVMs:\n- name: a\n",
          "test.yaml:2:3: a cVM needs 'runtime' (the path of the ELF program it runs)" },
        { "capfiles:\n- name: buffer\ncVMs:\n- {name: a, runtime: hello.elf}\n",
          "test.yaml:2:3: a shared buffer needs 'size' (its size in bytes, hexadecimal)" },
        // Value types and number syntax.
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  isolation:\n  - base: 0x2000000g\n    size: 0x10000\n    begin: 0\n    end: 0x10000\n",
          "test.yaml:5:11: isolation.base must be a hexadecimal number (with or without 0x, as in Intravisor), got '0x2000000g'" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  stack_size: 64KB\n",
          "test.yaml:4:15: stack_size must be a whole number (decimal, or hexadecimal with 0x, optionally followed by K, M or G), got '64KB'" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  threads: [1, 2]\n",
          "test.yaml:4:12: threads must be a number, not a list or mapping" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  on_fault: retry\n",
          "test.yaml:4:13: on_fault must be stop or restart, got 'retry'" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  personality: windows\n",
          "test.yaml:4:16: personality must be native (the monitor's hostcall interface) or linux (Linux system calls), got 'windows'" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  store_capabilities: yes\n",
          "test.yaml:4:23: store_capabilities must be true or false, got 'yes'" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  wait: forever\n",
          "test.yaml:4:9: wait must be -1 (run this cVM to its end before starting the next) or a number of seconds, got 'forever'" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  exports: add\n",
          "test.yaml:4:12: exports must be a list of function names or {name, symbol, buffer, max_call_instructions} mappings" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  args: {a: b}\n",
          "test.yaml:4:9: args must be one string (split on spaces) or a list of strings" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  args: [a, [b]]\n",
          "test.yaml:4:13: each entry of args must be a single value, not a list or mapping" },
        { "cVMs:\n- name: a\n  runtime: [hello.elf]\n",
          "test.yaml:3:12: runtime must be a single value, not a list or mapping" },
        { "cVMs:\n  name: a\n",
          "test.yaml:2:3: 'cVMs' must be a list of cVMs (entries starting with '- ')" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  isolation: [{base: 0, size: 0x10000, begin: 0, end: 0x10000}, {base: 0, size: 0x10000, begin: 0, end: 0x10000}]\n",
          "test.yaml:4:14: isolation must be one mapping with base, size, begin and end (or a list holding exactly one), got a list of 2" },
        { "capfiles:\n- name: buffer\n  size: 0x10\n  access: {a: execute}\ncVMs:\n- {name: a, runtime: hello.elf}\n",
          "test.yaml:4:15: access of 'a' must be read, write or read-write, got 'execute'" },
        { "cVMs:\n- {name: a, runtime: hello.elf}\n---\ncVMs:\n- {name: b, runtime: hello.elf}\n",
          "test.yaml:4:1: 'cVMs' is given twice (first at line 1); put all its entries in one list" },
        { "", "test.yaml:1:1: the file declares no cVMs; a deployment needs a 'cVMs:' list" },
        { "# comment\ncapfiles:\n- {name: buf, size: 10}\n", "test.yaml:1:1: the deployment has no cVMs; 'cVMs' must list at least one" },
        { "cVMs: []\n", "test.yaml:1:7: the deployment has no cVMs; 'cVMs' must list at least one" },
        { "- a\n- b\n", "test.yaml:1:1: a deployment document must be a mapping with the keys capfiles, cVMs, calls, defaults" },
    };

    [Theory]
    [MemberData(nameof(ShapeErrors))]
    public void Shape_errors_name_the_position_and_what_is_allowed(string yaml, string expected)
    {
        Assert.Equal(expected, _files.SingleError(yaml));
    }

    public static TheoryData<string, string> MeaningErrors => new()
    {
        { "cVMs:\n- name: a\n  runtime: missing.elf\n",
          "test.yaml:3:12: runtime 'missing.elf' does not exist (looked for missing.elf)" },
        { "cVMs:\n- name: a\n  runtime: test.yaml\n",
          "test.yaml:3:12: runtime 'test.yaml' is not a static RV64 ELF program: the file is 37 bytes long, shorter than an ELF header (64 bytes)" },
        { "cVMs:\n- {name: a, runtime: hello.elf}\n- {name: a, runtime: hello.elf}\n",
          "test.yaml:3:10: cVM name 'a' is used twice (first by entry 1 of cVMs)" },
        { "cVMs:\n- {name: 'has space', runtime: hello.elf}\n",
          "test.yaml:2:10: cVM name 'has space' must be 1 to 32 letters, digits, '_', '.' or '-'" },
        { "cVMs:\n- {name: monitor, runtime: hello.elf}\n",
          "test.yaml:2:10: 'monitor' cannot name a cVM: callback_out uses it for the monitor itself" },
        { "capfiles:\n- {name: buf, size: 4, data: too long}\ncVMs:\n- {name: a, runtime: hello.elf}\n",
          "test.yaml:2:30: data is 8 bytes but the buffer's size is 0x4 (4) bytes" },
        { "capfiles:\n- {name: buf, size: 0}\ncVMs:\n- {name: a, runtime: hello.elf}\n",
          "test.yaml:2:21: size must be from 0x1 to 0x400000 bytes, got 0x0" },
        { "capfiles:\n- name: buf\n  size: 0x10\n  access:\n    reader: read\ncVMs:\n- {name: readr, runtime: hello.elf}\n",
          "test.yaml:5:5: access names 'reader', which is not a cVM of this deployment; did you mean 'readr'?" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  isolation:\n  - base: 0x20000000\n    size: 0x200000\n    begin: 0x20001000\n    end: 0x20200000\n",
          "test.yaml:7:12: isolation.begin must be at least 0x1000 (page 0 stays unmapped) and at most base (0x20000000), got 0x20001000" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  isolation:\n  - base: 0x20000000\n    size: 0x200000\n    begin: 0x20000000\n    end: 0x201ff000\n",
          "test.yaml:8:10: isolation.end must be at least base + size (0x20200000) and at most 0x10000000000, got 0x201ff000" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  isolation:\n  - base: 0x20001000\n    size: 0xffd000\n    begin: 0x20001000\n    end: 0x20ffe000\n",
          "test.yaml:7:12: capability bounds [0x20001000, 0x20ffe000) are not exactly representable: bounds of 0xffd000 bytes need begin and end to be multiples of 0x8000" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  isolation:\n  - base: 0xfffffff0000\n    size: 0x20000\n    begin: 0xfffffff0000\n    end: 0x10000010000\n",
          "test.yaml:6:11: the region [0xfffffff0000, base + 0x20000) must end at or below 0x10000000000" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  isolation: {base: 0x20000000, size: 0x10000, begin: 0x20000000, end: 0x20010000}\n  heap_size: 64K\n",
          "test.yaml:4:39: the region of 0x10000 bytes cannot hold the program (0x2000), heap (0x10000) and 1 stack(s) of 0x10000 with their guard pages and the capability table: 0x25000 bytes are needed" },
        { "cVMs:\n- {name: a, runtime: hello.elf, isolation: {base: 0x20000000, size: 0x100000, begin: 0x20000000, end: 0x20100000}, heap_size: 0}\n- {name: b, runtime: hello.elf, isolation: {base: 0x200f0000, size: 0x100000, begin: 0x200f0000, end: 0x201f0000}, heap_size: 0}\n",
          "test.yaml:3:86: the bounds [0x200f0000, 0x201f0000) overlap or touch cVM 'a' at [0x20000000, 0x20100000); leave at least one unmapped page (0x1000) between cVMs" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  stack_size: 4K\n  args: [" + new string('x', 1010) + "]\n",
          "test.yaml:5:9: args take 1027 bytes of the main stack with their pointers, more than a quarter of stack_size (0x1000)" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  threads: 65\n",
          "test.yaml:4:12: threads must be from 1 to 64, got 65" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  stack_size: 0x1800\n",
          "test.yaml:4:15: stack_size must be a multiple of 4096 of at least 0x1000, got 0x1800" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  max_instructions: 0\n",
          "test.yaml:4:21: max_instructions must be from 1 to 4611686018427387904 instructions, got 0" },
        { "defaults:\n  max_call_instructions: 0x4000000000000001\ncVMs:\n- {name: a, runtime: hello.elf}\n",
          "test.yaml:2:26: max_call_instructions must be from 1 to 4611686018427387904 instructions, got 4611686018427387905" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  callback_out: b\n",
          "test.yaml:4:17: callback_out must be 'monitor' (cVMs serve each other through 'calls', not hostcalls), got 'b'" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  file_root: .\n",
          "test.yaml:4:14: file_root is only used by the linux personality; add 'personality: linux' or remove it" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  personality: linux\n  file_root: nowhere\n",
          "test.yaml:5:14: file_root 'nowhere' is not a directory (looked for nowhere)" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  exports: [add]\n",
          "test.yaml:4:13: export 'add' needs the symbol '__cvm_export_add' in runtime 'hello.elf' (the guest runtime's CVM_EXPORT defines it)" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  exports: [{name: add, symbol: my_add}]\n",
          "test.yaml:4:13: export 'add' needs the symbol 'my_add' in runtime 'hello.elf' (the guest runtime's CVM_EXPORT defines it)" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  exports: [{name: add, buffer: sideways}]\n",
          "test.yaml:4:33: buffer must be none, in (the callee may read the caller's buffer), out (it may also write it) or frame (a contract method's in and out areas), got 'sideways'" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  wait: 3601\n",
          "test.yaml:4:9: wait must be -1 (run this cVM to its end before starting the next) or 0 to 3600 seconds, got 3601" },
        { "capfiles:\n- {name: buf, size: 0x10, owner: b}\ncVMs:\n- {name: a, runtime: hello.elf}\n",
          "test.yaml:2:34: owner 'b' is not a cVM of this deployment" },
        { "capfiles:\n- {name: buf, size: 0x10, owner: a, data: x}\ncVMs:\n- {name: a, runtime: hello.elf}\n",
          "test.yaml:2:43: a buffer with an owner holds what the owner advertises; data can only be given to buffers the monitor provides" },
        { "cVMs:\n- name: a\n  runtime: fixed.elf\n  isolation: {base: 0x20000000, size: 0x200000, begin: 0x20000000, end: 0x20200000}\n",
          "test.yaml:3:12: the program is linked at [0x10000000, 0x10002000), outside the image area [0x20000000, 0x201ed000) of its region; link it there or build it position-independent (-static-pie)" },
        { "cVMs:\n- name: a_rather_long_name_for_a_cvm\n  runtime: hello.elf\n  exports: [an_export_name_long_enough_to_pass_the_limit_ab]\n",
          "test.yaml:4:13: callers look export 'an_export_name_long_enough_to_pass_the_limit_ab' up as 'a_rather_long_name_for_a_cvm.an_export_name_long_enough_to_pass_the_limit_ab', which is longer than 64 bytes; shorten the export or cVM name" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  exports: [9lives]\n",
          "test.yaml:4:13: export '9lives' must be a C function name (letters, digits and '_', not starting with a digit, at most 64)" },
        { "cVMs:\n- {name: a, runtime: hello.elf}\n- {name: b, runtime: hello.elf}\ncalls:\n- {caller: a, callee: c, export: add}\n",
          "test.yaml:5:23: callee 'c' is not a cVM of this deployment" },
        { "cVMs:\n- {name: a, runtime: hello.elf}\n- {name: b, runtime: hello.elf}\ncalls:\n- {caller: a, callee: b, export: add}\n",
          "test.yaml:5:34: cVM 'b' does not export 'add' (it exports nothing)" },
        { "defaults:\n  region_size: 0x8000\ncVMs:\n- {name: a, runtime: hello.elf}\n",
          "test.yaml:2:16: region_size must be a multiple of 4096 from 0x10000 to 0x8000000000, got 0x8000" },
    };

    [Theory]
    [MemberData(nameof(MeaningErrors))]
    public void Meaning_errors_name_the_position_and_what_is_allowed(string yaml, string expected)
    {
        Assert.Equal(expected, _files.SingleError(yaml));
    }

    [Fact]
    public void Wiring_names_an_export_with_a_suggestion()
    {
        _files.WriteRuntime("math.elf", "__cvm_export_add", "__cvm_export_multiply");
        var yaml = "cVMs:\n- {name: a, runtime: hello.elf}\n- {name: math, runtime: math.elf, exports: [add, multiply]}\ncalls:\n- {caller: a, callee: math, export: multiplu}\n";

        Assert.Equal("test.yaml:5:37: cVM 'math' does not export 'multiplu' (its exports are add, multiply); did you mean 'multiply'?", _files.SingleError(yaml));
    }

    [Fact]
    public void All_problems_are_reported_not_only_the_first()
    {
        var yaml = "cVMs:\n- name: a\n  runtime: hello.elf\n  threads: 0\n  stack_size: 100\n  colour: red\n";

        var messages = _files.Messages(_files.Check(yaml));

        Assert.Equal(["test.yaml:6:3: unknown key 'colour' in a cVM (allowed: name, runtime, isolation, args, wait, callback_out, personality, file_root, stack_size, heap_size, threads, max_instructions, max_call_instructions, exports, on_fault, store_capabilities)"], messages);
        // Shape errors stop before meaning is checked; fixed, the meaning errors all appear at once.
        messages = _files.Messages(_files.Check(yaml.Replace("  colour: red\n", "")));
        Assert.Equal(
        [
            "test.yaml:5:15: stack_size must be a multiple of 4096 of at least 0x1000, got 0x64",
            "test.yaml:4:12: threads must be from 1 to 64, got 0",
        ], messages);
    }

    [Fact]
    public void A_deployment_built_in_code_with_no_base_directory_is_refused()
    {
        var deployment = new Deployment { BaseDirectory = "", Cvms = [new CvmSpec { Name = "hello", Runtime = "hello.elf" }] };

        var check = DeploymentValidator.Validate(deployment);

        Assert.Equal(["deployment: BaseDirectory must be a file path of 1 to 4096 characters without NUL characters"], check.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void A_deployment_built_in_code_is_checked_by_the_same_rules_and_names_its_subject()
    {
        var deployment = new Deployment
        {
            BaseDirectory = _files.Directory,
            Cvms = [new CvmSpec { Name = "hello", Runtime = "hello.elf", Isolation = new CvmIsolation(0x2000_0000, 0x1001, 0x2000_0000, 0x2000_1000) }],
        };

        var check = DeploymentValidator.Validate(deployment);

        Assert.Null(check.Plan);
        Assert.Equal("cVM 'hello': isolation.size must be a non-zero multiple of 4096, got 0x1001", Assert.Single(check.Diagnostics).ToString());
    }
}
