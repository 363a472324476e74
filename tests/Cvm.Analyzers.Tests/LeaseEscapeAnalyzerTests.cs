using Verify = Cvm.Analyzers.Tests.AnalyzerVerifier<Cvm.Analyzers.LeaseEscapeAnalyzer>;

namespace Cvm.Analyzers.Tests;

/// <summary>CVM2001: host implementations keeping a leased argument beyond the call.</summary>
public sealed class LeaseEscapeAnalyzerTests
{
    [Fact]
    public void The_handle_in_these_tests_is_the_one_the_contract_rules_name() =>
        Assert.Equal(Cvm.Generators.Contracts.ContractRules.CapFileMetadataName, typeof(Cvm.Sdk.CvmCapFile).FullName);

    private const string Contract = """
        using Handle = Cvm.Sdk.CvmCapFile;
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Cvm.Sdk;

        [CvmService("files")]
        public interface IFiles
        {
            [CvmMethod(Id = 1)] int Open(Handle file);
            [CvmMethod(Id = 2)] int Write(ReadOnlySpan<byte> data);
        }

        """;

    [Fact]
    public Task Using_leases_during_the_call_is_fine() => Verify.VerifyAsync(Contract + """
        public sealed class Files : IFiles
        {
            private string _lastName = "";
            private byte[] _copy = Array.Empty<byte>();

            public int Open(Handle file) { var local = file; _lastName = local.Name; return 0; }
            public int Write(ReadOnlySpan<byte> data) { _copy = data.ToArray(); return data.Length; }
        }

        public sealed class NotAnImplementation
        {
            private Handle _kept;
            public int Open(Handle file) { _kept = file; return 0; }
        }
        """);

    [Fact]
    public Task Handle_stored_in_a_field_property_collection_or_lambda() => Verify.VerifyAsync(Contract + """
        public sealed class Files : IFiles
        {
            private Handle _file;
            private readonly List<Handle> _all = new();
            public Handle Last { get; private set; }
            public Func<string>? Later { get; private set; }

            public int Open(Handle file)
            {
                _file = {|CVM2001:file|};
                Last = {|CVM2001:file|};
                _all.Add({|CVM2001:file|});
                Later = () => {|CVM2001:file|}.Name;
                return 0;
            }

            public int Write(ReadOnlySpan<byte> data) => data.Length;
        }
        """);

    [Fact]
    public Task Explicit_implementation_is_checked() => Verify.VerifyAsync(Contract + """
        public sealed class Files : IFiles
        {
            private readonly Handle[] _slots = new Handle[4];

            int IFiles.Open(Handle file) { _slots[0] = {|CVM2001:file|}; return 0; }
            int IFiles.Write(ReadOnlySpan<byte> data) => data.Length;
        }
        """);
}
