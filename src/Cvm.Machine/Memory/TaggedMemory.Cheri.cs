using System.Runtime.CompilerServices;
using Cvm.Cheri;

namespace Cvm.Machine.Memory;

/// <summary>
/// Accesses authorised by an explicit capability (the Xcheri <c>.cap</c> loads and stores) rather than by the DDC:
/// the hart has already checked the capability, so only the mapping is checked here. Writes clear the touched
/// granules' tags and invalidate decoded code exactly as <see cref="Access"/> does.
/// </summary>
public sealed unsafe partial class TaggedMemory
{
    /// <summary>
    /// A guest access of 1–8 bytes already authorised by a capability: the host pointer, or null with
    /// <paramref name="fault"/> = <see cref="MemoryFault.Unmapped"/>.
    /// </summary>
    internal byte* AccessAuthorised(ulong address, int size, bool write, out MemoryFault fault)
    {
        if (!IsMapped(address, (ulong)size))
        {
            fault = MemoryFault.Unmapped;
            return null;
        }
        fault = MemoryFault.None;
        if (write)
        {
            BeforeWrite(address, (ulong)size);
            NoteHostWatchedWrite(address, (ulong)size);
        }
        return Host + address;
    }

    /// <summary>
    /// Stores a capability at a 16-byte-aligned address already authorised by a capability (or by the host, such as
    /// a monitor handing a capability to a guest), with its tag. Only the mapping is checked, not the DDC window.
    /// </summary>
    public MemoryFault StoreCapabilityAuthorised(ulong address, Capability value)
    {
        if (!IsMapped(address, CapabilityEncoding.SizeInBytes))
        {
            return MemoryFault.Unmapped;
        }
        BeforeWrite(address, CapabilityEncoding.SizeInBytes);
        NoteHostWatchedWrite(address, CapabilityEncoding.SizeInBytes);
        Unsafe.WriteUnaligned(Host + address, value.Address);
        Unsafe.WriteUnaligned(Host + address + 8, value.MemoryMetadata);
        if (value.Tag)
        {
            SetTag(address);
        }
        return MemoryFault.None;
    }

    /// <summary>
    /// Loads a capability (16 bytes and the tag) from a 16-byte-aligned address already authorised by a capability
    /// (or by the host). Only the mapping is checked, not the DDC window.
    /// </summary>
    public MemoryFault LoadCapabilityAuthorised(ulong address, out Capability value)
    {
        if (!IsMapped(address, CapabilityEncoding.SizeInBytes))
        {
            value = Capability.Null;
            return MemoryFault.Unmapped;
        }
        value = Capability.FromMemory(Unsafe.ReadUnaligned<ulong>(Host + address), Unsafe.ReadUnaligned<ulong>(Host + address + 8), GetTag(address));
        return MemoryFault.None;
    }

    /// <summary>
    /// The addresses of every granule whose tag is set, in ascending order (a snapshot): what a revocation sweep
    /// visits instead of the whole address space.
    /// </summary>
    public IReadOnlyList<ulong> TaggedGranuleAddresses()
    {
        var addresses = new List<ulong>((int)Math.Min(TaggedGranuleCount, int.MaxValue));
        foreach (var (page, bits) in _tagsByPage.OrderBy(entry => entry.Key))
        {
            for (var word = 0; word < bits.Length; word++)
            {
                for (var remaining = bits[word]; remaining != 0; remaining &= remaining - 1)
                {
                    var index = (word << 6) + System.Numerics.BitOperations.TrailingZeroCount(remaining);
                    addresses.Add((page << PageShift) + ((ulong)index << GranuleShift));
                }
            }
        }
        return addresses;
    }

    private void NoteHostWatchedWrite(ulong address, ulong size)
    {
        if ((_pageFlags[address >> PageShift] & PageHostWatched) == 0 && (_pageFlags[(address + size - 1) >> PageShift] & PageHostWatched) == 0)
        {
            return;
        }
        foreach (var (start, end) in _hostWatchedRanges)
        {
            WatchedWriteHappened |= address < end && address + size > start;
        }
    }
}
