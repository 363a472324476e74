using Cvm.Analyzers.CodeFixes;

namespace Cvm.Analyzers.Tests;

/// <summary>One test per code fix: the diagnostic before, the exact text after (the fixed text must be diagnostic-free).</summary>
public sealed class CodeFixTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Cvm.Sdk;

        """;

    [Fact]
    public Task Explicit_ids_keep_the_current_numbering() =>
        CodeFixVerifier<ContractAnalyzer, AddExplicitMethodIdsCodeFix>.VerifyAsync(Usings + """
            namespace Demo
            {
                [CvmService("kv")]
                public interface {|CVM1001:IStore|}
                {
                    /// <summary>Stores a value.</summary>
                    int Put(int value);
                    [CvmMethod(Id = 1)] int Get();
                    [CvmMethod] int Count();
                    int Clear();
                }
            }
            """, Usings + """
            namespace Demo
            {
                [CvmService("kv")]
                public interface IStore
                {
                    /// <summary>Stores a value.</summary>
                    [CvmMethod(Id = 2)]
                    int Put(int value);
                    [CvmMethod(Id = 1)] int Get();
                    [CvmMethod(Id = 3)] int Count();
                    [CvmMethod(Id = 4)]
                    int Clear();
                }
            }
            """);

    [Fact]
    public Task Void_and_Task_return_an_int_status() =>
        CodeFixVerifier<ContractAnalyzer, ReturnStatusCodeFix>.VerifyAsync(Usings + """
            [CvmService("kv")]
            public interface IStore
            {
                [CvmMethod(Id = 1)] {|CVM1002:void|} Clear();
                [CvmMethod(Id = 2)] {|CVM1002:Task|} FlushAsync();
                [CvmMethod(Id = 3)] {|CVM1002:ValueTask|} SyncAsync();
            }
            """, Usings + """
            [CvmService("kv")]
            public interface IStore
            {
                [CvmMethod(Id = 1)] int Clear();
                [CvmMethod(Id = 2)] Task<int> FlushAsync();
                [CvmMethod(Id = 3)] ValueTask<int> SyncAsync();
            }
            """);

    [Fact]
    public Task Unsupported_types_become_their_supported_counterparts() =>
        CodeFixVerifier<ContractAnalyzer, UseSupportedTypeCodeFix>.VerifyAsync(Usings + """
            [CvmService("kv")]
            public interface IStore
            {
                [CvmMethod(Id = 1)] int Put({|CVM0009:List<byte>|} key, {|CVM0009:Memory<int>|} counts, {|CVM0009:nint|} size);
                [CvmMethod(Id = 2)] {|CVM0010:IReadOnlyList<long>|} Keys();
            }
            """, Usings + """
            [CvmService("kv")]
            public interface IStore
            {
                [CvmMethod(Id = 1)] int Put(ReadOnlySpan<byte> key, Span<int> counts, long size);
                [CvmMethod(Id = 2)] long[] Keys();
            }
            """);

    [Fact]
    public Task Spans_passed_by_reference_are_passed_by_value() =>
        CodeFixVerifier<ContractAnalyzer, UseSupportedTypeCodeFix>.VerifyAsync(Usings + """
            [CvmService("kv")]
            public interface IStore
            {
                [CvmMethod(Id = 1)] int Fill({|CVM0009:ref|} Span<byte> buffer);
            }
            """, Usings + """
            [CvmService("kv")]
            public interface IStore
            {
                [CvmMethod(Id = 1)] int Fill(Span<byte> buffer);
            }
            """);

    [Fact]
    public Task No_counterpart_means_no_fix() =>
        CodeFixVerifier<ContractAnalyzer, UseSupportedTypeCodeFix>.VerifyAsync(Usings + """
            [CvmService("kv")]
            public interface IStore { [CvmMethod(Id = 1)] int Put({|CVM0009:object|} value); }
            """, Usings + """
            [CvmService("kv")]
            public interface IStore { [CvmMethod(Id = 1)] int Put({|CVM0009:object|} value); }
            """);

    [Fact]
    public Task Interface_used_with_the_host_becomes_a_contract() =>
        CodeFixVerifier<HostApiAnalyzer, AddCvmServiceCodeFix>.VerifyAsync(Usings + """
            public interface IKeyValueStore { int Count(); }

            public static class Use
            {
                public static IKeyValueStore Run(CvmHost host) => host.GetService<{|CVM0016:IKeyValueStore|}>("kv");
            }
            """, Usings + """
            [CvmService("key_value_store")]
            public interface IKeyValueStore { int Count(); }

            public static class Use
            {
                public static IKeyValueStore Run(CvmHost host) => host.GetService<IKeyValueStore>("kv");
            }
            """);

    [Theory]
    [InlineData("IKeyValueStore", "key_value_store")]
    [InlineData("Logger", "logger")]
    [InlineData("IO", "o")]
    [InlineData("I2c", "i2c")]
    [InlineData("_Hidden", "service__hidden")]
    [InlineData("IAVeryLongInterfaceNameThatKeepsGoingOn", "a_very_long_interface_name_that_")]
    public void Service_names_follow_the_service_name_rule(string interfaceName, string expected)
    {
        var name = AddCvmServiceCodeFix.ServiceName(interfaceName);
        Assert.Equal(expected, name);
        Assert.True(Cvm.Generators.Contracts.ContractRules.IsValidServiceName(name));
    }
}
