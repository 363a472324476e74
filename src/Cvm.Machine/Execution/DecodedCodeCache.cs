using Cvm.Cheri;
using Cvm.Machine.Execution;
using Cvm.Machine.Execution.Jit;
using System.Runtime.CompilerServices;
using Cvm.Machine.Memory;

namespace Cvm.Machine;

/// <summary>
/// What decoded slots depend on besides the bytes of memory: the PCC that authorised fetching them (its bounds
/// and whether it is usable at all) and the encoding mode (PCC.flag). Slots decoded under one key are valid
/// under that key only.
/// </summary>
/// <param name="FetchBounds">PCC's bounds.</param>
/// <param name="UnusableCause">Why PCC cannot fetch at all (untagged, sealed, not executable), or none.</param>
/// <param name="CapabilityMode">PCC.flag: decode standard opcodes with their capability-mode meaning.</param>
/// <param name="Relocated">Integer-mode code under the hart's LegacyRelocation option.</param>
internal readonly record struct DecodeContextKey(CapabilityBounds FetchBounds, CheriCause UnusableCause, bool CapabilityMode, bool Relocated);

/// <summary>
/// Pre-decoded instructions, one <see cref="DecodedInstruction"/> slot per 2-byte parcel, in pinned per-page
/// arrays created on first execution from a page. A slot is decoded on first use; a page's slots are wiped
/// (not freed, so the interpreter's pointer into them stays valid) when its bytes change or on <c>fence.i</c>.
/// An instruction that straddles into the next page lives in the last slot of its first page, so invalidating
/// a page also wipes the last slot of the page before it.
/// </summary>
/// <remarks>
/// Decoded slots depend on the PCC they were decoded under (<see cref="DecodeContextKey"/>), so the cache keeps
/// one set of page arrays per key, for up to <see cref="MaxContexts"/> keys: switching PCC between a few
/// compartments (CInvoke round trips, trap entry and mret) selects an existing set instead of re-decoding. When
/// a new key needs room, the least recently selected set is dropped; the current one never is.
/// </remarks>
internal sealed unsafe class DecodedCodeCache
{
    public const int SlotsPerPage = TaggedMemory.PageSize / 2;

    /// <summary>How many PCCs' decoded code is kept at once.</summary>
    public const int MaxContexts = 8;

    /// <summary>Slots per page array: one per parcel plus two <see cref="Op.PageCrossing"/> sentinels, reached by
    /// running off the end of the page with a 2- or a 4-byte instruction.</summary>
    private const int SlotsWithSentinels = SlotsPerPage + 2;

    private readonly TaggedMemory _memory;
    private readonly List<DecodeContext> _contexts = new();
    private DecodeContext _current;
    private long _selections;

    /// <summary>
    /// The decoded pages of one <see cref="DecodeContextKey"/>, in a <see cref="PageTable{T}"/>, so that each of the
    /// contexts costs memory in proportion to the code it ran rather than to the address space.
    /// </summary>
    private sealed class DecodeContext(DecodeContextKey key, ulong pageCount)
    {
        private readonly PageTable<DecodedInstruction[]> _pages = new(pageCount);

        public readonly DecodeContextKey Key = key;
        public readonly List<ulong> PopulatedPages = new();
        public long LastSelected;

        /// <summary>
        /// Regions compiled from this context's slots (the JIT tier). They are as specific to the key as the slots
        /// are: code compiled under one PCC's bounds and mode must never run under another's.
        /// </summary>
        public RegionCache? Regions;

        /// <summary>The slots of <paramref name="page"/>, or null if none were created in this context.</summary>
        public DecodedInstruction[]? this[ulong page]
        {
            get => _pages[page];
            set => _pages[page] = value;
        }
    }

    public DecodedCodeCache(TaggedMemory memory, DecodeContextKey initialKey)
    {
        _memory = memory;
        _current = new DecodeContext(initialKey, memory.Size >> TaggedMemory.PageShift);
        _contexts.Add(_current);
        memory.CodeCache = this;
    }

    /// <summary>Whether the current context decodes in capability mode.</summary>
    public bool CapabilityMode => _current.Key.CapabilityMode;

    /// <summary>
    /// Makes <paramref name="key"/>'s decoded code current (creating an empty set for a new key, dropping the
    /// least recently selected one if <see cref="MaxContexts"/> are kept). Returns whether the context changed.
    /// </summary>
    public bool Select(DecodeContextKey key)
    {
        _current.LastSelected = ++_selections;
        if (_current.Key == key)
        {
            return false;
        }
        var found = _contexts.Find(context => context.Key == key);
        if (found is null)
        {
            if (_contexts.Count == MaxContexts)
            {
                var oldest = _contexts.MinBy(context => context.LastSelected)!;
                _contexts.Remove(oldest);
            }
            found = new DecodeContext(key, _memory.Size >> TaggedMemory.PageShift);
            _contexts.Add(found);
        }
        _current = found;
        return true;
    }

    /// <summary>How many PCCs' decoded code is kept (for tests and measurements).</summary>
    public int ContextCount => _contexts.Count;

    /// <summary>
    /// The entry count at which regions are compiled (0: at first entry), or null when nothing is compiled. Setting
    /// it drops every compiled region.
    /// </summary>
    public ushort? CompileThreshold
    {
        get => _compileThreshold;
        set
        {
            _compileThreshold = value;
            foreach (var context in _contexts)
            {
                context.Regions = null;
            }
        }
    }

    private ushort? _compileThreshold;

    /// <summary>The current context's compiled regions (created on first use), or null when nothing is compiled.</summary>
    public RegionCache? Regions =>
        _compileThreshold is { } threshold ? _current.Regions ??= new RegionCache(_memory.Size, threshold) : null;

    /// <summary>The slots of the page holding <paramref name="pc"/>, or null if that page is not mapped.</summary>
    public DecodedInstruction* SlotsFor(ulong pc)
    {
        var page = pc >> TaggedMemory.PageShift;
        if (!_memory.IsPageMapped(page))
        {
            return null;
        }
        var slots = _current[page];
        if (slots is null)
        {
            slots = GC.AllocateArray<DecodedInstruction>(SlotsWithSentinels, pinned: true);
            slots[SlotsPerPage].Op = slots[SlotsPerPage + 1].Op = Op.PageCrossing;
            _current[page] = slots;
            _current.PopulatedPages.Add(page);
        }
        return (DecodedInstruction*)Unsafe.AsPointer(ref slots[0]);
    }

    /// <summary>
    /// Reads the instruction at <paramref name="pc"/> from memory, decodes it and records that its page(s) hold
    /// code. Returns the faulting parcel address when fetching fails.
    /// </summary>
    public bool TryDecode(ulong pc, bool compressedEnabled, out DecodedInstruction decoded, out ulong faultAddress)
    {
        decoded = default;
        faultAddress = pc;
        var page = pc >> TaggedMemory.PageShift;
        if (!_memory.IsPageMapped(page))
        {
            return false;
        }
        uint bits = *(ushort*)(_memory.Host + pc);
        var compressed = Decoder.IsCompressed((ushort)bits);
        if (!compressed || !compressedEnabled)
        {
            var upper = pc + 2;
            if (!_memory.IsPageMapped(upper >> TaggedMemory.PageShift))
            {
                faultAddress = upper;
                return false;
            }
            bits |= (uint)*(ushort*)(_memory.Host + upper) << 16;
            _memory.WatchCodePage(upper >> TaggedMemory.PageShift);
        }
        _memory.WatchCodePage(page);
        // Without C every instruction is 32 bits long, and one whose low bits are not 11 is illegal.
        decoded = compressed && !compressedEnabled
            ? new DecodedInstruction { Op = Op.Illegal, Length = 4, Bits = bits }
            : Decoder.Decode(bits, CapabilityMode, _current.Key.Relocated);
        // The next instructions' lengths are in their first parcels. When such a parcel is on the next page,
        // execution reaches a sentinel slot first and the sum is never used.
        var nextPc = pc + decoded.Length;
        var nextLength = LengthAt(nextPc, page, compressedEnabled);
        decoded.AdvanceThree = (byte)(decoded.Length + nextLength + LengthAt(nextPc + (ulong)nextLength, page, compressedEnabled));
        return true;
    }

    /// <summary>The length of the instruction at <paramref name="pc"/> if it starts on <paramref name="page"/>, else 2.</summary>
    private int LengthAt(ulong pc, ulong page, bool compressedEnabled) =>
        (pc >> TaggedMemory.PageShift) == page && !(compressedEnabled && Decoder.IsCompressed(*(ushort*)(_memory.Host + pc))) ? 4 : 2;

    /// <summary>Wipes the decoded slots of a page whose bytes changed (and the straddling slot before it), in every context.</summary>
    public void InvalidatePage(ulong page)
    {
        _memory.UnwatchCodePage(page);
        foreach (var context in _contexts)
        {
            context.Regions?.InvalidatePage(page);
            if (context[page] is { } slots)
            {
                Array.Clear(slots, 0, SlotsPerPage);
            }
            if (page > 0 && context[page - 1] is { } previous)
            {
                previous[SlotsPerPage - 1] = default;
            }
        }
    }

    /// <summary>Wipes every decoded slot of every context (<c>fence.i</c>, or a change of misa.C).</summary>
    public void InvalidateAll()
    {
        // Regions first, so that the page invalidations below do not count as code changing under them.
        foreach (var context in _contexts)
        {
            context.Regions?.Flush();
        }
        foreach (var context in _contexts)
        {
            foreach (var page in context.PopulatedPages)
            {
                InvalidatePage(page);
            }
        }
    }
}
