using System.Diagnostics;

namespace Cvm.Testing;

/// <summary>
/// Finds and runs the reference tools that differential tests compare against (qemu-riscv64, GNU as/ld/objdump,
/// the RISC-V GCC toolchains). Locally a test whose tools are missing is skipped with the reason; under CI
/// (CI=true) it runs and fails, so a CI machine without the tools can never pass silently.
/// </summary>
public static class ReferenceTools
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of <paramref name="tool"/> on PATH, or null.</summary>
    public static string? Find(string tool)
    {
        if (Path.IsPathRooted(tool))
        {
            return File.Exists(tool) ? tool : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The full path of <paramref name="tool"/>, or an exception that says how to install it.</summary>
    public static string Require(string tool) =>
        Find(tool) ?? throw new InvalidOperationException(
            $"Reference tool '{tool}' is not installed; run eng/install-reference-tools.sh (Debian packages).");

    /// <summary>Why tests needing <paramref name="tools"/> must be skipped here, or null when they can run.</summary>
    public static string? SkipReason(params string[] tools)
    {
        if (IsCi)
        {
            return null;
        }
        var missing = tools.Where(t => Find(t) is null).ToArray();
        return missing.Length == 0
            ? null
            : $"reference tools not installed: {string.Join(", ", missing)} (run eng/install-reference-tools.sh)";
    }

    /// <summary>Runs a program to completion, with a time limit, and returns what it printed.</summary>
    public static ProcessResult Run(string file, IEnumerable<string> arguments, byte[]? standardInput = null,
        TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Require(file))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = new MemoryStream();
        var stdoutCopy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderrRead = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.BaseStream.Write(standardInput);
        }
        process.StandardInput.Close();

        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in time");
        }
        stdoutCopy.Wait();
        return new ProcessResult(process.ExitCode, stdout.ToArray(), stderrRead.Result);
    }
}

/// <summary>What a finished process returned and printed.</summary>
public sealed record ProcessResult(int ExitCode, byte[] StandardOutput, string StandardError)
{
    public string StandardOutputText => System.Text.Encoding.UTF8.GetString(StandardOutput);
}

/// <summary>A fact that needs reference tools: skipped with the reason locally when they are missing, run under CI.</summary>
public sealed class ReferenceFactAttribute : FactAttribute
{
    public ReferenceFactAttribute(params string[] tools)
    {
        if (ReferenceTools.SkipReason(tools) is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs reference tools: skipped with the reason locally when they are missing, run under CI.</summary>
public sealed class ReferenceTheoryAttribute : TheoryAttribute
{
    public ReferenceTheoryAttribute(params string[] tools)
    {
        if (ReferenceTools.SkipReason(tools) is { } reason)
        {
            Skip = reason;
        }
    }
}
