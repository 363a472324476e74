using System.Text;

namespace Cvm.Conformance.Tests;

/// <summary>Turns two runs of the same guest into a precise failure message when they differ.</summary>
internal static class GuestComparison
{
    /// <summary>Fails unless the emulator's exit status and stdout bytes equal the reference's.</summary>
    public static void AssertSameBehaviour(string program, GuestRun reference, GuestRun emulator)
    {
        var problems = new List<string>();
        if (reference.ExitCode != emulator.ExitCode)
        {
            problems.Add($"exit status: qemu-riscv64 {reference.ExitCode}, cvm exec {emulator.ExitCode}");
        }
        if (!reference.Stdout.AsSpan().SequenceEqual(emulator.Stdout))
        {
            problems.Add("stdout " + DescribeOutputDifference(reference.Stdout, emulator.Stdout));
        }
        // The guest's stderr bytes must match too; when the run ends normally cvm itself adds nothing to them.
        if (reference.Stderr != emulator.Stderr)
        {
            problems.Add("stderr " + DescribeOutputDifference(Encoding.UTF8.GetBytes(reference.Stderr), Encoding.UTF8.GetBytes(emulator.Stderr)));
        }
        if (problems.Count > 0)
        {
            Assert.Fail($"{program}: cvm exec differs from qemu-riscv64\n  {string.Join("\n  ", problems)}\n{DescribeEmulatorRun(emulator)}");
        }
    }

    /// <summary>The emulator's stderr and report, for failure messages.</summary>
    public static string DescribeEmulatorRun(GuestRun emulator)
    {
        var text = new StringBuilder();
        if (emulator.Stderr.Length > 0)
        {
            text.Append("  cvm stderr: ").AppendLine(Truncate(emulator.Stderr.TrimEnd(), 2000));
        }
        if (emulator.Report is { } report)
        {
            text.Append("  report: exit ").Append(report.ExitCode).Append(", ").Append(report.Instructions).Append(" instructions");
            if (report.Trap is { } trap)
            {
                text.Append($", trap {trap.Cause} (mcause {trap.Mcause}, mtval {trap.Mtval}, pc {trap.Pc})");
            }
            text.AppendLine();
        }
        else
        {
            text.AppendLine("  no --report file was written");
        }
        return text.ToString();
    }

    private static string DescribeOutputDifference(byte[] expected, byte[] actual)
    {
        var offset = 0;
        while (offset < expected.Length && offset < actual.Length && expected[offset] == actual[offset])
        {
            offset++;
        }
        var lineStart = Array.LastIndexOf(expected, (byte)'\n', Math.Max(0, Math.Min(offset, expected.Length) - 1)) + 1;
        if (offset == 0)
        {
            lineStart = 0;
        }
        return $"differs at byte {offset} (qemu-riscv64 wrote {expected.Length} bytes, cvm exec {actual.Length}):\n" +
               $"    qemu-riscv64: {Excerpt(expected, lineStart)}\n" +
               $"    cvm exec:     {Excerpt(actual, lineStart)}";
    }

    private static string Excerpt(byte[] bytes, int start)
    {
        if (start >= bytes.Length)
        {
            return "<end of output>";
        }
        var length = Math.Min(200, bytes.Length - start);
        var text = Encoding.UTF8.GetString(bytes, start, length);
        return System.Text.Json.JsonSerializer.Serialize(text);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
