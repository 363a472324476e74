using Cvm.Machine.Execution;
using System.Runtime.CompilerServices;
using Cvm.Machine.Memory;

namespace Cvm.Machine;

/// <summary>
/// Pre-decoded instructions, one <see cref="DecodedInstruction"/> slot per 2-byte parcel, in pinned per-page
/// arrays created on first execution from a page. A slot is decoded on first use; a page's slots are wiped
/// (not freed, so the interpreter's pointer into them stays valid) when its bytes change or on <c>fence.i</c>.
/// An instruction that straddles into the next page lives in the last slot of its first page, so invalidating
/// a page also wipes the last slot of the page before it.
/// </summary>
internal sealed unsafe class DecodedCodeCache
{
    public const int SlotsPerPage = TaggedMemory.PageSize / 2;

    /// <summary>Slots per page array: one per parcel plus two <see cref="Op.PageCrossing"/> sentinels, reached by
    /// running off the end of the page with a 2- or a 4-byte instruction.</summary>
    private const int SlotsWithSentinels = SlotsPerPage + 2;

    private readonly TaggedMemory _memory;
    private readonly DecodedInstruction[]?[] _pages;
    private readonly List<ulong> _populatedPages = new();

    /// <summary>Compiled regions built from these slots (the JIT tier), dropped with the slots they were built from.</summary>
    public Execution.Jit.RegionCache? Regions { get; set; }

    public DecodedCodeCache(TaggedMemory memory)
    {
        _memory = memory;
        _pages = new DecodedInstruction[]?[memory.Size >> TaggedMemory.PageShift];
        memory.CodeCache = this;
    }

    /// <summary>The slots of the page holding <paramref name="pc"/>, or null if that page is not mapped.</summary>
    public DecodedInstruction* SlotsFor(ulong pc)
    {
        var page = pc >> TaggedMemory.PageShift;
        if (!_memory.IsPageMapped(page))
        {
            return null;
        }
        var slots = _pages[page];
        if (slots is null)
        {
            slots = GC.AllocateArray<DecodedInstruction>(SlotsWithSentinels, pinned: true);
            slots[SlotsPerPage].Op = slots[SlotsPerPage + 1].Op = Op.PageCrossing;
            _pages[page] = slots;
            _populatedPages.Add(page);
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
            : Decoder.Decode(bits);
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

    /// <summary>Wipes the decoded slots of a page whose bytes changed (and the straddling slot before it).</summary>
    public void InvalidatePage(ulong page)
    {
        _memory.UnwatchCodePage(page);
        Regions?.InvalidatePage(page);
        if (_pages[page] is { } slots)
        {
            Array.Clear(slots, 0, SlotsPerPage);
        }
        if (page > 0 && _pages[page - 1] is { } previous)
        {
            previous[SlotsPerPage - 1] = default;
        }
    }

    /// <summary>Wipes every decoded slot (<c>fence.i</c>, or a change of misa.C).</summary>
    public void InvalidateAll()
    {
        Regions?.Flush();
        foreach (var page in _populatedPages)
        {
            InvalidatePage(page);
        }
    }
}
