using System.Runtime.InteropServices;
using Cvm.Cheri;

namespace Cvm.Machine;

/// <summary>
/// The addresses a capability register lets capability-mode code load and store 8 bytes at, and move its address
/// to, as one unsigned compare each: an access at a is allowed by the fast path if a − <see cref="Base"/> &lt;
/// the span. A span is zero when the capability is untagged, sealed or lacks the permission; whatever it does not
/// cover (including narrower accesses in the last 7 bytes of the bounds) takes the exact out-of-line path.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CapabilityWindow
{
    public ulong Base;
    public ulong LoadSpan;
    public ulong StoreSpan;

    /// <summary>
    /// Top − base for a tagged, unsealed capability (0 otherwise): moving its address to a − <see cref="Base"/>
    /// &lt; this keeps it in bounds, hence representable, with the same metadata.
    /// </summary>
    public ulong InBoundsSpan;

    public static CapabilityWindow Of(Capability value)
    {
        if (!value.Tag || value.IsSealed)
        {
            return default;
        }
        var bounds = value.GetBounds();
        // Spans are measured up to the top saturated to 2^64 − 1 (the last byte of the address space takes the
        // exact check). A tagged capability has base ≤ top; should one not, nothing is in bounds.
        var top = bounds.SaturatedTop;
        var inBoundsSpan = top >= bounds.Base ? top - bounds.Base : 0;
        var span = inBoundsSpan >= 8 ? inBoundsSpan - 7 : 0;
        return new CapabilityWindow
        {
            Base = bounds.Base,
            InBoundsSpan = inBoundsSpan,
            LoadSpan = value.HasPermissions(CapabilityPermissions.Load) ? span : 0,
            StoreSpan = value.HasPermissions(CapabilityPermissions.Store) ? span : 0,
        };
    }
}
