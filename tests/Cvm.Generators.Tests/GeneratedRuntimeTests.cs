using System.Reflection;
using System.Runtime.Loader;
using Cvm.Sdk;

namespace Cvm.Generators.Tests;

/// <summary>
/// Generated C# compiled, loaded and run against the real runtime: the descriptor the runtime builds from it
/// (which recomputes the hash from the descriptors and refuses a mismatch) agrees with the guest side, the module
/// initializer registers the contract, and the skeleton and proxy are wired to the right types.
/// </summary>
public sealed class GeneratedRuntimeTests
{
    public static TheoryData<string, string, string> Samples => new()
    {
        { Contracts.KeyValueStore, "Demo.Storage.IKeyValueStore", "Demo.Storage.KeyValueStoreCvmContract" },
        { Contracts.EveryType, "Demo.Everything.IEveryType", "Demo.Everything.EveryTypeCvmContract" },
        { Contracts.GlobalNamespace, "ICat", "CatCvmContract" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_runtime_accepts_the_generated_descriptor_and_registration(string source, string interfaceName, string contractClass)
    {
        var model = Models.Single(source);
        var assembly = Load(source);
        var contract = (CvmContract)assembly.GetType(contractClass, throwOnError: true)!
            .GetProperty("Contract", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

        Assert.Equal(model.ContractHash, contract.Hash);
        Assert.Equal(model.CanonicalText, contract.CanonicalText);
        Assert.Equal(model.Methods.Select(m => m.Id), contract.Methods.Select(m => m.Id));
        Assert.Equal(model.Methods.Select(m => m.InstructionBudget), contract.Methods.Select(m => m.Budget));

        var service = assembly.GetType(interfaceName, throwOnError: true)!;
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        var registered = (bool)typeof(CvmServiceRegistry).GetMethod(nameof(CvmServiceRegistry.IsRegistered))!
            .MakeGenericMethod(service).Invoke(null, null)!;
        Assert.True(registered);
    }

    [Fact]
    public void The_guest_files_travel_as_assembly_attributes()
    {
        var model = Models.Single(Contracts.KeyValueStore);
        var files = Load(Contracts.KeyValueStore).GetCustomAttributes<CvmGuestFileAttribute>().ToDictionary(a => a.Path, a => a.Content);
        Assert.Equal(Emit.GuestEmitter.Files(model).ToDictionary(f => f.Name, f => f.Text), files);
    }

    private static System.Reflection.Assembly Load(string source)
    {
        var (_, output) = GeneratorHarness.Run(GeneratorHarness.Compile(source));
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        // The default context resolves Cvm.Sdk to the test's own copy, so the runtime types are shared.
        return new AssemblyLoadContext("generated", isCollectible: true).LoadFromStream(image);
    }
}
