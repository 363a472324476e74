using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Cvm.Generators.Tests;

/// <summary>
/// The Cvm.Sdk types generated code refers to, declared in source for the test compilations (the SDK's runtime
/// library is built on another branch; when it is merged the tests reference its assembly instead).
/// </summary>
internal static class SdkSurface
{
    public const string Source = """
        namespace Cvm.Sdk
        {
            [System.AttributeUsage(System.AttributeTargets.Interface)]
            public sealed class CvmServiceAttribute : System.Attribute
            {
                public CvmServiceAttribute(string name) => Name = name;
                public string Name { get; }
            }

            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class CvmBudgetAttribute : System.Attribute
            {
                public long Instructions { get; set; }
            }

            [System.AttributeUsage(System.AttributeTargets.Assembly, AllowMultiple = true)]
            public sealed class CvmGuestFileAttribute : System.Attribute
            {
                public CvmGuestFileAttribute(string path, string text) { Path = path; Text = text; }
                public string Path { get; }
                public string Text { get; }
            }

            public readonly struct CvmFileHandle
            {
                public CvmFileHandle(long value) => Value = value;
                public long Value { get; }
            }
        }
        """;

    public static SyntaxTree Tree { get; } = CSharpSyntaxTree.ParseText(Source, GeneratorHarness.ParseOptions, path: "CvmSdk.cs");
}
