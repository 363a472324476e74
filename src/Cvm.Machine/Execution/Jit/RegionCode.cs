using Cvm.Machine.Memory;

namespace Cvm.Machine.Execution.Jit;

/// <summary>
/// The guest code of one region: every instruction the compiler handles that is reachable from the entry by
/// fall-through, conditional branches, JAL (jumps and calls) and the return sites of calls, up to a size limit.
/// Instructions the compiler does not handle are not part of it; reaching one leaves the region for the
/// interpreter, which executes it.
/// </summary>
internal sealed class RegionCode
{
    /// <summary>Regions stop growing at this many instructions, which bounds compile time and code size.</summary>
    public const int MaxInstructions = 256;

    private RegionCode(ulong entry) => Entry = entry;

    /// <summary>The PC the region is entered at.</summary>
    public ulong Entry { get; }

    /// <summary>The compiled instructions, by PC.</summary>
    public SortedDictionary<ulong, DecodedInstruction> Instructions { get; } = new();

    /// <summary>
    /// PCs where a block of straight-line code starts: the entry, branch and jump targets, the instruction after a
    /// conditional branch, return sites, and any instruction reached by fall-through from two differently aligned
    /// starts. Each block adds its own instruction count, so these are the only places a count is charged.
    /// </summary>
    public HashSet<ulong> BlockStarts { get; } = new();

    /// <summary>The PCs after calls (JAL or JALR with a link register) within the region: where returns go.</summary>
    public SortedSet<ulong> ReturnSites { get; } = new();

    /// <summary>Targets the region's JALRs were seen to leave to, made roots of the region (see <see cref="Region"/>).</summary>
    public SortedSet<ulong> IndirectTargets { get; } = new();

    /// <summary>PCs reached from the region whose instruction the interpreter must execute.</summary>
    public HashSet<ulong> InterpretedExits { get; } = new();

    /// <summary>
    /// The guest's integer registers when the region turned hot, or null. Only a hint for speculation that compiled
    /// code checks before relying on it (a loop-invariant divisor, for instance): never a source of results.
    /// </summary>
    public ulong[]? RegistersWhenHot { get; set; }

    /// <summary>The pages holding the region's instruction bytes: a change to any of them drops the region.</summary>
    public HashSet<ulong> Pages { get; } = new();

    /// <summary>
    /// Collects the region entered at <paramref name="entry"/>, fetching through <paramref name="fetch"/>
    /// (which decodes, checks the fetch against PCC and marks the pages as holding code). The region stops where
    /// <paramref name="isRegionEntry"/> says another compiled region begins. Returns null when the entry instruction
    /// itself is one the compiler does not handle. <paramref name="indirectTargets"/> are further roots.
    /// </summary>
    public static RegionCode? Collect(ulong entry, RegionFetch fetch, ulong misalignedTargetBits, Func<ulong, bool>? isRegionEntry = null,
        IEnumerable<ulong>? indirectTargets = null)
    {
        var region = new RegionCode(entry);
        region.BlockStarts.Add(entry);
        var pending = new Queue<(ulong Pc, bool Called)>();
        pending.Enqueue((entry, false));
        foreach (var target in indirectTargets ?? [])
        {
            // Included even where another region begins, like called functions: JALRs reach them without leaving.
            region.IndirectTargets.Add(target);
            region.AddTarget(target, pending, called: true);
        }
        while (pending.Count > 0 && region.Instructions.Count < MaxInstructions)
        {
            var (start, called) = pending.Dequeue();
            region.FollowStraightLine(start, called, pending, fetch, misalignedTargetBits, isRegionEntry);
        }
        return region.Instructions.ContainsKey(entry) ? region : null;
    }

    private void FollowStraightLine(ulong pc, bool called, Queue<(ulong Pc, bool Called)> pending, RegionFetch fetch,
        ulong misalignedTargetBits, Func<ulong, bool>? isRegionEntry)
    {
        while (Instructions.Count < MaxInstructions)
        {
            if (pc != Entry && !called && isRegionEntry is not null && isRegionEntry(pc))
            {
                // Another region starts here: leave for it rather than compile its code a second time. A called
                // function is compiled into each caller's region all the same, so calls and returns stay inside.
                return;
            }
            called = false;
            if (Instructions.ContainsKey(pc))
            {
                // Joining code already collected: it becomes a block start so each instruction belongs to one block.
                BlockStarts.Add(pc);
                return;
            }
            if (InterpretedExits.Contains(pc))
            {
                return;
            }
            var fetched = fetch(pc, out var instruction);
            if (fetched == FetchResult.NotYetExecuted)
            {
                // Left out until it runs: reaching it leaves the region, and it may turn hot as a region of its own.
                return;
            }
            if (fetched == FetchResult.Unavailable || !IsCompiled(instruction, pc, misalignedTargetBits))
            {
                InterpretedExits.Add(pc);
                return;
            }
            Instructions.Add(pc, instruction);
            Pages.Add(pc >> TaggedMemory.PageShift);
            Pages.Add((pc + instruction.Length - 1) >> TaggedMemory.PageShift);
            var next = pc + instruction.Length;
            switch (instruction.Op)
            {
                case Op.Beq or Op.Bne or Op.Blt or Op.Bge or Op.Bltu or Op.Bgeu:
                    AddTarget(pc + (ulong)(long)instruction.Imm, pending);
                    BlockStarts.Add(next);
                    break;
                case Op.Jal:
                    AddTarget(pc + (ulong)(long)instruction.Imm, pending, called: instruction.Rd != Hart.SinkRegister);
                    AddReturnSite(instruction, next, pending);
                    return;
                case Op.Jalr or Op.JalrWithinPcc:
                    AddReturnSite(instruction, next, pending);
                    return;
            }
            pc = next;
        }
    }

    private void AddTarget(ulong target, Queue<(ulong Pc, bool Called)> pending, bool called = false)
    {
        BlockStarts.Add(target);
        pending.Enqueue((target, called));
    }

    private void AddReturnSite(DecodedInstruction call, ulong returnSite, Queue<(ulong Pc, bool Called)> pending)
    {
        if (call.Rd != Hart.SinkRegister)
        {
            ReturnSites.Add(returnSite);
            AddTarget(returnSite, pending);
        }
    }

    /// <summary>
    /// Whether the compiler translates <paramref name="instruction"/>: the integer base ISA, M, FENCE and the
    /// PCC-checked JALR. Everything else — CSRs, atomics, floating point, system instructions, Xcheri, fetch
    /// faults, illegal encodings, jumps whose static target leaves PCC or is misaligned — is left to the interpreter.
    /// </summary>
    private static bool IsCompiled(DecodedInstruction instruction, ulong pc, ulong misalignedTargetBits)
    {
        switch (instruction.Op)
        {
            case Op.Jal or Op.Beq or Op.Bne or Op.Blt or Op.Bge or Op.Bltu or Op.Bgeu:
                return ((pc + (ulong)(long)instruction.Imm) & misalignedTargetBits) == 0;
            case (>= Op.Lui and <= Op.Sraw) or Op.Fence or Op.LoadImmediate or Op.Move or (>= Op.Mul and <= Op.Remuw)
                or Op.JalrWithinPcc:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="op"/> ends a block (a control transfer).</summary>
    public static bool EndsBlock(Op op) =>
        op is Op.Jal or Op.Jalr or Op.JalrWithinPcc or Op.Beq or Op.Bne or Op.Blt or Op.Bge or Op.Bltu or Op.Bgeu;
}

/// <summary>Fetches the decoded instruction at <paramref name="pc"/> for a region.</summary>
internal delegate FetchResult RegionFetch(ulong pc, out DecodedInstruction instruction);

/// <summary>What <see cref="RegionFetch"/> found.</summary>
internal enum FetchResult
{
    /// <summary>The instruction, decoded.</summary>
    Fetched,

    /// <summary>Code that has never run (tiered compilation leaves it out of regions: most of it is cold).</summary>
    NotYetExecuted,

    /// <summary>Nothing that can be fetched (unmapped); the interpreter raises the fault.</summary>
    Unavailable,
}
