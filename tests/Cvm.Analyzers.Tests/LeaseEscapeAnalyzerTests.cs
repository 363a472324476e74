using Cvm.Generators.Contracts;
using Verify = Cvm.Analyzers.Tests.AnalyzerVerifier<Cvm.Analyzers.LeaseEscapeAnalyzer>;

namespace Cvm.Analyzers.Tests;

/// <summary>CVM2001: host implementations keeping a leased argument beyond the call.</summary>
public sealed class LeaseEscapeAnalyzerTests
{
    /// <summary>
    /// The capability-backed handle type named by the contract rules. When the runtime does not (yet) define a type
    /// of that name, the test declares it, so that the rule is tested exactly as the rules define handles.
    /// </summary>
    private static readonly string HandleDeclaration = DeclareHandleIfMissing();

    private static string DeclareHandleIfMissing()
    {
        var name = ContractRules.FileHandleMetadataName;
        if (typeof(Cvm.Sdk.CvmHost).Assembly.GetType(name) is not null)
        {
            return "";
        }
        var dot = name.LastIndexOf('.');
        return $"namespace {name[..dot]} {{ public readonly record struct {name[(dot + 1)..]}(string Name); }}\n";
    }

    private static string Contract => $"using Handle = {ContractRules.FileHandleMetadataName};\n" + """
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

        """ + HandleDeclaration;

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
