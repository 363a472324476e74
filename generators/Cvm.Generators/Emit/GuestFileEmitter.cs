using System.Linq;
using Cvm.Generators.Model;

namespace Cvm.Generators.Emit;

/// <summary>
/// Carries the guest bindings in the host assembly as [assembly: CvmGuestFile(path, content)] attributes; the SDK's
/// build targets write them to the guest include folder, so a guest's C build needs no extra command.
/// </summary>
internal static class GuestFileEmitter
{
    public static string Emit(ServiceModel service)
    {
        var writer = new SourceWriter();
        ContractEmitter.WriteCSharpPreamble(writer);
        foreach (var (name, text) in GuestEmitter.Files(service))
        {
            writer.Line("[assembly: global::Cvm.Sdk.CvmGuestFile(" + Literals.CSharpString(name) + ", " + Literals.CSharpString(text) + ")]");
        }
        return writer.ToString();
    }
}
