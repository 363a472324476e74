using System.Buffers;
using System.Runtime.CompilerServices;
using Cvm.Cheri;

namespace Cvm.Machine.Memory;

/// <summary>
/// The guest's single address space: one flat arena of host memory (guest address A lives at arena offset A), a
/// mapping bit per 4 KiB page, and a capability tag per 16-byte granule kept out of band.
/// </summary>
/// <remarks>
/// <para><b>Fast path.</b> A guest load is one unsigned compare, <c>address - ReadBase &lt; ReadSpan</c>, against a
/// cached window; a store is the same compare against a separate write window. The read window is the run of
/// mapped pages around the last slow-path access, intersected with the data capability's (DDC's) bounds, so the
/// DDC bounds check of hybrid CHERI code is that same compare. The write window is additionally cut at the nearest
/// pages that hold decoded code or capability tags ("watched" pages). Consequently a store on the fast path can
/// neither touch a tag nor decoded code, and needs no tag clearing and no code invalidation.</para>
/// <para><b>Slow path.</b> Everything else (a window miss, an access straddling the window's end, any access to a
/// watched page) goes through <see cref="Access"/>, which checks in a fixed order — DDC bounds, then mapping —,
/// performs the access with tag clearing and code invalidation, and recentres the window on the address.</para>
/// <para>Misaligned loads and stores are performed like aligned ones (as <c>qemu-riscv64</c> does for user
/// programs); only atomics and capability accesses demand natural alignment, and the hart checks that.</para>
/// <para>Accesses are little-endian; the emulator requires a little-endian host.</para>
/// </remarks>
public sealed unsafe partial class TaggedMemory : IDisposable
{
    /// <summary>Size of a page, the unit of mapping and of code invalidation.</summary>
    public const int PageSize = 4096;

    /// <summary>log2 of <see cref="PageSize"/>.</summary>
    public const int PageShift = 12;

    /// <summary>The largest address space an instance can have (1 TiB), far above any guest's needs but small
    /// enough that every page and granule index fits the host's arrays.</summary>
    public const ulong MaxSize = 1UL << 40;

    private const byte PageMapped = 1, PageHasCode = 2, PageHasTags = 4, PageHostWatched = 8;
    private const int GranuleShift = 4;
    private const int GranulesPerPage = PageSize / CapabilityEncoding.SizeInBytes;

    // Page flags, indexed by page number. A page is mapped when PageMapped is set; PageHasCode and PageHasTags
    // "watch" it: stores to it must take the slow path.
    private readonly byte[] _pageFlags;
    private readonly HostReservation _arena;
    private readonly Dictionary<ulong, ulong[]> _tagsByPage = new();
    private readonly List<(ulong Start, ulong End)> _hostWatchedRanges = new();
    private static readonly SearchValues<byte> MappedValues = SearchValues.Create(
        Enumerable.Range(0, 16).Where(flags => (flags & PageMapped) != 0).Select(flags => (byte)flags).ToArray());

    private ulong _dataBase;
    private ulong _dataLast = ulong.MaxValue;
    private bool _dataLoads = true, _dataStores = true;

    /// <summary>Host address of guest address 0.</summary>
    internal readonly byte* Host;

    /// <summary>Start of the read window.</summary>
    internal ulong ReadBase;

    /// <summary>Window length minus 7: an access of up to 8 bytes at <c>a</c> is inside the window exactly when
    /// <c>a - ReadBase &lt; ReadSpan</c> (zero when the window is empty).</summary>
    internal ulong ReadSpan;

    /// <summary>Start of the write window (mapped, unwatched pages).</summary>
    internal ulong WriteBase;

    /// <summary>As <see cref="ReadSpan"/>, for the write window.</summary>
    internal ulong WriteSpan;

    /// <summary>Creates an address space of <paramref name="size"/> bytes, all unmapped.</summary>
    public TaggedMemory(ulong size)
    {
        if (size == 0 || size > MaxSize || size % PageSize != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"the address space size must be a non-zero multiple of {PageSize} no larger than {MaxSize}");
        }
        Size = size;
        _pageFlags = new byte[size >> PageShift];
        _arena = new HostReservation(size);
        Host = _arena.Pointer;
    }

    /// <summary>Size of the address space in bytes; addresses at or above it are never mapped.</summary>
    public ulong Size { get; }

    /// <summary>The decoded-code cache to notify when code bytes change (set by the hart that executes from here).</summary>
    internal DecodedCodeCache? CodeCache { get; set; }

    /// <summary>
    /// Set by a guest store that touched a range registered with <see cref="WatchWrites"/>; the hart clears it
    /// after telling its trap handler.
    /// </summary>
    internal bool WatchedWriteHappened;

    /// <summary>
    /// Asks to be told (through <see cref="ITrapHandler.HandleWatchedWrite"/>) after every guest store that
    /// touches <c>[address, address + length)</c> — how bare-metal programs' <c>tohost</c> is seen. Stores to the
    /// pages holding it leave the fast path.
    /// </summary>
    public void WatchWrites(ulong address, ulong length)
    {
        var (first, end) = PageRange(address, length);
        _hostWatchedRanges.Add((address, address + length));
        for (var page = first; page < end; page++)
        {
            _pageFlags[page] |= PageHostWatched;
        }
        ResetWindows();
    }

    /// <summary>How many times a window was recentred (each one scans page flags): a regression measure for the slow path.</summary>
    internal long WindowRecentres { get; private set; }

    /// <summary>Number of granules currently holding a set tag.</summary>
    public long TaggedGranuleCount { get; private set; }

    /// <summary>Maps <c>[address, address + length)</c> (rounded out to pages). Newly mapped pages read as zero.</summary>
    public void Map(ulong address, ulong length)
    {
        var (first, end) = PageRange(address, length);
        for (var page = first; page < end; page++)
        {
            _pageFlags[page] |= PageMapped;
        }
        ResetWindows();
    }

    /// <summary>
    /// Unmaps <c>[address, address + length)</c> (rounded out to pages): its contents are discarded (a later
    /// mapping reads zero), its tags cleared and decoded code on it invalidated.
    /// </summary>
    public void Unmap(ulong address, ulong length)
    {
        var (first, end) = PageRange(address, length);
        for (var page = first; page < end; page++)
        {
            if ((_pageFlags[page] & PageMapped) == 0)
            {
                continue;
            }
            ClearPageWatches(page);
            _pageFlags[page] &= PageHostWatched;
        }
        _arena.Discard(first << PageShift, (end - first) << PageShift);
        ResetWindows();
    }

    /// <summary>
    /// Resets the mapped pages of <c>[address, address + length)</c> (rounded out to pages) to zero as a host
    /// write, returning their host memory to the operating system; they stay mapped.
    /// </summary>
    public void DiscardPages(ulong address, ulong length)
    {
        var (first, end) = PageRange(address, length);
        for (var page = first; page < end; page++)
        {
            ClearPageWatches(page);
        }
        _arena.Discard(first << PageShift, (end - first) << PageShift);
        ResetWindows();
    }

    /// <summary>Whether every byte of <c>[address, address + length)</c> is mapped.</summary>
    public bool IsMapped(ulong address, ulong length)
    {
        if (length == 0)
        {
            return address <= Size;
        }
        if (address >= Size || length > Size - address)
        {
            return false;
        }
        var first = address >> PageShift;
        var last = (address + length - 1) >> PageShift;
        return _pageFlags.AsSpan((int)first, (int)(last - first + 1)).IndexOfAnyExcept(MappedValues) < 0;
    }

    /// <summary>
    /// Sets what the data capability (DDC) allows: guest data accesses inside <c>[baseAddress, lastAddress]</c>
    /// (inclusive, so the root capability's top of 2^64 is <see cref="ulong.MaxValue"/>), loads only if
    /// <paramref name="loads"/> and stores only if <paramref name="stores"/>. Anything else faults with
    /// <see cref="MemoryFault.DataCapabilityBounds"/>; the hart names the precise CHERI cause. Host accesses are
    /// not subject to the DDC.
    /// </summary>
    public void SetDataBounds(ulong baseAddress, ulong lastAddress, bool loads = true, bool stores = true)
    {
        if (lastAddress < baseAddress)
        {
            throw new ArgumentOutOfRangeException(nameof(lastAddress), "the last address must not be below the base");
        }
        _dataBase = baseAddress;
        _dataLast = lastAddress;
        _dataLoads = loads;
        _dataStores = stores;
        ResetWindows();
    }

    /// <summary>Copies guest memory into <paramref name="destination"/>; false (copying nothing) if any byte is unmapped.</summary>
    public bool TryRead(ulong address, Span<byte> destination)
    {
        if (!IsMapped(address, (ulong)destination.Length))
        {
            return false;
        }
        new ReadOnlySpan<byte>(Host + address, destination.Length).CopyTo(destination);
        return true;
    }

    /// <summary>
    /// Copies <paramref name="source"/> into guest memory as a host (DMA-like) write: it clears the tags of the
    /// granules it touches and invalidates decoded code. False (writing nothing) if any byte is unmapped.
    /// </summary>
    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (!IsMapped(address, (ulong)source.Length))
        {
            return false;
        }
        if (source.Length > 0)
        {
            BeforeWrite(address, (ulong)source.Length);
            source.CopyTo(new Span<byte>(Host + address, source.Length));
        }
        return true;
    }

    /// <summary>Fills guest memory with zeros as a host write (see <see cref="TryWrite"/>).</summary>
    public bool TryZero(ulong address, ulong length)
    {
        if (!IsMapped(address, length))
        {
            return false;
        }
        if (length > 0)
        {
            BeforeWrite(address, length);
            for (ulong done = 0; done < length; done += int.MaxValue)
            {
                new Span<byte>(Host + address + done, (int)Math.Min(length - done, int.MaxValue)).Clear();
            }
        }
        return true;
    }

    /// <summary>The tag of the granule holding <paramref name="address"/> (false for unmapped memory).</summary>
    public bool GetTag(ulong address)
    {
        if (address >= Size)
        {
            return false;
        }
        return _tagsByPage.TryGetValue(address >> PageShift, out var bits) && TestGranule(bits, address);
    }

    /// <summary>
    /// Stores a capability (address word, raw metadata, tag) at a 16-byte-aligned address, atomically with its tag,
    /// as the guest would through the data capability. The metadata is stored XORed with
    /// <see cref="CapabilityEncoding.MemoryXorMask"/>.
    /// </summary>
    public MemoryFault StoreCapability(ulong address, ulong cursor, ulong metadata, bool tag)
    {
        if ((address & 15) != 0)
        {
            throw new ArgumentException("capability accesses must be 16-byte aligned; the hart raises the misaligned trap", nameof(address));
        }
        var fault = CheckGuestAccess(address, CapabilityEncoding.SizeInBytes, write: true);
        if (fault != MemoryFault.None)
        {
            return fault;
        }
        BeforeWrite(address, CapabilityEncoding.SizeInBytes);
        Unsafe.WriteUnaligned(Host + address, cursor);
        Unsafe.WriteUnaligned(Host + address + 8, metadata ^ CapabilityEncoding.MemoryXorMask);
        if (tag)
        {
            SetTag(address);
        }
        return MemoryFault.None;
    }

    /// <summary>Loads a capability stored by <see cref="StoreCapability"/> (or integer bytes, with tag false).</summary>
    public MemoryFault LoadCapability(ulong address, out ulong cursor, out ulong metadata, out bool tag)
    {
        if ((address & 15) != 0)
        {
            throw new ArgumentException("capability accesses must be 16-byte aligned; the hart raises the misaligned trap", nameof(address));
        }
        cursor = metadata = 0;
        tag = false;
        var fault = CheckGuestAccess(address, CapabilityEncoding.SizeInBytes, write: false);
        if (fault != MemoryFault.None)
        {
            return fault;
        }
        cursor = Unsafe.ReadUnaligned<ulong>(Host + address);
        metadata = Unsafe.ReadUnaligned<ulong>(Host + address + 8) ^ CapabilityEncoding.MemoryXorMask;
        tag = GetTag(address);
        return MemoryFault.None;
    }

    /// <summary>
    /// The slow path of every guest load, store and AMO of 1–8 bytes: checks DDC bounds, then mapping; for a
    /// write, clears the touched granules' tags and invalidates decoded code; then recentres the windows on the
    /// address. Returns the host pointer to access, or null with <paramref name="fault"/> set.
    /// </summary>
    internal byte* Access(ulong address, int size, bool write, out MemoryFault fault)
    {
        fault = CheckGuestAccess(address, size, write);
        if (fault != MemoryFault.None)
        {
            return null;
        }
        // Recentring scans the page flags, so it is done only when the address is outside the window (accesses
        // that always come here, such as AMOs, must not pay for it each time).
        if (write)
        {
            BeforeWrite(address, (ulong)size);
            if (address - WriteBase >= WriteSpan)
            {
                RecentreWriteWindow(address);
            }
            if ((_pageFlags[address >> PageShift] & PageHostWatched) != 0 || (_pageFlags[(address + (ulong)size - 1) >> PageShift] & PageHostWatched) != 0)
            {
                foreach (var (start, end) in _hostWatchedRanges)
                {
                    WatchedWriteHappened |= address < end && address + (ulong)size > start;
                }
            }
        }
        else if (address - ReadBase >= ReadSpan)
        {
            RecentreReadWindow(address);
        }
        return Host + address;
    }

    /// <summary>
    /// Checks a guest data access against the DDC (permission, then bounds), then the mapping, in that (CHERI) order.
    /// A store that also loads (an AMO) must pass the load check first, separately.
    /// </summary>
    internal MemoryFault CheckGuestAccess(ulong address, int size, bool write)
    {
        var last = address + (ulong)size - 1;
        if (!(write ? _dataStores : _dataLoads) || address < _dataBase || last > _dataLast || last < address)
        {
            return MemoryFault.DataCapabilityBounds;
        }
        return IsMapped(address, (ulong)size) ? MemoryFault.None : MemoryFault.Unmapped;
    }

    /// <summary>Marks a page as holding decoded code: stores to it leave the fast path so they can invalidate it.</summary>
    internal void WatchCodePage(ulong page)
    {
        if ((_pageFlags[page] & PageHasCode) != 0)
        {
            return;
        }
        _pageFlags[page] |= PageHasCode;
        DropWriteWindowIfItHolds(page);
    }

    /// <summary>Forgets that a page holds decoded code (after the cache dropped it).</summary>
    internal void UnwatchCodePage(ulong page) => _pageFlags[page] &= unchecked((byte)~PageHasCode);

    internal bool IsPageMapped(ulong page) => page < (ulong)_pageFlags.Length && (_pageFlags[page] & PageMapped) != 0;

    /// <summary>Clears tags and invalidates decoded code for a write to <c>[address, address + length)</c>.</summary>
    private void BeforeWrite(ulong address, ulong length)
    {
        var firstPage = address >> PageShift;
        var lastPage = (address + length - 1) >> PageShift;
        for (var page = firstPage; page <= lastPage; page++)
        {
            var flags = _pageFlags[page];
            if ((flags & PageHasCode) != 0)
            {
                _pageFlags[page] &= unchecked((byte)~PageHasCode);
                CodeCache?.InvalidatePage(page);
            }
            if ((flags & PageHasTags) != 0)
            {
                ClearTags(page, address, address + length - 1);
            }
        }
    }

    private void ClearTags(ulong page, ulong first, ulong last)
    {
        var bits = _tagsByPage[page];
        var pageStart = page << PageShift;
        var from = Math.Max(first, pageStart);
        var to = Math.Min(last, pageStart + PageSize - 1);
        for (var granule = from >> GranuleShift; granule <= to >> GranuleShift; granule++)
        {
            var index = (int)(granule & (GranulesPerPage - 1));
            var mask = 1UL << (index & 63);
            if ((bits[index >> 6] & mask) != 0)
            {
                bits[index >> 6] &= ~mask;
                TaggedGranuleCount--;
            }
        }
        if (bits[0] == 0 && bits[1] == 0 && bits[2] == 0 && bits[3] == 0)
        {
            _tagsByPage.Remove(page);
            _pageFlags[page] &= unchecked((byte)~PageHasTags);
        }
    }

    private void SetTag(ulong address)
    {
        var page = address >> PageShift;
        if (!_tagsByPage.TryGetValue(page, out var bits))
        {
            bits = new ulong[GranulesPerPage / 64];
            _tagsByPage[page] = bits;
            _pageFlags[page] |= PageHasTags;
            DropWriteWindowIfItHolds(page);
        }
        var index = (int)((address >> GranuleShift) & (GranulesPerPage - 1));
        if ((bits[index >> 6] & (1UL << (index & 63))) == 0)
        {
            bits[index >> 6] |= 1UL << (index & 63);
            TaggedGranuleCount++;
        }
    }

    private static bool TestGranule(ulong[] bits, ulong address)
    {
        var index = (int)((address >> GranuleShift) & (GranulesPerPage - 1));
        return (bits[index >> 6] & (1UL << (index & 63))) != 0;
    }

    private void ClearPageWatches(ulong page)
    {
        if ((_pageFlags[page] & PageHasCode) != 0)
        {
            CodeCache?.InvalidatePage(page);
        }
        _pageFlags[page] &= unchecked((byte)~PageHasTags);
        if (_tagsByPage.Remove(page, out var bits))
        {
            foreach (var word in bits)
            {
                TaggedGranuleCount -= (long)ulong.PopCount(word);
            }
        }
    }

    private void RecentreReadWindow(ulong address)
    {
        WindowRecentres++;
        var page = (int)(address >> PageShift);
        var flags = _pageFlags.AsSpan();
        if (!_dataLoads)
        {
            ReadBase = ReadSpan = 0;
            return;
        }
        var before = flags[..page].LastIndexOfAnyExcept(MappedValues);
        var after = flags[page..].IndexOfAnyExcept(MappedValues);
        SetWindow(ref ReadBase, ref ReadSpan, before, page, after);
    }

    private void RecentreWriteWindow(ulong address)
    {
        WindowRecentres++;
        var page = (int)(address >> PageShift);
        var flags = _pageFlags.AsSpan();
        if (flags[page] != PageMapped || !_dataStores)
        {
            // The page itself is watched (or stores are not allowed): every store must keep taking the slow path.
            WriteBase = WriteSpan = 0;
            return;
        }
        var before = flags[..page].LastIndexOfAnyExcept(PageMapped);
        var after = flags[page..].IndexOfAnyExcept(PageMapped);
        SetWindow(ref WriteBase, ref WriteSpan, before, page, after);
    }

    /// <summary>
    /// Sets a window to the page run (before, page + after) — <paramref name="before"/> is the last page outside
    /// the run below (or −1), <paramref name="after"/> the distance to the first page outside it above (or −1) —
    /// clipped to the DDC bounds.
    /// </summary>
    private void SetWindow(ref ulong windowBase, ref ulong windowSpan, int before, int page, int after)
    {
        var start = (ulong)(before + 1) << PageShift;
        var end = after < 0 ? Size : (ulong)(page + after) << PageShift;
        start = Math.Max(start, _dataBase);
        if (_dataLast < end - 1)
        {
            end = _dataLast + 1;
        }
        if (end <= start || end - start < 8)
        {
            windowBase = windowSpan = 0;
            return;
        }
        windowBase = start;
        windowSpan = end - start - 7;
    }

    private void DropWriteWindowIfItHolds(ulong page)
    {
        var pageStart = page << PageShift;
        if (WriteSpan != 0 && pageStart + PageSize > WriteBase && pageStart < WriteBase + WriteSpan + 7)
        {
            WriteBase = WriteSpan = 0;
        }
    }

    private void ResetWindows()
    {
        ReadBase = ReadSpan = 0;
        WriteBase = WriteSpan = 0;
    }

    private (ulong First, ulong End) PageRange(ulong address, ulong length)
    {
        if (address >= Size || length > Size - address)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"[0x{address:x}, +0x{length:x}) is outside the {Size}-byte address space");
        }
        var first = address >> PageShift;
        var end = (address + length + PageSize - 1) >> PageShift;
        return (first, end);
    }

    /// <summary>Releases the host memory behind the address space.</summary>
    public void Dispose() => _arena.Dispose();
}
