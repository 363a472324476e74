using Verify = Cvm.Analyzers.Tests.AnalyzerVerifier<Cvm.Analyzers.HostApiAnalyzer>;

namespace Cvm.Analyzers.Tests;

/// <summary>CVM0016: CvmHost.GetService/Provide with a type that has no generated proxy and skeleton.</summary>
public sealed class HostApiAnalyzerTests
{
    private const string Declarations = """
        using Cvm.Sdk;

        [CvmService("echo")]
        public interface IEcho { [CvmMethod(Id = 1)] int Echo(int value); }
        public interface IPlain { int Echo(int value); }
        public sealed class EchoService : IEcho, IPlain { public int Echo(int value) => value; }

        """;

    [Fact]
    public Task Contracts_are_accepted() => Verify.VerifyAsync(Declarations + """
        public static class Use
        {
            public static IEcho Run(CvmHost host)
            {
                host.Provide<IEcho>("host", new EchoService(), "client");
                return host.GetService<IEcho>("server");
            }

            public static T Generic<T>(CvmHost host) where T : class => host.GetService<T>("server");
        }
        """);

    [Fact]
    public Task Plain_interface_with_GetService() => Verify.VerifyAsync(Declarations + """
        public static class Use
        {
            public static IPlain Run(CvmHost host) => host.GetService<{|CVM0016:IPlain|}>("server");
        }
        """);

    [Fact]
    public Task Class_inferred_by_Provide() => Verify.VerifyAsync(Declarations + """
        public static class Use
        {
            public static void Run(CvmHost host) => host.Provide("host", new EchoService(), "client");
        }
        """, Verify.Diagnostic("CVM0016").WithSpan(9, 50, 9, 57).WithArguments("EchoService", "Provide"));
}
