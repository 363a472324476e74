using Cvm.Cheri;
using Cvm.Machine.Memory;

namespace Cvm.Monitor.Deployments;

/// <summary>
/// Builds a <see cref="CvmMonitor"/> from a validated <see cref="DeploymentPlan"/>: one monitor call per buffer,
/// cVM and wiring, in the deployment's order, plus the monitor-wide settings the plan implies (an address space
/// large enough for every region, and a monitor region clear of all of them and large enough for the buffers).
/// </summary>
public static class DeploymentMonitor
{
    /// <summary>Instructions per second of the monitor's deterministic clock (one instruction is one nanosecond).</summary>
    public const ulong InstructionsPerSecond = 1_000_000_000;

    private const ulong Page = TaggedMemory.PageSize;

    // The monitor's own minimum region (switcher, descriptors, trusted stacks) before any shared buffer.
    private static readonly ulong MonitorCoreSize = new MonitorOptions().MonitorSize;

    /// <summary>
    /// A monitor with every cVM, buffer and wiring of <paramref name="plan"/> added, not yet started.
    /// <paramref name="options"/> supplies what the plan does not decide (console writer, quantum).
    /// </summary>
    /// <exception cref="CvmConfigurationException">A runtime file cannot be read, or the monitor refuses the deployment.</exception>
    public static CvmMonitor Create(DeploymentPlan plan, MonitorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        options ??= new MonitorOptions();
        var images = plan.Cvms.Select(ReadImage).ToList();
        var monitor = new CvmMonitor(Layout(plan, options));
        try
        {
            foreach (var capFile in plan.CapFiles)
            {
                monitor.AddCapFile(new CapFileDefinition
                {
                    Name = capFile.Name,
                    Owner = capFile.Owner,
                    Size = capFile.Size,
                    Data = capFile.Data.Count == 0 ? null : [.. capFile.Data],
                    Access = capFile.Access,
                });
            }
            for (int i = 0; i < plan.Cvms.Count; i++)
            {
                monitor.AddCvm(Definition(plan.Cvms[i], images[i], options.Quantum));
            }
            foreach (var call in plan.Calls)
            {
                monitor.Grant(call);
            }
        }
        catch
        {
            monitor.Dispose();
            throw;
        }
        return monitor;
    }

    private static CvmDefinition Definition(PlannedCvm cvm, byte[] image, ulong quantum)
    {
        return new CvmDefinition
        {
            Name = cvm.Name,
            Image = image,
            Runtime = Path.GetFileName(cvm.RuntimePath),
            Isolation = cvm.Isolation,
            Args = cvm.Args,
            Wait = cvm.Wait <= 0 ? cvm.Wait : QuantaFor(cvm.Wait, quantum),
            Exports = cvm.Exports,
            InstructionBudget = cvm.MaxInstructions,
            MaxThreads = cvm.Threads,
            StackSize = cvm.StackSize,
            AllowStoreCapability = cvm.StoreCapabilities,
            OnFault = cvm.OnFault,
            Linux = cvm.Personality == CvmPersonality.Linux ? new LinuxCvmOptions { FileRoot = cvm.FileRoot } : null,
            LegacyRelocation = cvm.LegacyRelocation,
        };
    }

    /// <summary>The monitor counts a cVM's <c>wait</c> in scheduler quanta; the deployment gives seconds of its clock.</summary>
    private static int QuantaFor(int seconds, ulong quantum)
    {
        ulong quanta = ((ulong)seconds * InstructionsPerSecond + quantum - 1) / Math.Max(quantum, 1);
        return (int)Math.Min(quanta, int.MaxValue);
    }

    private static byte[] ReadImage(PlannedCvm cvm)
    {
        try
        {
            return File.ReadAllBytes(cvm.RuntimePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CvmConfigurationException($"cVM '{cvm.Name}': cannot read runtime '{cvm.RuntimePath}': {e.Message}");
        }
    }

    /// <summary>
    /// The monitor region keeps its default place unless a cVM is there, in which case it goes above every cVM;
    /// it grows by room for each buffer the monitor provides (rounded to exact capability bounds, plus the
    /// unmapped page the monitor leaves after each). The address space ends above everything.
    /// </summary>
    private static MonitorOptions Layout(DeploymentPlan plan, MonitorOptions options)
    {
        ulong buffers = 0;
        foreach (var capFile in plan.CapFiles.Where(c => c.Owner is null))
        {
            ulong length = Capability.RepresentableLength(capFile.Size);
            ulong alignment = ~Capability.RepresentableAlignmentMask(length) + 1;
            buffers += AlignUp(length, Page) + Math.Max(alignment, Page) + Page;
        }
        ulong monitorSize = AlignUp(Math.Max(options.MonitorSize, MonitorCoreSize) + buffers, Page);
        ulong monitorBase = options.MonitorBase;
        bool Clashes(ulong start) => plan.Cvms.Any(c => start < c.Isolation.End + Page && c.Isolation.Begin < start + monitorSize + Page);
        if (Clashes(monitorBase))
        {
            // Above the highest cVM, on a 16 MiB boundary so the monitor's own capabilities stay exact.
            monitorBase = AlignUp(plan.Cvms.Max(c => c.Isolation.End) + Page, 16UL << 20);
        }
        ulong highest = Math.Max(monitorBase + monitorSize, plan.Cvms.Max(c => c.Isolation.End));
        ulong addressSpace = Math.Max(options.AddressSpaceSize, AlignUp(highest + Page, 1UL << 20));
        if (addressSpace > TaggedMemory.MaxSize)
        {
            throw new CvmConfigurationException($"the deployment needs an address space of 0x{addressSpace:x} bytes; at most 0x{TaggedMemory.MaxSize:x} are available");
        }
        return options with { MonitorBase = monitorBase, MonitorSize = monitorSize, AddressSpaceSize = addressSpace };
    }

    private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);
}
