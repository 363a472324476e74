using Cvm.Machine.Memory;

namespace Cvm.Machine.Execution.Jit;

/// <summary>
/// The compiled regions of one hart: a table indexed by PC (per-page arrays, one entry per 2-byte slot) from
/// region entries to compiled code, the entry counts that decide when a PC turns hot, and the bookkeeping that drops
/// regions when their code changes.
/// </summary>
/// <remarks>
/// The cache is bounded by the number of instructions compiled; when a new region would exceed it, every region
/// is evicted at once (cheap, and the hot code is recompiled quickly). A page whose code keeps changing under
/// compiled regions (data sharing a page with code) stops being compiled, so such programs do not compile in a loop.
/// </remarks>
internal sealed class RegionCache
{
    /// <summary>The bound on compiled guest instructions across all regions before everything is evicted.</summary>
    public const int MaxCompiledInstructions = 1 << 18;

    /// <summary>Guest instructions that may be compiled before the allowance below applies.</summary>
    private const ulong FreeCompiledInstructions = 1 << 16;

    /// <summary>
    /// Past the free amount, one more instruction may be compiled per this many retired: compiling costs the host
    /// tens of microseconds per instruction, so a guest that keeps making new code hot (or evicting the cache) must
    /// not turn its instruction budget into unbounded host work. Real programs stay far below it.
    /// </summary>
    private const ulong RetiredPerCompiledInstruction = 1024;

    /// <summary>After this many drops of regions on one page, no more regions touching it are compiled.</summary>
    private const int MaxDropsPerPage = 8;

    private const int SlotsPerPage = TaggedMemory.PageSize / 2;

    /// <summary>The entry count of a PC whose region must not be compiled (its first instruction is not compiled, or
    /// its code keeps changing).</summary>
    private const ushort NeverCompile = ushort.MaxValue;

    /// <summary>The entry count of a PC whose region is being compiled in the background.</summary>
    private const ushort Compiling = ushort.MaxValue - 1;

    private readonly PageTable<Region?[]> _entries;
    private readonly PageTable<ushort[]> _entryCounts;
    private readonly Dictionary<ulong, List<ulong>> _entriesByPage = new();
    private readonly Dictionary<ulong, int> _dropsByPage = new();
    private readonly List<ulong> _pagesWithEntries = new();
    private readonly List<ulong> _pagesWithCounts = new();
    private readonly List<PendingRegion> _pending = new();
    private int _compiledInstructions;

    public RegionCache(ulong addressSpaceSize, ushort threshold)
    {
        var pages = addressSpaceSize >> TaggedMemory.PageShift;
        _entries = new PageTable<Region?[]>(pages);
        _entryCounts = new PageTable<ushort[]>(pages);
        Threshold = threshold;
    }

    /// <summary>How many times a PC must be entered from a control transfer before its region is compiled (0: at once).</summary>
    public ushort Threshold { get; }

    /// <summary>Regions compiled so far (including evicted and dropped ones).</summary>
    public long RegionsCompiled { get; private set; }

    /// <summary>Guest instructions compiled so far, over all regions ever compiled.</summary>
    public ulong InstructionsCompiled { get; private set; }

    /// <summary>
    /// Whether a region of up to <see cref="RegionCode.MaxInstructions"/> may be compiled after
    /// <paramref name="retired"/> retired instructions (see <see cref="RetiredPerCompiledInstruction"/>). The
    /// compile-at-once mode (threshold 0, for tests and diagnostics) is not limited.
    /// </summary>
    public bool WithinCompileAllowance(ulong retired) =>
        Threshold == 0 || InstructionsCompiled + RegionCode.MaxInstructions <= FreeCompiledInstructions + retired / RetiredPerCompiledInstruction;

    /// <summary>Times the whole cache was evicted because it was full.</summary>
    public long Evictions { get; private set; }

    /// <summary>The compiled region entered at <paramref name="pc"/>, if any.</summary>
    public Region? Find(ulong pc) =>
        _entries[pc >> TaggedMemory.PageShift] is { } page ? page[(pc & (TaggedMemory.PageSize - 1)) >> 1] : null;

    /// <summary>Counts an entry at <paramref name="pc"/>; true when it has just turned hot and should be compiled.</summary>
    public bool CountEntry(ulong pc)
    {
        var counts = CountsFor(pc);
        ref var count = ref counts[(pc & (TaggedMemory.PageSize - 1)) >> 1];
        if (count is NeverCompile or Compiling)
        {
            return false;
        }
        if (count >= Threshold)
        {
            return true;
        }
        count++;
        return false;
    }

    private ushort[] CountsFor(ulong pc)
    {
        var page = pc >> TaggedMemory.PageShift;
        if (_entryCounts[page] is { } counts)
        {
            return counts;
        }
        _pagesWithCounts.Add(page);
        return _entryCounts[page] = new ushort[SlotsPerPage];
    }

    /// <summary>Records that the region at <paramref name="pc"/> is not to be compiled (until its page changes).</summary>
    public void RefuseEntry(ulong pc)
    {
        var counts = CountsFor(pc);
        counts[(pc & (TaggedMemory.PageSize - 1)) >> 1] = NeverCompile;
    }

    /// <summary>
    /// Records that <paramref name="region"/> is being compiled in the background: meanwhile neither its entry nor
    /// any other block start of its code is counted (the hart keeps interpreting that code, and without this its
    /// inner blocks would turn hot and be compiled as regions of their own, splitting it), and a change to its code
    /// or a flush makes it <see cref="PendingRegion.Stale"/>.
    /// </summary>
    public void TrackPending(PendingRegion region)
    {
        foreach (var start in region.Code.BlockStarts)
        {
            if (region.Code.Instructions.ContainsKey(start))
            {
                ref var count = ref CountsFor(start)[(start & (TaggedMemory.PageSize - 1)) >> 1];
                if (count != NeverCompile)
                {
                    count = Compiling;
                }
            }
        }
        _pending.Add(region);
    }

    /// <summary>
    /// Installs a region compiled in the background, unless its code changed since it was collected; returns the
    /// installed region or null. Either way its block starts are counted (and may be compiled) again afterwards.
    /// </summary>
    public Region? Install(PendingRegion region)
    {
        _pending.Remove(region);
        foreach (var start in region.Code.BlockStarts)
        {
            if (_entryCounts[start >> TaggedMemory.PageShift] is { } counts && counts[(start & (TaggedMemory.PageSize - 1)) >> 1] == Compiling)
            {
                counts[(start & (TaggedMemory.PageSize - 1)) >> 1] = 0;
            }
        }
        return region.Stale ? null : Add(region.Code, region.Compiled!, region.Extended);
    }

    /// <summary>Whether a region may include code from all of <paramref name="pages"/>.</summary>
    public bool MayCompile(IEnumerable<ulong> pages) => pages.All(page => _dropsByPage.GetValueOrDefault(page) < MaxDropsPerPage);

    /// <summary>
    /// Installs a compiled region (replacing one at the same entry), evicting everything first if the cache would
    /// exceed its bound.
    /// </summary>
    public Region Add(RegionCode code, CompiledRegion compiled, bool extended = false)
    {
        if (_compiledInstructions + code.Instructions.Count > MaxCompiledInstructions)
        {
            Evictions++;
            Flush();
        }
        _compiledInstructions += code.Instructions.Count;
        InstructionsCompiled += (ulong)code.Instructions.Count;
        RegionsCompiled++;
        var entryPage = code.Entry >> TaggedMemory.PageShift;
        if (_entries[entryPage] is null)
        {
            _entries[entryPage] = new Region?[SlotsPerPage];
            _pagesWithEntries.Add(entryPage);
        }
        var region = new Region(code.Entry, compiled) { Observed = !extended };
        _entries[entryPage]![(code.Entry & (TaggedMemory.PageSize - 1)) >> 1] = region;
        foreach (var page in code.Pages)
        {
            if (!_entriesByPage.TryGetValue(page, out var entries))
            {
                _entriesByPage[page] = entries = new List<ulong>();
            }
            entries.Add(code.Entry);
        }
        return region;
    }

    /// <summary>The bytes of <paramref name="page"/> changed: drops every region built from them and the page's entry counts.</summary>
    public void InvalidatePage(ulong page)
    {
        _entryCounts[page] = null;
        MarkPendingStale(page);
        if (!_entriesByPage.Remove(page, out var entries))
        {
            return;
        }
        _dropsByPage[page] = _dropsByPage.GetValueOrDefault(page) + 1;
        foreach (var entry in entries)
        {
            // The entry's other pages may still list it; a later drop of an already empty table entry is harmless.
            if (_entries[entry >> TaggedMemory.PageShift] is { } table)
            {
                table[(entry & (TaggedMemory.PageSize - 1)) >> 1] = null;
            }
        }
    }

    /// <summary>Drops every region and entry count (eviction, <c>fence.i</c>, misa.C or PCC range changes); regions
    /// still being compiled will not be installed.</summary>
    public void Flush()
    {
        foreach (var page in _pagesWithEntries)
        {
            _entries[page] = null;
        }
        _pagesWithEntries.Clear();
        _entriesByPage.Clear();
        foreach (var page in _pagesWithCounts)
        {
            _entryCounts[page] = null;
        }
        _pagesWithCounts.Clear();
        _compiledInstructions = 0;
        foreach (var pending in _pending)
        {
            pending.Stale = true;
        }
    }

    private void MarkPendingStale(ulong page)
    {
        foreach (var pending in _pending)
        {
            if (pending.Code.Pages.Contains(page))
            {
                pending.Stale = true;
            }
        }
    }
}
