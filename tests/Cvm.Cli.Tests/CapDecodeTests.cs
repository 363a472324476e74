using System.Text.Json;

namespace Cvm.Cli.Tests;

/// <summary><c>cvm cap decode</c>: happy paths in both formats and every error path.</summary>
public class CapDecodeTests
{
    private static JsonElement DecodeOne(params string[] args)
    {
        CliResult result = CliRunner.Run(["cap", "decode", .. args]);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Single(result.OutputLines);
        return JsonDocument.Parse(result.OutputLines[0]).RootElement;
    }

    [Fact]
    public void Decodes_the_root_capability()
    {
        JsonElement root = DecodeOne("ffff000000000000", "0");

        Assert.Equal("0x0", root.GetProperty("address").GetString());
        Assert.Equal("0xffff000000000000", root.GetProperty("pesbt").GetString());
        Assert.Equal("0x0", root.GetProperty("base").GetString());
        Assert.Equal("0x10000000000000000", root.GetProperty("top").GetString());
        Assert.Equal("0x10000000000000000", root.GetProperty("length").GetString());
        Assert.Equal("0x0", root.GetProperty("offset").GetString());
        Assert.Equal("0x78fff", root.GetProperty("perms").GetString());
        Assert.Equal("0x3ffff", root.GetProperty("otype").GetString());
        Assert.False(root.GetProperty("sealed").GetBoolean());
        Assert.False(root.GetProperty("sentry").GetBoolean());
        Assert.Equal(0, root.GetProperty("flag").GetInt32());
        Assert.Equal(52, root.GetProperty("exp").GetInt32());
        Assert.True(root.GetProperty("ie").GetBoolean());
        Assert.Equal(0, root.GetProperty("reserved").GetInt32());
        string[] names = [.. root.GetProperty("permissions").EnumerateArray().Select(name => name.GetString()!)];
        Assert.Equal(
            ["Global", "Execute", "Load", "Store", "LoadCapability", "StoreCapability", "StoreLocalCapability", "Seal", "CInvoke",
             "Unseal", "AccessSystemRegisters", "SetCid", "User0", "User1", "User2", "User3"],
            names);
    }

    [Fact]
    public void Decodes_an_inexact_bounded_capability()
    {
        JsonElement capability = DecodeOne("0xffff0000011d9230", "0x12345");

        Assert.Equal("0x12300", capability.GetProperty("base").GetString());
        Assert.Equal("0x24700", capability.GetProperty("top").GetString());
        Assert.Equal("0x12400", capability.GetProperty("length").GetString());
        Assert.Equal("0x45", capability.GetProperty("offset").GetString());
        Assert.Equal(4, capability.GetProperty("exp").GetInt32());
    }

    [Fact]
    public void Accepts_upper_case_digits_and_prefix_and_leading_zeros()
    {
        JsonElement capability = DecodeOne("0XFFFF000004099004", "00000000000000001000");

        Assert.Equal("0x1000", capability.GetProperty("base").GetString());
        Assert.Equal("0x1020", capability.GetProperty("top").GetString());
        Assert.False(capability.GetProperty("ie").GetBoolean());
        Assert.Equal(0, capability.GetProperty("exp").GetInt32());
    }

    // Rows of the CHERI Concentrate vector file (decode kind): in-memory metadata, address, base, top, perms,
    // otype, flag, E.
    [Theory]
    [InlineData("0f7039d16ab9ee7e", "0000000090185666", "0x8fb9e000", "0x902b8000", "0xf70", "0xc5d2", 1, 10)]
    [InlineData("51a9b358c21462bd", "2056f0935b3c4742", "0x2b80000000000000", "0x18500000000000000", "0x281a9", "0x194e7", 1, 57)]
    [InlineData("0abf7af379ca174a", "0d243c5fd778e41e", "0x7480000000000000", "0x17280000000000000", "0xabf", "0xa190", 1, 54)]
    [InlineData("90867d7aec4c1202", "caeb598fa7565802", "0xcaeb598fa7565206", "0xcaeb598fa7566136", "0x48086", "0x50a2", 1, 0)]
    public void Decodes_vector_rows(string pesbt, string address, string expectedBase, string expectedTop, string perms, string otype, int flag, int exponent)
    {
        JsonElement capability = DecodeOne(pesbt, address);

        Assert.Equal(expectedBase, capability.GetProperty("base").GetString());
        Assert.Equal(expectedTop, capability.GetProperty("top").GetString());
        Assert.Equal(perms, capability.GetProperty("perms").GetString());
        Assert.Equal(otype, capability.GetProperty("otype").GetString());
        Assert.Equal(flag, capability.GetProperty("flag").GetInt32());
        Assert.Equal(exponent, capability.GetProperty("exp").GetInt32());
        Assert.Equal(otype != "0x3ffff", capability.GetProperty("sealed").GetBoolean());
    }

    [Fact]
    public void Reads_lines_from_standard_input_when_given_no_arguments()
    {
        CliResult result = CliRunner.RunWithInput("ffff000008000000 0\n  0\t0x5  \r\n", "cap", "decode");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Equal(2, result.OutputLines.Length);
        JsonElement sentry = JsonDocument.Parse(result.OutputLines[0]).RootElement;
        JsonElement nullDerived = JsonDocument.Parse(result.OutputLines[1]).RootElement;
        Assert.True(sentry.GetProperty("sentry").GetBoolean());
        Assert.True(sentry.GetProperty("sealed").GetBoolean());
        Assert.Equal("0x3fffe", sentry.GetProperty("otype").GetString());
        Assert.Equal("0x5", nullDerived.GetProperty("address").GetString());
        Assert.Equal("0x0", nullDerived.GetProperty("perms").GetString());
        Assert.Empty(nullDerived.GetProperty("permissions").EnumerateArray());
    }

    [Fact]
    public void Text_format_prints_a_readable_block()
    {
        CliResult result = CliRunner.Run("cap", "decode", "--format", "text", "ffff0000011d9230", "12345");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("base      0x12300\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("top       0x24700\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("perms     0x78fff Global Execute Load", result.Output, StringComparison.Ordinal);
        Assert.Contains("otype     0x3ffff (unsealed)\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("exponent  4 (internal)\n", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("{", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_format_separates_capabilities_by_a_blank_line()
    {
        CliResult result = CliRunner.RunWithInput("0 0\nffff000000000000 0\n", "cap", "decode", "-f", "text");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        string[] blocks = result.Output.Split("\n\n");
        Assert.Equal(2, blocks.Length);
        Assert.Contains("perms     0x0\n", blocks[0] + "\n", StringComparison.Ordinal);
        Assert.Contains("perms     0x78fff", blocks[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PESBT 'zz' is not a 64-bit hex number", "zz", "0")]
    [InlineData("ADDR 'g1' is not a 64-bit hex number", "0", "g1")]
    [InlineData("PESBT '10000000000000000' is not a 64-bit hex number", "10000000000000000", "0")]
    [InlineData("PESBT '0x' is not a 64-bit hex number", "0x", "0")]
    [InlineData("PESBT '0x0x5' is not a 64-bit hex number", "0x0x5", "0")]
    [InlineData("PESBT '' is not a 64-bit hex number", "", "0")]
    [InlineData("PESBT ' 5' is not a 64-bit hex number", " 5", "0")]
    [InlineData("ADDR '-1' is not a 64-bit hex number", "0", "-1")]
    [InlineData("expected both PESBT and ADDR (or neither, to read them from standard input)", "0")]
    [InlineData("unknown format 'xml'; expected json or text", "--format", "xml", "0", "0")]
    public void Bad_arguments_are_a_one_line_usage_error(string message, params string[] args)
    {
        CliResult result = CliRunner.Run(["cap", "decode", .. args]);

        AssertUsageError(result, message);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Too_many_arguments_are_a_usage_error()
    {
        CliResult result = CliRunner.Run("cap", "decode", "0", "0", "0");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("cvm: ", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("", "no input: expected lines of 'PESBT ADDR' on standard input, or PESBT and ADDR as arguments", 0)]
    [InlineData("0 0\n\n0 0\n", "line 2: empty line; expected 'PESBT ADDR'", 1)]
    [InlineData("  \t \n", "line 1: empty line; expected 'PESBT ADDR'", 0)]
    [InlineData("0 0\n0 0\n0\n", "line 3: expected 2 fields 'PESBT ADDR', found 1", 2)]
    [InlineData("0 0 0\n", "line 1: expected 2 fields 'PESBT ADDR', found 3", 0)]
    [InlineData("0 0\nxyz 0\n", "line 2: PESBT 'xyz' is not a 64-bit hex number", 1)]
    [InlineData("0 0x\n", "line 1: ADDR '0x' is not a 64-bit hex number", 0)]
    [InlineData("0 1\u001b[2J\n", "line 1: ADDR '1?[2J' is not a 64-bit hex number", 0)]
    public void Bad_input_lines_are_a_one_line_usage_error_with_the_line_number(string input, string message, int linesDecodedBefore)
    {
        CliResult result = CliRunner.RunWithInput(input, "cap", "decode");

        AssertUsageError(result, message);
        Assert.Equal(linesDecodedBefore, result.OutputLines.Length);
    }

    [Fact]
    public void Long_bad_input_is_shortened_in_the_message()
    {
        string longWord = new('z', 1000);
        CliResult result = CliRunner.Run("cap", "decode", longWord, "0");

        AssertUsageError(result, $"PESBT '{new string('z', 40)}...' is not a 64-bit hex number");
    }

    private static void AssertUsageError(CliResult result, string message)
    {
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"cvm: cap decode: {message}\n", result.Error);
    }
}
