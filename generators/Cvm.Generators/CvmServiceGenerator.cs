using System.Text;
using Cvm.Generators.Contracts;
using Cvm.Generators.Emit;
using Cvm.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Cvm.Generators;

/// <summary>
/// Generates both sides of every [CvmService] contract: the C# contract descriptor, host proxy and skeleton, and
/// the guest's C header and stubs (carried as assembly attributes that the build writes to the guest include
/// folder). Interfaces with shapes the contract rules refuse produce nothing; the analyzers report them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CvmServiceGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var services = context.SyntaxProvider.ForAttributeWithMetadataName(
                ContractRules.ServiceAttributeMetadataName,
                predicate: static (node, _) => node is InterfaceDeclarationSyntax,
                transform: static (attributed, cancellationToken) =>
                    ModelBuilder.Build((INamedTypeSymbol)attributed.TargetSymbol, attributed.Attributes[0], cancellationToken))
            .WithTrackingName(TrackingNames.ServiceModel);

        var supported = services
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.SupportedService);

        context.RegisterSourceOutput(supported, static (output, service) =>
        {
            foreach (var file in ContractEmitter.Emit(service))
            {
                output.AddSource(file.HintName, SourceText.From(file.Text, Encoding.UTF8));
            }
        });
    }
}
