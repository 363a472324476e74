using System.Reflection;
using Cvm.Generators.Emit;
using Cvm.Testing;

namespace Cvm.Generators.Tests;

/// <summary>The generated guest bindings compile with Debian's RISC-V GCC, warnings as errors, for the guest ABI.</summary>
public sealed class GuestCompileTests
{
    private const string Compiler = "riscv64-unknown-elf-gcc";

    private static readonly string GuestRuntime = typeof(GuestCompileTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "GuestRuntimeDirectory").Value!;

    public static TheoryData<string, string> Samples => SnapshotTests.Samples;

    [ReferenceTheory(Compiler)]
    [MemberData(nameof(Samples))]
    public void Guest_files_compile_with_Wall_Werror(string sample, string source)
    {
        var service = Models.Single(source);
        var directory = Directory.CreateTempSubdirectory("cvm-gen-" + sample + "-");
        try
        {
            foreach (var (name, text) in GuestEmitter.Files(service))
            {
                File.WriteAllText(Path.Combine(directory.FullName, name), text);
            }
            // Included twice: the header must be self-contained and guarded.
            var header = GuestEmitter.HeaderName(service);
            File.WriteAllText(Path.Combine(directory.FullName, "user.c"), $"#include \"{header}\"\n#include \"{header}\"\n");
            foreach (var file in new[] { "user.c", GuestEmitter.ClientName(service), GuestEmitter.ServerName(service) })
            {
                var result = ReferenceTools.Run(Compiler,
                    ["-march=rv64gc", "-mabi=lp64d", "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-ffreestanding",
                     "-I", directory.FullName, "-I", GuestRuntime, "-c", Path.Combine(directory.FullName, file),
                     "-o", Path.Combine(directory.FullName, file + ".o")],
                    timeout: TimeSpan.FromMinutes(1));
                Assert.True(result.ExitCode == 0, file + ": " + result.StandardError);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [ReferenceFact(Compiler)]
    public void A_layout_that_differs_from_the_csharp_one_fails_to_compile()
    {
        var service = Models.Single(Contracts.EveryType);
        var directory = Directory.CreateTempSubdirectory("cvm-gen-layout-");
        try
        {
            // The same header compiled with packed structs: offsets move and the _Static_asserts must catch it.
            File.WriteAllText(Path.Combine(directory.FullName, "h.h"), GuestEmitter.Header(service));
            File.WriteAllText(Path.Combine(directory.FullName, "user.c"), "#include \"h.h\"\n");
            var result = ReferenceTools.Run(Compiler,
                ["-march=rv64gc", "-mabi=lp64d", "-std=c11", "-ffreestanding", "-fpack-struct=1", "-I", directory.FullName, "-I", GuestRuntime,
                 "-c", Path.Combine(directory.FullName, "user.c"), "-o", Path.Combine(directory.FullName, "user.o")],
                timeout: TimeSpan.FromMinutes(1));
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("cvm_Segment size differs from C#", result.StandardError);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
