using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Verify = Cvm.Analyzers.Tests.AnalyzerVerifier<Cvm.Analyzers.ContractAnalyzer>;

namespace Cvm.Analyzers.Tests;

/// <summary>One positive and one negative case per ContractAnalyzer diagnostic.</summary>
public sealed class ContractAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.InteropServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Cvm.Sdk;

        """;

    /// <summary>A contract every rule accepts: explicit ids, results on every method, supported types only.</summary>
    private const string Valid = Usings + """
        public struct Point { public int X; public int Y; }
        public enum Mode : byte { Read, Write }

        [CvmService("kv"), CvmBudget(Instructions = 1000)]
        public interface IKeyValueStore
        {
            [CvmMethod(Id = 1), CvmBudget(Instructions = 50)] int Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);
            [CvmMethod(Id = 2)] int Get(ReadOnlySpan<byte> key, Span<byte> value, out int length);
            [CvmMethod(Id = 3)] Point Move(Point from, Mode mode, ref long counter, string label, byte[] data);
            [CvmMethod(Id = 4)] Task<int> CountAsync(CancellationToken cancellationToken);
        }
        """;

    [Fact]
    public Task Valid_contract_has_no_diagnostics() => Verify.VerifyAsync(Valid);

    [Fact]
    public Task Types_without_the_attribute_are_not_contracts() => Verify.VerifyAsync(Usings + """
        public interface INotAContract { void Anything(List<object> items); }
        """);

    [Fact]
    public Task CVM0001_nested_interface() => Verify.VerifyAsync(Usings + """
        public static class Outer
        {
            [CvmService("kv")]
            public interface {|CVM0001:INested|} { [CvmMethod(Id = 1)] int Ping(); }
        }
        """);

    [Fact]
    public Task CVM0001_class() => Verify.VerifyAsync(Usings + """
        [{|CS0592:CvmService|}("kv")]
        public class {|CVM0001:Store|} { }
        """);

    [Fact]
    public Task CVM0002_generic_contract() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface {|CVM0002:IStore|}<T> { [CvmMethod(Id = 1)] int Ping(); }
        """);

    [Fact]
    public Task CVM0003_generic_method() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface IStore
        {
            [CvmMethod(Id = 1)] int {|CVM0003:Put|}<T>(int value);
            [CvmMethod(Id = 2)] int Ping();
        }
        """);

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"KeyValue\"")]
    [InlineData("\"9lives\"")]
    [InlineData("\"a_name_that_is_longer_than_32_chars\"")]
    [InlineData("null")]
    public Task CVM0004_invalid_service_name(string name) => Verify.VerifyAsync(Usings + $$"""
        [CvmService({|CVM0004:{{name}}|})]
        public interface IStore { [CvmMethod(Id = 1)] int Ping(); }
        """);

    [Theory]
    [InlineData("kv")]
    [InlineData("a")]
    [InlineData("key_value_2")]
    [InlineData("a_name_that_is_exactly_32_chars_")]
    public Task CVM0004_valid_service_names(string name) => Verify.VerifyAsync(Usings + $$"""
        [CvmService("{{name}}")]
        public interface IStore { [CvmMethod(Id = 1)] int Ping(); }
        """);

    [Fact]
    public Task CVM0005_overload_even_with_explicit_ids() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface IStore
        {
            [CvmMethod(Id = 1)] int Put(int value);
            [CvmMethod(Id = 2)] int {|CVM0005:Put|}(long value);
        }
        """);

    [Fact]
    public Task CVM0006_duplicate_method_id() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface IStore
        {
            [CvmMethod(Id = 7)] int Put(int value);
            [CvmMethod(Id = {|CVM0006:7|})] int Get(int value);
        }
        """);

    [Fact]
    public Task CVM0006_message_names_both_methods() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface IStore
        {
            [CvmMethod(Id = 7)] int Put(int value);
            [CvmMethod(Id = 7)] int Get(int value);
        }
        """, Verify.Diagnostic("CVM0006").WithSpan(11, 21, 11, 22).WithArguments(7L, "Get", "Put"));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("65536")]
    public Task CVM0007_method_id_out_of_range(string id) => Verify.VerifyAsync(Usings + $$"""
        [CvmService("kv")]
        public interface IStore { [CvmMethod(Id = {|CVM0007:{{id}}|})] int Ping(); }
        """);

    [Fact]
    public Task CVM0007_bounds_are_valid() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface IStore { [CvmMethod(Id = 1)] int Ping(); [CvmMethod(Id = 65535)] int Pong(); }
        """);

    [Fact]
    public Task CVM0008_duplicate_service_name() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface IStore { [CvmMethod(Id = 1)] int Ping(); }
        [CvmService({|CVM0008:"kv"|})]
        public interface IOtherStore { [CvmMethod(Id = 1)] int Ping(); }
        [CvmService("kv2")]
        public interface IThirdStore { [CvmMethod(Id = 1)] int Ping(); }
        """);

    [Theory]
    [InlineData("List<int>", "'System.Collections.Generic.List<int>' cannot cross a cVM boundary")]
    [InlineData("object", "'object' cannot cross a cVM boundary")]
    [InlineData("nint", "'nint' has a size that depends on the host process; use long or ulong")]
    [InlineData("int[,]", "'int[*,*]' is a multi-dimensional array")]
    [InlineData("Holder", "struct 'Holder' is not blittable (generic, ref or holding references)")]
    [InlineData("Packed", "struct 'Packed' has an explicit or packed layout; only the default sequential layout is laid out the same in C")]
    [InlineData("ReadOnlySpan<string>", "span element 'string' cannot cross a cVM boundary")]
    public Task CVM0009_unsupported_parameter(string type, string reason) => Verify.VerifyAsync(Usings + $$"""
        public struct Holder { public string Text; }
        [StructLayout(LayoutKind.Sequential, Pack = 1)] public struct Packed { public byte A; public int B; }
        [CvmService("kv")]
        public interface IStore { [CvmMethod(Id = 1)] int Put({{type}} value); }
        """, Verify.Diagnostic("CVM0009").WithSpan(10, 55, 10, 55 + type.Length).WithArguments("value", reason));

    [Fact]
    public Task CVM0009_span_by_reference() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface IStore { [CvmMethod(Id = 1)] int Put({|CVM0009:ref|} Span<byte> value); }
        """);

    [Fact]
    public Task CVM0009_pointer() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public unsafe interface IStore { [CvmMethod(Id = 1)] int Put({|CVM0009:byte*|} value); }
        """);

    [Fact]
    public Task CVM0010_unsupported_return() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface IStore
        {
            [CvmMethod(Id = 1)] {|CVM0010:List<int>|} All();
            [CvmMethod(Id = 2)] {|CVM0010:Span<byte>|} Buffer();
            [CvmMethod(Id = 3)] {|CVM0010:Task<object>|} LaterAsync();
        }
        """);

    [Fact]
    public Task CVM0011_property_and_event() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface IStore
        {
            [CvmMethod(Id = 1)] int Ping();
            int {|CVM0011:Count|} { get; }
            event EventHandler {|CVM0011:Changed|};
        }
        """);

    [Fact]
    public Task CVM0011_static_default_nested_and_indexer() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface IStore
        {
            [CvmMethod(Id = 1)] int Ping();
            static int {|CVM0011:Create|}() => 0;
            int {|CVM0011:Twice|}() => Ping() * 2;
            int {|CVM0011:this|}[int index] { get; }
            public struct {|CVM0011:Nested|} { }
        }
        """);

    [Fact]
    public Task CVM0012_inherited_interface() => Verify.VerifyAsync(Usings + """
        public interface IBase { int Ping(); }
        [CvmService("kv")]
        public interface IStore : {|CVM0012:IBase|} { [CvmMethod(Id = 1)] int Pong(); }
        """);

    [Fact]
    public Task CVM0013_method_shapes() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface IStore
        {
            [CvmMethod(Id = 1)] Task<int> GetAsync({|CVM0013:out|} int value);
            [CvmMethod(Id = 2)] int Wait({|CVM0013:CancellationToken cancellationToken|});
            [CvmMethod(Id = 3)] {|CVM0013:ref int|} Slot();
        }
        """);

    [Fact]
    public Task CVM0013_too_many_parameters()
    {
        var many = string.Join(", ", Enumerable.Range(0, 33).Select(static i => $"int p{i}"));
        var limit = string.Join(", ", Enumerable.Range(0, 32).Select(static i => $"int p{i}"));
        return Verify.VerifyAsync(Usings + $$"""
            [CvmService("kv")]
            public interface IStore
            {
                [CvmMethod(Id = 1)] int {|CVM0013:Many|}({{many}});
                [CvmMethod(Id = 2)] Task<int> LimitAsync({{limit}}, CancellationToken cancellationToken);
            }
            """);
    }

    [Fact]
    public Task CVM0014_empty_contract() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface {|CVM0014:IStore|} { }
        """);

    [Fact]
    public Task CVM0015_invalid_budgets() => Verify.VerifyAsync(Usings + """
        [CvmService("kv"), {|CVM0015:CvmBudget|}]
        public interface IStore
        {
            [CvmMethod(Id = 1), {|CVM0015:CvmBudget(Instructions = 0)|}] int Ping();
            [CvmMethod(Id = 2), CvmBudget(Instructions = 1)] int Pong();
        }
        """);

    [Fact]
    public Task CVM1001_implicit_ids() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface {|CVM1001:IStore|}
        {
            [CvmMethod(Id = 1)] int Ping();
            int Pong();
        }
        """);

    [Fact]
    public Task CVM1002_no_status() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface IStore
        {
            [CvmMethod(Id = 1)] {|CVM1002:void|} Ping();
            [CvmMethod(Id = 2)] {|CVM1002:Task|} PongAsync();
            [CvmMethod(Id = 3)] {|CVM1002:ValueTask|} PangAsync();
            [CvmMethod(Id = 4)] ValueTask<int> PungAsync();
        }
        """);

    [Fact]
    public Task CVM3001_language_version_too_old() => Verify.VerifyAsync(Usings + """
        [{|CVM3001:CvmService("kv")|}]
        public interface IStore { [CvmMethod(Id = 1)] int Ping(); }
        """, LanguageVersion.CSharp8);

    [Fact]
    public Task CVM3001_minimum_version_is_accepted() => Verify.VerifyAsync(Usings + """
        [CvmService("kv")]
        public interface IStore { [CvmMethod(Id = 1)] int Ping(); }
        """, ContractAnalyzer.MinimumLanguageVersion);
}
