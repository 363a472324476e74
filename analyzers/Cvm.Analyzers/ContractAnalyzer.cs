using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Cvm.Generators.Contracts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Cvm.Analyzers;

/// <summary>
/// Checks every [CvmService] declaration against what the generator can emit: the declaration itself, its service
/// name and ids, each member, each parameter and result (through the generator's own <see cref="ContractRules"/>),
/// budgets, and the consumer's language version. Checks run in that order; a contract that is not an interface
/// gets only CVM0001, because every later check assumes one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The oldest C# the generated code compiles with (it registers contracts with a module initializer).</summary>
    internal const LanguageVersion MinimumLanguageVersion = LanguageVersion.CSharp9;

    /// <summary>Diagnostic property: the type that can replace an unsupported one, fully qualified.</summary>
    internal const string CounterpartProperty = "Counterpart";

    /// <summary>Diagnostic property: present when removing the parameter's ref kind makes it supported.</summary>
    internal const string PassByValueProperty = "PassByValue";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ServiceNotInterface,
        DiagnosticDescriptors.GenericContract,
        DiagnosticDescriptors.GenericMethod,
        DiagnosticDescriptors.InvalidServiceName,
        DiagnosticDescriptors.OverloadedMethod,
        DiagnosticDescriptors.DuplicateMethodId,
        DiagnosticDescriptors.InvalidMethodId,
        DiagnosticDescriptors.DuplicateServiceName,
        DiagnosticDescriptors.UnsupportedParameter,
        DiagnosticDescriptors.UnsupportedReturn,
        DiagnosticDescriptors.UnsupportedMember,
        DiagnosticDescriptors.InheritedContract,
        DiagnosticDescriptors.UnsupportedMethodShape,
        DiagnosticDescriptors.EmptyContract,
        DiagnosticDescriptors.InvalidBudget,
        DiagnosticDescriptors.ImplicitMethodIds,
        DiagnosticDescriptors.NoStatusResult,
        DiagnosticDescriptors.LanguageVersionTooOld);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var serviceAttribute = start.Compilation.GetTypeByMetadataName(ContractRules.ServiceAttributeMetadataName);
            if (serviceAttribute is null)
            {
                return;
            }
            var types = new ContractTypes(
                serviceAttribute,
                start.Compilation.GetTypeByMetadataName(ContractRules.MethodAttributeMetadataName),
                start.Compilation.GetTypeByMetadataName(ContractRules.BudgetAttributeMetadataName),
                start.Compilation);
            var serviceNames = new ConcurrentBag<(string Name, INamedTypeSymbol Service, Location Location)>();
            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, types, serviceNames), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end => ReportDuplicateServiceNames(end, serviceNames));
        });
    }

    private sealed record ContractTypes(INamedTypeSymbol Service, INamedTypeSymbol? Method, INamedTypeSymbol? Budget, Compilation Compilation);

    private static void AnalyzeType(SymbolAnalysisContext context, ContractTypes types,
        ConcurrentBag<(string, INamedTypeSymbol, Location)> serviceNames)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attribute = FindAttribute(type, types.Service);
        if (attribute is null)
        {
            return;
        }
        var identifier = IdentifierLocation(type, context.CancellationToken);
        if (type.TypeKind != TypeKind.Interface || type.ContainingType is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ServiceNotInterface, identifier, type.Name));
            return;
        }
        if (type.IsGenericType)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GenericContract, identifier, type.Name));
        }
        AnalyzeServiceName(context, type, attribute, serviceNames);
        if (type.Interfaces.Length != 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InheritedContract, BaseListLocation(type, identifier, context.CancellationToken),
                type.Name, type.Interfaces[0].ToDisplayString()));
        }
        var methods = new List<IMethodSymbol>();
        foreach (var member in type.GetMembers())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsAbstract: true } method)
            {
                methods.Add(method);
                AnalyzeMethod(context, method, types);
            }
            else if (UnsupportedMemberKind(member) is { } kind)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMember,
                    IdentifierLocation(member, context.CancellationToken), member.Name, kind));
            }
        }
        if (methods.Count == 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EmptyContract, identifier, type.Name));
        }
        AnalyzeOverloadsAndIds(context, type, methods, types, identifier);
        AnalyzeBudget(context, type, types);
        if (context.Symbol.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: var version }
            && version < MinimumLanguageVersion)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LanguageVersionTooOld, AttributeLocation(attribute, identifier, context.CancellationToken),
                type.Name, MinimumLanguageVersion.ToDisplayString()));
        }
    }

    /// <summary>
    /// Why a member other than an abstract instance method has no wire form, or null for the members the compiler
    /// makes for properties and events (reported once, on the property or event itself).
    /// </summary>
    private static string? UnsupportedMemberKind(ISymbol member) => member switch
    {
        IMethodSymbol { AssociatedSymbol: not null } => null,
        IMethodSymbol { MethodKind: not MethodKind.Ordinary } => null,
        IMethodSymbol { IsStatic: true } => "a static method",
        IMethodSymbol => "a method with a default implementation",
        IPropertySymbol { IsIndexer: true } => "an indexer",
        IPropertySymbol => "a property",
        IEventSymbol => "an event",
        IFieldSymbol => "a field",
        INamedTypeSymbol => "a nested type",
        _ => "not a method",
    };

    private static void AnalyzeServiceName(SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData attribute,
        ConcurrentBag<(string, INamedTypeSymbol, Location)> serviceNames)
    {
        var location = ArgumentLocation(attribute, 0, null, context.CancellationToken)
            ?? AttributeLocation(attribute, IdentifierLocation(type, context.CancellationToken), context.CancellationToken);
        var name = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        if (name is null || !ContractRules.IsValidServiceName(name))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidServiceName, location, name ?? "null"));
            return;
        }
        serviceNames.Add((name, type, location));
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, IMethodSymbol method, ContractTypes types)
    {
        var cancellationToken = context.CancellationToken;
        var syntax = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as MethodDeclarationSyntax;
        var identifier = syntax?.Identifier.GetLocation() ?? method.Locations.FirstOrDefault() ?? Location.None;
        if (method.IsGenericMethod)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GenericMethod, identifier, method.Name));
        }
        var returnLocation = syntax?.ReturnType.GetLocation() ?? identifier;
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, returnLocation, method.Name,
                "it returns by reference into the callee's memory; return the value instead"));
        }
        var result = ContractRules.ClassifyResult(method.ReturnType, out var isAsync);
        if (result is { IsSupported: false })
        {
            var counterpart = isAsync ? null : ResultCounterpart(method.ReturnType, types.Compilation);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedReturn, returnLocation,
                CounterpartProperties(counterpart), method.Name, result.Reason));
        }
        else if (result is null && !method.ReturnsByRef)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoStatusResult, returnLocation, method.Name));
        }
        foreach (var parameter in method.Parameters)
        {
            AnalyzeParameter(context, method, parameter, isAsync, types);
        }
        // A CancellationToken is not sent, so it takes no frame slot.
        var slots = method.Parameters.Count(static p => ContractRules.ClassifyArgument(p.Type).Kind != ContractKind.CancellationToken);
        if (slots > ContractRules.MaxParameters)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, identifier, method.Name,
                $"it has {slots} parameters and a frame has slots for {ContractRules.MaxParameters}; group parameters in a struct"));
        }
    }

    private static void AnalyzeParameter(SymbolAnalysisContext context, IMethodSymbol method, IParameterSymbol parameter, bool isAsync,
        ContractTypes types)
    {
        var syntax = parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) as ParameterSyntax;
        var whole = syntax?.GetLocation() ?? parameter.Locations.FirstOrDefault() ?? Location.None;
        var modifier = syntax?.Modifiers.FirstOrDefault(static m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword)
            || m.IsKind(SyntaxKind.InKeyword));
        var modifierLocation = modifier is { } token && token != default ? token.GetLocation() : whole;
        var shape = ContractRules.ClassifyParameter(parameter);
        if (!shape.IsSupported)
        {
            var byValue = ContractRules.ClassifyArgument(parameter.Type);
            if (parameter.RefKind != RefKind.None && byValue.IsSupported)
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(PassByValueProperty, "true");
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedParameter, modifierLocation, properties,
                    parameter.Name, shape.Reason));
                return;
            }
            var counterpart = ArgumentCounterpart(parameter.Type, types.Compilation);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedParameter, syntax?.Type?.GetLocation() ?? whole,
                CounterpartProperties(counterpart), parameter.Name, shape.Reason));
            return;
        }
        // The type is supported; whether it suits this method (sync or async) is the rules' second question.
        var inMethod = ContractRules.ClassifyParameter(parameter, isAsync);
        if (!inMethod.IsSupported)
        {
            var location = parameter.RefKind is RefKind.Out or RefKind.Ref ? modifierLocation : whole;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMethodShape, location, method.Name, inMethod.Reason));
        }
    }

    private static ImmutableDictionary<string, string?> CounterpartProperties(ITypeSymbol? counterpart) =>
        counterpart is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(CounterpartProperty, counterpart.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));

    /// <summary>Collections and memory an argument can be replaced with a span of (read-only unless the callee writes).</summary>
    private static readonly string[] ReadOnlySequenceTypes =
    {
        "System.Collections.Generic.List`1", "System.Collections.Generic.IList`1", "System.Collections.Generic.IReadOnlyList`1",
        "System.Collections.Generic.ICollection`1", "System.Collections.Generic.IReadOnlyCollection`1",
        "System.Collections.Generic.IEnumerable`1", "System.ReadOnlyMemory`1",
    };

    /// <summary>The supported type an unsupported argument type most likely meant, or null if there is none.</summary>
    private static ITypeSymbol? ArgumentCounterpart(ITypeSymbol type, Compilation compilation)
    {
        ITypeSymbol? candidate = NativeIntegerCounterpart(type, compilation);
        if (candidate is null && SequenceElement(type, ReadOnlySequenceTypes) is { } readOnlyElement)
        {
            candidate = compilation.GetTypeByMetadataName("System.ReadOnlySpan`1")?.Construct(readOnlyElement);
        }
        if (candidate is null && SequenceElement(type, "System.Memory`1") is { } writableElement)
        {
            candidate = compilation.GetTypeByMetadataName("System.Span`1")?.Construct(writableElement);
        }
        return candidate is not null && ContractRules.ClassifyArgument(candidate).IsSupported ? candidate : null;
    }

    /// <summary>The supported type an unsupported result type most likely meant, or null if there is none.</summary>
    private static ITypeSymbol? ResultCounterpart(ITypeSymbol type, Compilation compilation)
    {
        ITypeSymbol? candidate = NativeIntegerCounterpart(type, compilation);
        var element = SequenceElement(type, ReadOnlySequenceTypes)
            ?? SequenceElement(type, "System.Memory`1", "System.ReadOnlySpan`1", "System.Span`1");
        if (candidate is null && element is not null)
        {
            candidate = compilation.CreateArrayTypeSymbol(element);
        }
        return candidate is not null && ContractRules.ClassifyResult(candidate, out _) is { IsSupported: true } ? candidate : null;
    }

    private static ITypeSymbol? NativeIntegerCounterpart(ITypeSymbol type, Compilation compilation) => type.SpecialType switch
    {
        SpecialType.System_IntPtr => compilation.GetSpecialType(SpecialType.System_Int64),
        SpecialType.System_UIntPtr => compilation.GetSpecialType(SpecialType.System_UInt64),
        _ => null,
    };

    private static ITypeSymbol? SequenceElement(ITypeSymbol type, params string[] metadataNames) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
        && metadataNames.Any(name => ContractRules.IsNamed(generic.OriginalDefinition, name))
            ? generic.TypeArguments[0]
            : null;

    private static void AnalyzeOverloadsAndIds(SymbolAnalysisContext context, INamedTypeSymbol type, List<IMethodSymbol> methods,
        ContractTypes types, Location identifier)
    {
        var cancellationToken = context.CancellationToken;
        foreach (var group in methods.GroupBy(static m => m.Name, System.StringComparer.Ordinal).Where(static g => g.Count() > 1))
        {
            foreach (var overload in group.Skip(1))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.OverloadedMethod,
                    IdentifierLocation(overload, cancellationToken), overload.Name));
            }
        }
        var implicitCount = 0;
        var taken = new Dictionary<long, IMethodSymbol>();
        foreach (var method in methods)
        {
            var attribute = types.Method is null ? null : FindAttribute(method, types.Method);
            var id = attribute is null ? null : ExplicitId(attribute);
            if (id is null)
            {
                implicitCount++;
                continue;
            }
            var location = ArgumentLocation(attribute!, -1, "Id", cancellationToken) ?? IdentifierLocation(method, cancellationToken);
            if (id is < 1 or > ContractRules.MaxMethodId)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidMethodId, location, id, method.Name));
            }
            else if (taken.TryGetValue(id.Value, out var first))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateMethodId, location, id, method.Name, first.Name));
            }
            else
            {
                taken.Add(id.Value, method);
            }
        }
        if (implicitCount > 0 && methods.Count > 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ImplicitMethodIds, identifier, type.Name, implicitCount));
        }
    }

    /// <summary>The Id a [CvmMethod] sets, or null when it sets none (then the method is numbered implicitly).</summary>
    internal static long? ExplicitId(AttributeData attribute)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Id" && argument.Value.Value is int id)
            {
                return id;
            }
        }
        return null;
    }

    private static void AnalyzeBudget(SymbolAnalysisContext context, INamedTypeSymbol type, ContractTypes types)
    {
        if (types.Budget is null)
        {
            return;
        }
        foreach (var symbol in new ISymbol[] { type }.Concat(type.GetMembers().OfType<IMethodSymbol>()))
        {
            var attribute = FindAttribute(symbol, types.Budget);
            if (attribute is null)
            {
                continue;
            }
            var instructions = attribute.NamedArguments.FirstOrDefault(static a => a.Key == "Instructions").Value.Value;
            if (instructions is ulong and not 0UL)
            {
                continue;
            }
            var location = AttributeLocation(attribute, IdentifierLocation(symbol, context.CancellationToken), context.CancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidBudget, location, symbol.Name));
        }
    }

    private static void ReportDuplicateServiceNames(CompilationAnalysisContext context,
        ConcurrentBag<(string Name, INamedTypeSymbol Service, Location Location)> serviceNames)
    {
        // Sorted by source position so that the first declaration keeps its name and the same ones are reported every time.
        foreach (var group in serviceNames.GroupBy(static s => s.Name, System.StringComparer.Ordinal).Where(static g => g.Count() > 1))
        {
            var ordered = group
                .OrderBy(static s => s.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                .ThenBy(static s => s.Location.SourceSpan.Start)
                .ToList();
            foreach (var duplicate in ordered.Skip(1))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateServiceName, duplicate.Location,
                    duplicate.Name, duplicate.Service.Name, ordered[0].Service.Name));
            }
        }
    }

    internal static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol attributeType) =>
        symbol.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType));

    private static Location IdentifierLocation(ISymbol symbol, System.Threading.CancellationToken cancellationToken)
    {
        var syntax = symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
        return syntax switch
        {
            BaseTypeDeclarationSyntax type => type.Identifier.GetLocation(),
            MethodDeclarationSyntax method => method.Identifier.GetLocation(),
            PropertyDeclarationSyntax property => property.Identifier.GetLocation(),
            IndexerDeclarationSyntax indexer => indexer.ThisKeyword.GetLocation(),
            EventDeclarationSyntax @event => @event.Identifier.GetLocation(),
            VariableDeclaratorSyntax variable => variable.Identifier.GetLocation(),
            _ => symbol.Locations.FirstOrDefault() ?? Location.None,
        };
    }

    private static Location BaseListLocation(INamedTypeSymbol type, Location fallback, System.Threading.CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList: { } baseList }
            ? baseList.Types[0].GetLocation()
            : fallback;

    private static Location AttributeLocation(AttributeData attribute, Location fallback, System.Threading.CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? fallback;

    /// <summary>The location of a positional (<paramref name="position"/>) or named argument of an attribute, if written.</summary>
    private static Location? ArgumentLocation(AttributeData attribute, int position, string? name, System.Threading.CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax { ArgumentList: { } list })
        {
            return null;
        }
        if (name is not null)
        {
            return list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.Expression.GetLocation();
        }
        var positional = list.Arguments.Where(static a => a.NameEquals is null && a.NameColon is null).ToList();
        return position < positional.Count ? positional[position].Expression.GetLocation() : null;
    }
}
