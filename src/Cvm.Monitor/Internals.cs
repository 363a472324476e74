using System.Text;
using Cvm.Cheri;
using Cvm.Machine;
using Cvm.Machine.Elf;

namespace Cvm.Monitor;

/// <summary>A cVM as the monitor keeps it.</summary>
internal sealed class CvmInstance(CvmDefinition definition, int index)
{
    public CvmDefinition Definition { get; } = definition;
    public int Index { get; } = index;
    public string Name => Definition.Name;
    public CvmState State { get; set; } = CvmState.Created;
    public ElfFile Elf { get; set; } = null!;
    public LoadedProgram Program { get; set; } = null!;
    public Capability Pcc { get; set; }
    public Capability Ddc { get; set; }
    public ulong TableAddress { get; set; }
    public ulong HeapStart { get; set; }
    public ulong HeapEnd { get; set; }
    public ulong[] StackTops { get; set; } = [];
    public ulong IncomingCallStackTop { get; set; }
    public ulong HostcallDescriptor { get; set; }
    public ulong ReturnDescriptor { get; set; }
    public ulong StateWord { get; set; }

    /// <summary>Instructions the switcher charged to this cVM at crossings (a word beside the state word).</summary>
    public ulong InstructionCounter => StateWord + 8;
    public Capability HostcallCode { get; set; }
    public Capability HostcallData { get; set; }
    public Capability ReturnCode { get; set; }
    public Capability ReturnData { get; set; }
    public List<CallWiring> Imports { get; } = [];
    public List<HostImport> HostImports { get; } = [];
    /// <summary>The gate through which the host calls each export (frame and scalar exports alike).</summary>
    public Dictionary<string, CallWiring> HostGates { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ulong> ExportEntries { get; } = new(StringComparer.Ordinal);
    public long? ExitCode { get; set; }
    public CvmFault? Fault { get; set; }
    /// <summary>Instructions the scheduler charged to this cVM at slice ends (the switcher's share is in <see cref="InstructionCounter"/>).</summary>
    public ulong Instructions { get; set; }
    public long Crossings { get; set; }
    public long BytesShared { get; set; }
    public StringBuilder Console { get; } = new();
    public int Restarts { get; set; }
    public int QuantaRun { get; set; }
    public GuestThread? MainThread { get; set; }

    public ulong RegionEnd => Definition.Isolation.Base + Definition.Isolation.Size;

    public bool Contains(ulong address, ulong length) =>
        length <= Definition.Isolation.End - Definition.Isolation.Begin
        && address >= Definition.Isolation.Begin
        && address - Definition.Isolation.Begin <= Definition.Isolation.End - Definition.Isolation.Begin - length;
}

/// <summary>One granted CP_Call: its gate descriptor, object type and the import index in the caller's table.</summary>
internal sealed record CallWiring(CvmInstance Caller, CvmInstance Callee, CvmExport Export, ulong Descriptor, int ImportIndex, Capability Code, Capability Data);

/// <summary>A CP_File buffer.</summary>
internal sealed class SharedBuffer(CapFileDefinition definition)
{
    public CapFileDefinition Definition { get; } = definition;
    public string Name => Definition.Name;
    public CvmInstance? Owner { get; set; }
    public ulong Address { get; set; }
    public ulong Length { get; set; }
    public bool Available { get; set; }
    public bool Closed { get; set; }
    public long Notifications { get; set; }

    public CapFileGrant? GrantFor(string cvm) => Definition.Access.FirstOrDefault(g => g.Cvm == cvm);
}

/// <summary>A host → guest call in flight: its areas in the host call arena and who to tell when it ends.</summary>
internal sealed class HostCall(CallWiring wiring, ulong inAddress, ulong outAddress, byte[] outArea, ulong? budget, Action<ExportCallOutcome> completed)
{
    public CallWiring Wiring { get; } = wiring;
    public ulong InAddress { get; } = inAddress;
    public ulong OutAddress { get; } = outAddress;
    public byte[] OutArea { get; } = outArea;
    public ulong? Budget { get; } = budget;
    public Action<ExportCallOutcome> Completed { get; } = completed;
    public bool Done { get; set; }
}

/// <summary>A host service export a cVM may call: index HostImportBase + position in the caller's list.</summary>
internal sealed record HostImport(HostServiceDefinition Service, string Export);

internal enum ThreadState { Runnable, Blocked, Done }

/// <summary>A guest thread: its saved register context and scheduling state.</summary>
internal sealed class GuestThread(int id, CvmInstance home, int stackSlot, ulong trustedStack)
{
    public int Id { get; } = id;
    public CvmInstance Home { get; } = home;
    public int StackSlot { get; } = stackSlot;
    public ulong TrustedStack { get; } = trustedStack;
    public ThreadState State { get; set; } = ThreadState.Runnable;
    public ThreadContext Context { get; } = new();
    public ulong Instret { get; set; }
    public long ExitValue { get; set; }
    public bool Killed { get; set; }

    /// <summary>While blocked: what it waits for (a thread to end, a buffer's notification count, a clock value).</summary>
    public GuestThread? JoinTarget { get; set; }

    /// <summary>Set on a thread the host started to call an export: where its results go when it reaches the host-return ecall.</summary>
    public HostCall? HostCall { get; set; }
    public SharedBuffer? WaitBuffer { get; set; }
    public ulong WakeClock { get; set; }
}

/// <summary>Everything of a hart that belongs to one thread.</summary>
internal sealed class ThreadContext
{
    public Capability[] Registers { get; } = Enumerable.Repeat(Capability.Null, 32).ToArray();
    public ulong[] FloatRegisters { get; } = new ulong[32];
    public Capability Pcc { get; set; }
    public Capability Ddc { get; set; }
    public ulong Fcsr { get; set; }

    public void SetInteger(int register, ulong value) => Registers[register] = Capability.FromInteger(value);

    public void Save(Hart hart)
    {
        for (var i = 1; i < 32; i++)
        {
            Registers[i] = hart.GetCapabilityRegister(i);
            FloatRegisters[i] = hart.GetFloatRegister(i);
        }
        FloatRegisters[0] = hart.GetFloatRegister(0);
        Pcc = hart.Pcc;
        Ddc = hart.Ddc;
        Fcsr = hart.TryReadCsr(Hart.Csr.Fcsr, out var fcsr) ? fcsr : 0;
    }

    public void Restore(Hart hart)
    {
        for (var i = 1; i < 32; i++)
        {
            hart.SetCapabilityRegister(i, Registers[i]);
            hart.SetFloatRegister(i, FloatRegisters[i]);
        }
        hart.SetFloatRegister(0, FloatRegisters[0]);
        hart.Pcc = Pcc;
        hart.SetDataCapability(Ddc);
        hart.TryWriteCsr(Hart.Csr.Fcsr, Fcsr);
    }

    /// <summary>Zeroes every register: nothing of a previous occupant survives.</summary>
    public void Clear()
    {
        Array.Fill(Registers, Capability.Null);
        Array.Clear(FloatRegisters);
        Fcsr = 0;
    }
}
