using System.Text;
using Cvm.Cheri;
using Cvm.Machine;
using Cvm.Machine.Elf;
using Cvm.Machine.Memory;

namespace Cvm.Monitor;

/// <summary>A deployment the monitor cannot build: overlapping regions, a bad image, an unknown name, …</summary>
public sealed class CvmConfigurationException(string message) : Exception(message);

/// <summary>Where a started cVM lives (for tools and tests that inspect its memory).</summary>
/// <param name="Begin">Lowest address of its capability bounds.</param>
/// <param name="End">End of its capability bounds.</param>
/// <param name="CapabilityTable">Address of its capability table page.</param>
/// <param name="HeapStart">First byte after the image (page aligned).</param>
/// <param name="HeapEnd">End of the free memory below the stacks.</param>
/// <param name="StackTops">Top of each thread stack slot (the last is the incoming-call stack when the cVM has exports).</param>
public sealed record CvmLayout(ulong Begin, ulong End, ulong CapabilityTable, ulong HeapStart, ulong HeapEnd, IReadOnlyList<ulong> StackTops);

/// <summary>
/// The trusted monitor: cVMs in one address space, each confined by its PCC and DDC, crossing only through the
/// switcher; hostcalls, CP_File buffers, CP_Call wiring, a deterministic round-robin scheduler and fault
/// containment. docs/monitor.md describes the design, docs/guest-abi.md what guests see.
/// </summary>
/// <remarks>
/// Use: add capfiles, cVMs and call grants, then <see cref="Run"/> (which starts the deployment if
/// <see cref="Start"/> was not called). Nothing a guest does makes a method of this class throw.
/// </remarks>
public sealed partial class CvmMonitor : IDisposable
{
    /// <summary>Longest CP_File or export name, in bytes.</summary>
    public const int MaxNameLength = 64;

    private const ulong Page = TaggedMemory.PageSize;
    private const ulong SwitcherSize = 0x1000;
    private const ulong DescriptorAreaOffset = 0x2000;
    private const ulong DescriptorAreaSize = 0x1E000;
    private const ulong TrustedStacksOffset = 0x20000;
    private const ulong TrustedStackSize = 0x1000;
    private const int MaxThreadsTotal = 256;
    private const ulong SharedBuffersOffset = TrustedStacksOffset + TrustedStackSize * MaxThreadsTotal;

    private readonly MonitorOptions _options;
    private readonly List<CvmInstance> _cvms = [];
    private readonly List<SharedBuffer> _buffers = [];
    private readonly List<CallGrant> _grants = [];
    private readonly List<CallWiring> _wirings = [];
    private readonly List<GuestThread> _threads = [];
    private readonly List<CvmFault> _faults = [];
    private readonly Dictionary<ulong, CvmInstance> _hostcallDescriptors = [];
    private readonly Dictionary<ulong, CvmInstance> _returnDescriptors = [];
    private readonly Dictionary<ulong, CallWiring> _callDescriptors = [];
    private TaggedMemory? _memory;
    private Hart? _hart;
    private Switcher? _switcher;
    private Capability _switcherCode;
    private Capability _monitorData;
    private ulong _nextDescriptor;
    private ulong _nextSharedBuffer;
    private uint _nextObjectType = 1;
    private int _nextThreadId = 1;
    private int _nextToStart;
    private ulong _clock;
    private long _revoked;

    /// <summary>Creates a monitor with <paramref name="options"/> (defaults when null).</summary>
    public CvmMonitor(MonitorOptions? options = null)
    {
        _options = options ?? new MonitorOptions();
    }

    /// <summary>True once <see cref="Start"/> has built the address space.</summary>
    public bool IsStarted => _memory is not null;

    /// <summary>Every fault recorded so far.</summary>
    public IReadOnlyList<CvmFault> Faults => _faults;

    /// <summary>Capabilities invalidated by revocation so far.</summary>
    public long RevokedCapabilities => _revoked;

    /// <summary>Total instructions the monitor has run (the deterministic clock: one instruction is one nanosecond).</summary>
    public ulong Clock => _clock;

    /// <summary>Declares a CP_File buffer (before <see cref="Start"/>).</summary>
    public void AddCapFile(CapFileDefinition capFile)
    {
        ArgumentNullException.ThrowIfNull(capFile);
        RequireNotStarted();
        if (capFile.Name.Length == 0 || Encoding.UTF8.GetByteCount(capFile.Name) > MaxNameLength)
        {
            throw new CvmConfigurationException($"capfile name '{capFile.Name}' must be 1 to {MaxNameLength} bytes");
        }
        if (_buffers.Any(b => b.Name == capFile.Name))
        {
            throw new CvmConfigurationException($"capfile '{capFile.Name}' is declared twice");
        }
        if (capFile.Owner is null && (capFile.Size == 0 || capFile.Size > 0x40_0000))
        {
            throw new CvmConfigurationException($"capfile '{capFile.Name}': size must be 1 byte to 4 MiB");
        }
        if (capFile.Data is { } data && (ulong)data.Length > capFile.Size)
        {
            throw new CvmConfigurationException($"capfile '{capFile.Name}': data ({data.Length} bytes) is larger than its size ({capFile.Size})");
        }
        _buffers.Add(new SharedBuffer(capFile));
    }

    /// <summary>Adds a cVM (before <see cref="Start"/>); cVMs start in the order they are added, as <see cref="CvmDefinition.Wait"/> says.</summary>
    public void AddCvm(CvmDefinition cvm)
    {
        ArgumentNullException.ThrowIfNull(cvm);
        RequireNotStarted();
        if (cvm.Name.Length == 0 || _cvms.Any(c => c.Name == cvm.Name))
        {
            throw new CvmConfigurationException($"cVM name '{cvm.Name}' is empty or used twice");
        }
        var iso = cvm.Isolation;
        if (iso.Base % Page != 0 || iso.Size % Page != 0 || iso.Size == 0 || iso.Begin > iso.Base || iso.End < iso.Base + iso.Size || iso.Base + iso.Size < iso.Base)
        {
            throw new CvmConfigurationException(
                $"cVM '{cvm.Name}': isolation needs page-aligned base and size with begin <= base and base + size <= end");
        }
        if (cvm.StackSize % Page != 0 || cvm.StackSize == 0 || cvm.MaxThreads is < 1 or > 64)
        {
            throw new CvmConfigurationException($"cVM '{cvm.Name}': stack size must be a non-zero page multiple and threads 1 to 64");
        }
        var argumentBytes = (ulong)cvm.Args.Sum(a => (long)Encoding.UTF8.GetByteCount(a) + 1 + 8) + 8;
        if (argumentBytes > cvm.StackSize / 4)
        {
            throw new CvmConfigurationException($"cVM '{cvm.Name}': arguments take {argumentBytes} bytes, more than a quarter of its stack");
        }
        if (cvm.Wait < -1)
        {
            throw new CvmConfigurationException($"cVM '{cvm.Name}': wait must be -1, 0 or a number of quanta");
        }
        _cvms.Add(new CvmInstance(cvm, _cvms.Count));
    }

    /// <summary>Lets <see cref="CallGrant.Caller"/> call an export (before <see cref="Start"/>).</summary>
    public void Grant(CallGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        RequireNotStarted();
        _grants.Add(grant);
    }

    /// <summary>The layout of a started cVM.</summary>
    public CvmLayout GetLayout(string cvm)
    {
        var instance = Find(cvm);
        return new CvmLayout(instance.Definition.Isolation.Begin, instance.Definition.Isolation.End, instance.TableAddress,
            instance.HeapStart, instance.HeapEnd, instance.StackTops.Append(instance.IncomingCallStackTop).Where(t => t != 0).ToArray());
    }

    /// <summary>The address of a symbol of a started cVM's image, if it has one.</summary>
    public ulong? SymbolAddress(string cvm, string symbol) => Find(cvm).Program.SymbolAddress(symbol);

    /// <summary>Copies guest memory out (false if any byte is unmapped); for inspecting results.</summary>
    public bool ReadMemory(ulong address, Span<byte> destination) => Memory.TryRead(address, destination);

    /// <summary>Whether the granule holding <paramref name="address"/> holds a valid capability; for inspecting revocation.</summary>
    public bool HasTag(ulong address) => Memory.GetTag(address);

    /// <summary>The current result of one cVM.</summary>
    public CvmResult GetResult(string cvm) => ResultOf(Find(cvm));

    /// <summary>Builds the address space, loads every cVM and mints its capabilities; starts the first cVMs.</summary>
    public void Start()
    {
        RequireNotStarted();
        if (_cvms.Count == 0)
        {
            throw new CvmConfigurationException("a deployment needs at least one cVM");
        }
        var monitorBase = _options.MonitorBase;
        var monitorEnd = monitorBase + _options.MonitorSize;
        if (monitorBase % Page != 0 || _options.MonitorSize < SharedBuffersOffset + Page || monitorEnd > _options.AddressSpaceSize)
        {
            throw new CvmConfigurationException("the monitor region must be page aligned, at least 1.2 MiB, and inside the address space");
        }
        if (_options.Quantum == 0)
        {
            throw new CvmConfigurationException("the scheduler quantum must be at least one instruction");
        }
        if (!Enum.IsDefined(_options.Engine))
        {
            throw new CvmConfigurationException($"unknown execution engine {(int)_options.Engine}");
        }
        CheckRegions(monitorBase, monitorEnd);

        _memory = new TaggedMemory(_options.AddressSpaceSize);
        _hart = new Hart(_memory) { TrapHandler = new MonitorTrapHandler(this), Privilege = PrivilegeMode.User };
        _hart.EnableFloatingPoint();
        _hart.EnableUserCounters();
        _hart.Engine = _options.Engine;

        // The monitor region: switcher code, then the global page, descriptors and trusted stacks (one data
        // capability covers those), then declared CP_File buffers, each with an unmapped page after it.
        _switcher = Switcher.Assemble(monitorBase, monitorBase + SwitcherSize);
        if (_switcher.End > monitorBase + SwitcherSize)
        {
            throw new InvalidOperationException("the switcher outgrew its page");
        }
        _memory.Map(monitorBase, SharedBuffersOffset);
        _memory.TryWrite(monitorBase, _switcher.Image.ToFlatBinary());
        _switcherCode = Bounded(monitorBase, SwitcherSize,
            CapabilityPermissions.Global | CapabilityPermissions.Execute | CapabilityPermissions.Load | CapabilityPermissions.CInvoke);
        _monitorData = Bounded(monitorBase + SwitcherSize, SharedBuffersOffset - SwitcherSize,
            CapabilityPermissions.Global | CapabilityPermissions.Load | CapabilityPermissions.Store | CapabilityPermissions.LoadCapability
            | CapabilityPermissions.StoreCapability | CapabilityPermissions.StoreLocalCapability | CapabilityPermissions.CInvoke);
        _nextDescriptor = monitorBase + DescriptorAreaOffset;
        _nextSharedBuffer = monitorBase + SharedBuffersOffset;

        foreach (var buffer in _buffers.Where(b => b.Definition.Owner is null))
        {
            PlaceDeclaredBuffer(buffer, monitorEnd);
        }
        foreach (var buffer in _buffers.Where(b => b.Definition.Owner is not null))
        {
            buffer.Owner = _cvms.FirstOrDefault(c => c.Name == buffer.Definition.Owner)
                ?? throw new CvmConfigurationException($"capfile '{buffer.Name}': owner '{buffer.Definition.Owner}' is not a cVM");
        }
        foreach (var buffer in _buffers)
        {
            foreach (var grant in buffer.Definition.Access.Where(g => _cvms.All(c => c.Name != g.Cvm)))
            {
                throw new CvmConfigurationException($"capfile '{buffer.Name}': access list names unknown cVM '{grant.Cvm}'");
            }
        }
        foreach (var cvm in _cvms)
        {
            cvm.StateWord = AllocateDescriptor();
            cvm.HostcallDescriptor = AllocateDescriptor();
            cvm.ReturnDescriptor = AllocateDescriptor();
            _hostcallDescriptors[cvm.HostcallDescriptor] = cvm;
            _returnDescriptors[cvm.ReturnDescriptor] = cvm;
            (cvm.HostcallCode, cvm.HostcallData) = MintGate(_switcher.HostcallEntry, cvm.HostcallDescriptor);
            (cvm.ReturnCode, cvm.ReturnData) = MintGate(_switcher.ReturnEntry, cvm.ReturnDescriptor);
            LoadImage(cvm);
        }
        WireCalls();
        PrepareHostCalls(monitorEnd);
        WireHostServices();
        foreach (var cvm in _cvms)
        {
            WriteDescriptorsAndTable(cvm);
        }
        CheckContracts();
        StartDueCvms();
    }

    /// <summary>Stops a cVM from the host: its threads end, calls into it fail with <see cref="CvmError.Stopped"/>, capabilities into it are revoked.</summary>
    public void Stop(string cvm)
    {
        var instance = Find(cvm);
        RequireStarted();
        if (instance.State is CvmState.Running or CvmState.Created)
        {
            Terminate(instance, CvmState.Stopped, CvmError.Stopped);
        }
    }

    /// <summary>Reloads a started cVM from its image and starts it again (any threads it had are ended first).</summary>
    public void Restart(string cvm)
    {
        var instance = Find(cvm);
        RequireStarted();
        if (instance.State == CvmState.Created)
        {
            throw new InvalidOperationException($"cVM '{cvm}' has not started yet");
        }
        if (instance.State is CvmState.Running)
        {
            Terminate(instance, CvmState.Stopped, CvmError.Stopped);
        }
        Reload(instance);
    }

    /// <summary>
    /// Runs the deployment until every thread has ended (or is blocked forever), or until
    /// <paramref name="maxInstructions"/> more instructions have run. Starts it first if needed.
    /// </summary>
    public MonitorResult Run(ulong? maxInstructions = null)
    {
        if (!IsStarted)
        {
            Start();
        }
        var limit = maxInstructions is { } max ? _clock + max : ulong.MaxValue;
        var completed = Schedule(limit);
        return new MonitorResult(_cvms.Select(ResultOf).ToArray(), _faults.ToArray(), _revoked, completed);
    }

    /// <inheritdoc/>
    public void Dispose() => _memory?.Dispose();

    private TaggedMemory Memory => _memory ?? throw new InvalidOperationException("the monitor has not been started");

    private Hart Hart => _hart!;

    private Switcher SwitcherCode => _switcher!;

    private CvmInstance Find(string name) =>
        _cvms.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"no cVM named '{name}'", nameof(name));

    private void RequireNotStarted()
    {
        if (IsStarted)
        {
            throw new InvalidOperationException("the deployment is already started");
        }
    }

    private void RequireStarted()
    {
        if (!IsStarted)
        {
            throw new InvalidOperationException("the deployment has not been started");
        }
    }

    private CvmResult ResultOf(CvmInstance cvm)
    {
        // Hostcalls are counted by the host; CP_Calls never leave the emulator, so the switcher counts them per gate.
        var calls = IsStarted ? cvm.Imports.Sum(w => (long)ReadWord(w.Descriptor + Switcher.DescCallCount)) : 0;
        return new(cvm.Name, cvm.State, cvm.ExitCode, cvm.Fault, InstructionsOf(cvm), cvm.Crossings + calls, cvm.BytesShared, cvm.Console.ToString(), cvm.Restarts);
    }

    /// <summary>Instructions retired by a cVM's code: charged by the scheduler at slice ends and by the switcher at crossings.</summary>
    private ulong InstructionsOf(CvmInstance cvm) => cvm.Instructions + (IsStarted ? ReadWord(cvm.InstructionCounter) : 0);

    private static Capability Bounded(ulong address, ulong length, CapabilityPermissions permissions) =>
        Capability.Root.SetAddress(address).SetBoundsExact(length).AndPermissions(permissions);

    /// <summary>Regions must not overlap each other or the monitor, and must be separated by an unmapped page.</summary>
    private void CheckRegions(ulong monitorBase, ulong monitorEnd)
    {
        var spans = _cvms.Select(c => (Name: c.Name, Low: c.Definition.Isolation.Begin, High: c.Definition.Isolation.End))
            .Append((Name: "the monitor", Low: monitorBase, High: monitorEnd)).OrderBy(s => s.Low).ToArray();
        for (var i = 0; i < spans.Length; i++)
        {
            if (spans[i].High > _options.AddressSpaceSize || spans[i].Low < Page)
            {
                throw new CvmConfigurationException($"{Describe(spans[i].Name)} does not fit the address space [0x{Page:x}, 0x{_options.AddressSpaceSize:x})");
            }
            if (i > 0 && spans[i].Low < spans[i - 1].High + Page)
            {
                throw new CvmConfigurationException(
                    $"{Describe(spans[i - 1].Name)} and {Describe(spans[i].Name)} overlap or are not separated by an unmapped guard page");
            }
        }
        foreach (var cvm in _cvms)
        {
            var iso = cvm.Definition.Isolation;
            if (!Capability.Root.SetAddress(iso.Begin).SetBounds(iso.End - iso.Begin, out var exact).Tag || !exact)
            {
                var alignment = ~Capability.RepresentableAlignmentMask(iso.End - iso.Begin) + 1;
                throw new CvmConfigurationException(
                    $"cVM '{cvm.Name}': bounds [0x{iso.Begin:x}, 0x{iso.End:x}) are not exactly representable; align begin and end to 0x{alignment:x}");
            }
        }

        static string Describe(string name) => name == "the monitor" ? name : $"cVM '{name}'";
    }

    private void PlaceDeclaredBuffer(SharedBuffer buffer, ulong monitorEnd)
    {
        var length = Capability.RepresentableLength(buffer.Definition.Size);
        var mask = Capability.RepresentableAlignmentMask(length);
        var address = (_nextSharedBuffer + ~mask) & mask;
        var mappedEnd = (address + length + Page - 1) & ~(Page - 1);
        if (mappedEnd + Page > monitorEnd)
        {
            throw new CvmConfigurationException($"capfile '{buffer.Name}' does not fit the monitor region");
        }
        Memory.Map(address & ~(Page - 1), mappedEnd - (address & ~(Page - 1)));
        if (buffer.Definition.Data is { } data)
        {
            Memory.TryWrite(address, data);
        }
        buffer.Address = address;
        buffer.Length = length;
        buffer.Available = true;
        _nextSharedBuffer = mappedEnd + Page;
    }

    private ulong AllocateDescriptor()
    {
        var address = _nextDescriptor;
        if (address + Switcher.DescriptorSize > _options.MonitorBase + DescriptorAreaOffset + DescriptorAreaSize)
        {
            throw new CvmConfigurationException("too many cVMs and call grants for the monitor's descriptor area");
        }
        _nextDescriptor += Switcher.DescriptorSize;
        return address;
    }

    /// <summary>A sealed code/data pair entering the switcher at <paramref name="entry"/> with descriptor <paramref name="descriptor"/>; each gate has an object type of its own.</summary>
    private (Capability Code, Capability Data) MintGate(ulong entry, ulong descriptor)
    {
        if (_nextObjectType > CapabilityObjectType.MaxSealable)
        {
            throw new CvmConfigurationException("out of object types");
        }
        var sealer = Capability.Root.SetAddress(_nextObjectType++);
        return (_switcherCode.SetAddress(entry).Seal(sealer), _monitorData.SetAddress(descriptor).Seal(sealer));
    }

    /// <summary>Loads the image into a fresh region and lays out heap, stacks and the table page.</summary>
    private void LoadImage(CvmInstance cvm)
    {
        var definition = cvm.Definition;
        var iso = definition.Isolation;
        ElfFile elf;
        try
        {
            elf = ElfFile.Parse(definition.Image);
        }
        catch (ElfFormatException e)
        {
            throw new CvmConfigurationException($"cVM '{cvm.Name}': {definition.Runtime}: {e.Message}");
        }
        cvm.Elf = elf;

        // From the top: the table page, a guard page, then each stack slot with a guard page below it.
        var top = cvm.RegionEnd;
        cvm.TableAddress = top - Page;
        var slots = definition.MaxThreads + (definition.Exports.Count > 0 ? 1 : 0);
        var stackTops = new ulong[slots];
        var cursor = cvm.TableAddress - Page;
        for (var i = 0; i < slots; i++)
        {
            stackTops[i] = cursor;
            cursor -= definition.StackSize + Page;
        }
        var reserved = 2 * Page + (ulong)slots * (definition.StackSize + Page);
        if (reserved + Page > iso.Size)
        {
            throw new CvmConfigurationException($"cVM '{cvm.Name}': region of 0x{iso.Size:x} bytes is too small for {slots} stacks of 0x{definition.StackSize:x}");
        }
        var lowestGuard = top - reserved;
        cvm.StackTops = definition.Exports.Count > 0 ? stackTops[..^1] : stackTops;
        cvm.IncomingCallStackTop = definition.Exports.Count > 0 ? stackTops[^1] : 0;

        var bias = elf.Type == ElfType.SharedObject ? iso.Base - (elf.Segments[0].VirtualAddress & ~(Page - 1)) : 0;
        ulong imageEnd = iso.Base;
        foreach (var segment in elf.Segments)
        {
            var start = segment.VirtualAddress + bias;
            if (start < iso.Base || start >= lowestGuard || segment.MemorySize > lowestGuard - start)
            {
                throw new CvmConfigurationException(
                    $"cVM '{cvm.Name}': {definition.Runtime}: segment [0x{start:x}, +0x{segment.MemorySize:x}) does not lie in the region's image area [0x{iso.Base:x}, 0x{lowestGuard:x})");
            }
            imageEnd = Math.Max(imageEnd, start + segment.MemorySize);
        }
        cvm.HeapStart = (imageEnd + Page - 1) & ~(Page - 1);
        cvm.HeapEnd = lowestGuard;

        Memory.Map(iso.Base, lowestGuard - iso.Base);
        for (var i = 0; i < slots; i++)
        {
            Memory.Map(stackTops[i] - definition.StackSize, definition.StackSize);
        }
        Memory.Map(cvm.TableAddress, Page);
        foreach (var segment in elf.Segments)
        {
            Memory.TryWrite(segment.VirtualAddress + bias, elf.Bytes.Slice((int)segment.FileOffset, (int)segment.FileSize));
        }
        Span<byte> word = stackalloc byte[8];
        foreach (var (offset, addend) in elf.RelativeRelocations)
        {
            BitConverter.TryWriteBytes(word, (ulong)addend + bias);
            if (offset + bias < iso.Base || offset + bias + 8 > imageEnd || !Memory.TryWrite(offset + bias, word))
            {
                throw new CvmConfigurationException($"cVM '{cvm.Name}': relocation at 0x{offset:x} lies outside the image");
            }
        }
        cvm.Program = new LoadedProgram(elf, bias, elf.Entry + bias, iso.Base, imageEnd, null);
        if (!cvm.Contains(cvm.Program.Entry, 4))
        {
            throw new CvmConfigurationException($"cVM '{cvm.Name}': entry point 0x{cvm.Program.Entry:x} lies outside its bounds");
        }

        var dataPermissions = CapabilityPermissions.Global | CapabilityPermissions.Load | CapabilityPermissions.Store | CapabilityPermissions.LoadCapability;
        if (definition.AllowStoreCapability)
        {
            // Global capabilities only: local ones (a caller's buffer during a CP_Call) still cannot be stored.
            dataPermissions |= CapabilityPermissions.StoreCapability;
        }
        cvm.Ddc = Bounded(iso.Begin, iso.End - iso.Begin, dataPermissions);
        cvm.Pcc = CodeCapability(cvm, elf, bias);
        cvm.ExportEntries.Clear();
        foreach (var export in definition.Exports)
        {
            var entry = cvm.Program.SymbolAddress(export.EntrySymbol)
                ?? throw new CvmConfigurationException($"cVM '{cvm.Name}': export '{export.Name}' needs symbol '{export.EntrySymbol}' in {definition.Runtime}");
            cvm.ExportEntries[export.Name] = entry;
        }
    }

    /// <summary>
    /// PCC covers only the image's executable segments (rounded out to representable bounds, never beyond the
    /// cVM's own bounds), so neither stacks, heap nor data can be executed, even by the cVM itself.
    /// </summary>
    private static Capability CodeCapability(CvmInstance cvm, ElfFile elf, ulong bias)
    {
        var iso = cvm.Definition.Isolation;
        var permissions = CapabilityPermissions.Global | CapabilityPermissions.Execute | CapabilityPermissions.Load;
        ulong low = ulong.MaxValue, high = 0;
        foreach (var segment in elf.Segments.Where(s => (s.Flags & ElfSegment.Execute) != 0))
        {
            low = Math.Min(low, segment.VirtualAddress + bias);
            high = Math.Max(high, segment.VirtualAddress + bias + segment.MemorySize);
        }
        if (low >= high)
        {
            throw new CvmConfigurationException($"cVM '{cvm.Name}': {cvm.Definition.Runtime} has no executable segment");
        }
        var code = Capability.Root.SetAddress(low).SetBounds(high - low).AndPermissions(permissions);
        return code.Base >= iso.Begin && code.Top <= iso.End ? code : Bounded(iso.Begin, iso.End - iso.Begin, permissions);
    }

    private void WireCalls()
    {
        foreach (var grant in _grants)
        {
            var caller = _cvms.FirstOrDefault(c => c.Name == grant.Caller)
                ?? throw new CvmConfigurationException($"call grant: unknown caller '{grant.Caller}'");
            var callee = _cvms.FirstOrDefault(c => c.Name == grant.Callee)
                ?? throw new CvmConfigurationException($"call grant: unknown callee '{grant.Callee}'");
            var export = callee.Definition.Exports.FirstOrDefault(e => e.Name == grant.Export)
                ?? throw new CvmConfigurationException($"call grant: cVM '{grant.Callee}' has no export '{grant.Export}'");
            if (caller.Imports.Any(w => w.Callee == callee && w.Export == export))
            {
                continue;
            }
            if (caller.Imports.Count == CapabilityTable.MaxImports)
            {
                throw new CvmConfigurationException($"cVM '{caller.Name}' has more than {CapabilityTable.MaxImports} imports");
            }
            var descriptor = AllocateDescriptor();
            var (code, data) = MintGate(SwitcherCode.CallEntry, descriptor);
            var wiring = new CallWiring(caller, callee, export, descriptor, caller.Imports.Count, code, data);
            caller.Imports.Add(wiring);
            _wirings.Add(wiring);
            _callDescriptors[descriptor] = wiring;
        }
    }

    /// <summary>Writes a cVM's descriptors (its own gates and the call gates into it) and its table page.</summary>
    private void WriteDescriptorsAndTable(CvmInstance cvm)
    {
        WriteCapability(cvm.HostcallDescriptor + Switcher.DescCallerPcc, cvm.Pcc);
        WriteCapability(cvm.HostcallDescriptor + Switcher.DescCallerDdc, cvm.Ddc);
        WriteWord(cvm.ReturnDescriptor + Switcher.DescCalleeState, cvm.StateWord);
        WriteWord(cvm.ReturnDescriptor + Switcher.DescChargeCounter, cvm.InstructionCounter);
        WriteWord(cvm.StateWord, Switcher.StateIdle);
        foreach (var wiring in _wirings.Where(w => w.Callee == cvm || w.Caller == cvm).Concat(cvm.HostGates.Values))
        {
            var d = wiring.Descriptor;
            WriteCapability(d + Switcher.DescCallerPcc, wiring.Caller.Pcc);
            WriteCapability(d + Switcher.DescCallerDdc, wiring.Caller.Ddc);
            WriteCapability(d + Switcher.DescCalleePcc, wiring.Callee.Pcc.SetAddress(wiring.Callee.ExportEntries[wiring.Export.Name]));
            WriteCapability(d + Switcher.DescCalleeDdc, wiring.Callee.Ddc);
            WriteWord(d + Switcher.DescCalleeStack, wiring.Callee.IncomingCallStackTop);
            WriteWord(d + Switcher.DescCalleeState, wiring.Callee.StateWord);
            WriteWord(d + Switcher.DescChargeCounter, wiring.Caller.InstructionCounter);
            WriteWord(d + Switcher.DescBufferMode, (ulong)wiring.Export.Buffer);
            WriteCapability(d + Switcher.DescBufferSlot, Bounded(CallBufferSlot(wiring.Callee), CapabilityTable.SlotSize,
                CapabilityPermissions.Global | CapabilityPermissions.Store | CapabilityPermissions.StoreCapability | CapabilityPermissions.StoreLocalCapability));
            WriteCapability(d + Switcher.DescOutBufferSlot, Bounded(TableSlot(wiring.Callee, CapabilityTable.CallOutBuffer), CapabilityTable.SlotSize,
                CapabilityPermissions.Global | CapabilityPermissions.Store | CapabilityPermissions.StoreCapability | CapabilityPermissions.StoreLocalCapability));
        }
        Memory.TryZero(cvm.TableAddress, Page);
        WriteCapability(TableSlot(cvm, CapabilityTable.HostcallCode), cvm.HostcallCode);
        WriteCapability(TableSlot(cvm, CapabilityTable.HostcallData), cvm.HostcallData);
        WriteCapability(TableSlot(cvm, CapabilityTable.ReturnCode), cvm.ReturnCode);
        WriteCapability(TableSlot(cvm, CapabilityTable.ReturnData), cvm.ReturnData);
        foreach (var import in cvm.Imports)
        {
            WriteCapability(TableSlot(cvm, CapabilityTable.FirstImport + 2 * import.ImportIndex), import.Code);
            WriteCapability(TableSlot(cvm, CapabilityTable.FirstImport + 2 * import.ImportIndex + 1), import.Data);
        }
    }

    private static ulong TableSlot(CvmInstance cvm, int slot) => cvm.TableAddress + (ulong)(slot * CapabilityTable.SlotSize);

    private static ulong CallBufferSlot(CvmInstance cvm) => TableSlot(cvm, CapabilityTable.CallBuffer);

    private void WriteCapability(ulong address, Capability value) => Memory.StoreCapabilityAuthorised(address, value);

    private void WriteWord(ulong address, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BitConverter.TryWriteBytes(bytes, value);
        Memory.TryWrite(address, bytes);
    }

    private ulong ReadWord(ulong address)
    {
        Span<byte> bytes = stackalloc byte[8];
        return Memory.TryRead(address, bytes) ? BitConverter.ToUInt64(bytes) : 0;
    }

    private Capability ReadCapability(ulong address) =>
        Memory.LoadCapabilityAuthorised(address, out var value) == MemoryFault.None ? value : Capability.Null;
}
