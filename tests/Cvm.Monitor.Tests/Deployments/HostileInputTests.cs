using System.Text;
using Cvm.Monitor.Deployments;

namespace Cvm.Monitor.Tests.Deployments;

/// <summary>Malformed and malicious deployment files get one clear message and never an exception.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly DeploymentFiles _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<string, string> Cases => new()
    {
        // The scanner's InvalidOperationException on a flow collection cut short (seen with YamlDotNet 18).
        { "a: [1,\nb", "test.yaml:1:5: the file is not valid YAML: a flow collection ('[' or '{') is not closed after this value" },
        // "Billion laughs": aliases would multiply nine-fold per level.
        { "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\ncVMs: [*b, *b]\n",
          "test.yaml:1:4: anchors (&a) are not supported in deployment files; write the value out" },
        { "cVMs: *missing\n", "test.yaml:1:7: aliases (*missing) are not supported in deployment files; write the value out" },
        { "cVMs:\n- !!map {name: a}\n", "test.yaml:2:3: tags (tag:yaml.org,2002:map) are not supported in deployment files" },
        { "cVMs:\n- {name: a, name: b}\n", "test.yaml:2:13: 'name' appears twice in the same mapping" },
        { "? [a, b]\n: c\n", "test.yaml:1:3: mapping keys must be plain names, not lists or mappings" },
        { "cVMs: [{name: a, runtime: hello.elf}\n", "test.yaml:2:1: the file is not valid YAML: While parsing a flow sequence, did not find expected ',' or ']'." },
        { "cVMs:\n- name: \"unterminated\n", "test.yaml:2:9: the file is not valid YAML: While scanning a quoted scalar, found unexpected end of stream." },
        { "cVMs:\n\t- name: a\n", "test.yaml:1:1: the file is not valid YAML: While scanning a mapping, found invalid tab as indentation." },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  isolation: {base: 0x1000000000000000000, size: 0x10000, begin: 0, end: 0x10000}\n",
          "test.yaml:4:21: isolation.base is too large: '0x1000000000000000000' does not fit in 64 bits" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  max_instructions: 99999999999999999999999\n",
          "test.yaml:4:21: max_instructions is too large: '99999999999999999999999' does not fit in 64 bits" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  heap_size: 0xfffffffffffffffG\n",
          "test.yaml:4:14: heap_size is too large: '0xfffffffffffffffG' does not fit in 64 bits" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  threads: 4294967296\n",
          "test.yaml:4:12: threads is too large: 4294967296" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  wait: 99999999999\n",
          "test.yaml:4:9: wait must be -1 (run this cVM to its end before starting the next) or a number of seconds, got '99999999999'" },
        { "cVMs:\n- name: a\n  runtime: \"hello\\0.elf\"\n",
          "test.yaml:3:12: runtime must be a file path of 1 to 4096 characters without NUL characters" },
        { "cVMs:\n- name: a\n  runtime: ''\n",
          "test.yaml:3:12: runtime must be a file path of 1 to 4096 characters without NUL characters" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  personality: linux\n  file_root: \"\\0\"\n",
          "test.yaml:5:14: file_root must be a file path of 1 to 4096 characters without NUL characters" },
        { "cVMs:\n- name: a\n  runtime: hello.elf\n  wait: -2\n",
          "test.yaml:4:9: wait must be -1 (run this cVM to its end before starting the next) or a number of seconds, got '-2'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hostile_yaml_gets_one_positioned_message(string yaml, string expected)
    {
        Assert.Equal(expected, _files.SingleError(yaml));
    }

    [Fact]
    public void Nesting_deeper_than_any_deployment_needs_is_refused_without_recursing_through_it()
    {
        var yaml = "cVMs: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        Assert.Equal($"test.yaml:1:{6 + YamlTree.MaxDepth}: values are nested more than {YamlTree.MaxDepth} levels deep", _files.SingleError(yaml));
    }

    [Fact]
    public void A_file_with_too_many_values_is_refused()
    {
        var yaml = "cVMs: [" + string.Join(",", Enumerable.Repeat("0", YamlTree.MaxNodes + 1)) + "]\n";

        var message = _files.SingleError(yaml);

        Assert.Matches(@"^test\.yaml:1:\d+: the file has more than 100000 values; deployments are far smaller$", message);
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_refused_before_it_is_parsed()
    {
        var yaml = "# " + new string('x', DeploymentReader.MaxFileBytes) + "\n";

        Assert.Equal($"test.yaml:1:1: the file is {DeploymentReader.MaxFileBytes + 3} bytes; deployment files larger than {DeploymentReader.MaxFileBytes} bytes are not accepted", _files.SingleError(yaml));
    }

    [Fact]
    public void A_long_value_is_shortened_in_messages()
    {
        var yaml = $"cVMs:\n- name: a\n  runtime: hello.elf\n  on_fault: {new string('z', 5000)}\n";

        Assert.Equal($"test.yaml:4:13: on_fault must be stop or restart, got '{new string('z', 40)}…' (5000 characters)", _files.SingleError(yaml));
    }

    [Fact]
    public void Binary_garbage_is_reported_as_not_text()
    {
        var path = Path.Combine(_files.Directory, "garbage.yaml");
        File.WriteAllBytes(path, [0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80]);

        var check = DeploymentValidator.ValidateFile(path);

        Assert.Equal([$"{path}:1:1: the file is not UTF-8 text"], check.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Missing_files_and_directories_are_named()
    {
        var missing = Path.Combine(_files.Directory, "nothing.yaml");

        Assert.Equal([$"{missing}:1:1: '{missing}' does not exist"], DeploymentValidator.ValidateFile(missing).Diagnostics.Select(d => d.ToString()));
        Assert.Equal([$"{_files.Directory}:1:1: '{_files.Directory}' is a directory, not a deployment file"],
            DeploymentValidator.ValidateFile(_files.Directory).Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Random_mutations_of_a_valid_file_never_throw()
    {
        var valid = Encoding.UTF8.GetBytes("""
            capfiles:
            - {name: buf, size: 0x100, data: "abc", access: {a: read}}
            cVMs:
            - name: a
              runtime: hello.elf
              isolation: [{base: 0x20000000, size: 0x200000, begin: 0x20000000, end: 0x20200000}]
              args: [x, "y z"]
              exports: []
            calls: []
            defaults: {threads: 2, on_fault: restart}
            """);
        var random = new Random(6);
        const string alphabet = "-:[]{},&*!?|>'\"#%@`\t\n 0x1fz\\";
        for (int round = 0; round < 2000; round++)
        {
            var bytes = (byte[])valid.Clone();
            for (int edits = random.Next(1, 4); edits > 0; edits--)
            {
                bytes[random.Next(bytes.Length)] = (byte)alphabet[random.Next(alphabet.Length)];
            }
            var text = Encoding.UTF8.GetString(bytes);

            var read = DeploymentReader.Read(text, "fuzz.yaml", _files.Directory);

            Assert.True(read.Deployment is not null || read.Diagnostics.Count > 0, text);
            if (read.Deployment is { } deployment)
            {
                DeploymentValidator.Validate(deployment, read.Source);
            }
        }
    }
}
