using System.Text;
using Cvm.Cheri;
using Cvm.Machine.Elf;
using Cvm.Machine.Memory;

namespace Cvm.Monitor.Deployments;

/// <summary>What checking a deployment gave: a plan when nothing was wrong, and every problem found.</summary>
public sealed record DeploymentCheck(DeploymentPlan? Plan, IReadOnlyList<DeploymentDiagnostic> Diagnostics)
{
    /// <summary>True when the deployment can be run.</summary>
    public bool Succeeded => Plan is not null;
}

/// <summary>Limits and built-in defaults of deployments (docs/deployment.md quotes them).</summary>
public static class DeploymentLimits
{
    /// <summary>Regions, their bounds and memory sizes are whole pages.</summary>
    public const ulong PageSize = TaggedMemory.PageSize;

    /// <summary>Every region lies below this address (the emulator's largest address space).</summary>
    public const ulong AddressSpaceEnd = TaggedMemory.MaxSize;

    /// <summary>Most cVMs in one deployment.</summary>
    public const int MaxCvms = 64;

    /// <summary>Most shared buffers declared in one deployment.</summary>
    public const int MaxCapFiles = 64;

    /// <summary>Largest shared buffer (4 MiB, the monitor's limit for the buffers it allocates).</summary>
    public const ulong MaxCapFileSize = 4UL << 20;

    /// <summary>Longest cVM or shared-buffer name.</summary>
    public const int MaxNameLength = 32;

    /// <summary>Longest export or symbol name.</summary>
    public const int MaxExportNameLength = 64;

    /// <summary>Longest <c>wait</c>, in seconds of the monitor's clock.</summary>
    public const int MaxWaitSeconds = 3600;

    /// <summary>Most arguments of one cVM.</summary>
    public const int MaxArgs = 256;

    /// <summary>Most bytes of one cVM's arguments together (UTF-8, with their terminating zeros).</summary>
    public const int MaxArgBytes = 16 << 10;

    /// <summary>Most threads of one cVM.</summary>
    public const int MaxThreads = 64;

    /// <summary>Smallest stack per thread.</summary>
    public const ulong MinStackSize = 4UL << 10;

    /// <summary>Largest instruction budget (run or call).</summary>
    public const ulong MaxBudget = 1UL << 62;

    /// <summary>Smallest region a cVM can have.</summary>
    public const ulong MinRegionSize = 64UL << 10;

    /// <summary>Built-in stack size per thread: 64 KiB.</summary>
    public const ulong DefaultStackSize = 64UL << 10;

    /// <summary>Built-in least heap size: 64 KiB (the heap is all free memory of the region, at least this).</summary>
    public const ulong DefaultHeapSize = 64UL << 10;

    /// <summary>Built-in thread limit.</summary>
    public const int DefaultThreads = 1;

    /// <summary>Built-in run budget: ten billion instructions, so a guest stuck in a loop ends the run.</summary>
    public const ulong DefaultMaxInstructions = 10_000_000_000;

    /// <summary>Built-in budget of one call: one hundred million instructions.</summary>
    public const ulong DefaultMaxCallInstructions = 100_000_000;

    /// <summary>Built-in size of an automatically placed region: 16 MiB.</summary>
    public const ulong DefaultRegionSize = 16UL << 20;

    /// <summary>Built-in address of the first automatically placed region.</summary>
    public const ulong DefaultLayoutBase = 0x1000_0000;

    /// <summary>Built-in unmapped gap around automatically placed regions: 64 KiB.</summary>
    public const ulong DefaultGuardSize = 64UL << 10;
}

/// <summary>
/// Checks what a deployment means — names, regions, capability bounds, sizes, budgets, runtime files, access lists
/// and wiring — and turns it into a <see cref="DeploymentPlan"/>. The checks run in a fixed order (buffers, then
/// each cVM in file order, then placement, then wiring) and every problem is reported, not only the first. With a
/// <see cref="DeploymentSource"/> each message carries the file position of the value it is about.
/// </summary>
public static class DeploymentValidator
{
    /// <summary>Checks <paramref name="deployment"/>; <paramref name="source"/> (from <see cref="DeploymentReader"/>) adds positions.</summary>
    public static DeploymentCheck Validate(Deployment deployment, DeploymentSource? source = null) =>
        new Validation(deployment, source).Run();

    /// <summary>Reads and checks the deployment file at <paramref name="path"/>.</summary>
    public static DeploymentCheck ValidateFile(string path)
    {
        var read = DeploymentReader.ReadFile(path);
        return read.Deployment is { } deployment ? Validate(deployment, read.Source) : new DeploymentCheck(null, read.Diagnostics);
    }

    private sealed class Validation(Deployment deployment, DeploymentSource? source)
    {
        private readonly List<DeploymentDiagnostic> _diagnostics = [];
        private readonly DeploymentDefaults _defaults = deployment.Defaults;
        private bool _regionSizeOk = true;

        public DeploymentCheck Run()
        {
            if (!CheckPath(deployment.BaseDirectory, "", "deployment", "BaseDirectory"))
            {
                return new DeploymentCheck(null, _diagnostics);
            }
            CheckDefaults();
            var cvmNames = CheckNames(deployment.Cvms.Select(c => c.Name).ToList(), "cVMs", "cVM", DeploymentLimits.MaxCvms);
            CheckNames(deployment.CapFiles.Select(c => c.Name).ToList(), "capfiles", "shared buffer", DeploymentLimits.MaxCapFiles);
            if (deployment.Cvms.Count == 0)
            {
                Report("cVMs", "deployment", "the deployment has no cVMs; 'cVMs' must list at least one");
            }
            if (cvmNames.Contains(CvmSpec.MonitorCallback))
            {
                int index = deployment.Cvms.ToList().FindIndex(c => c.Name == CvmSpec.MonitorCallback);
                Report($"cVMs[{index}].name", "cVM 'monitor'", "'monitor' cannot name a cVM: callback_out uses it for the monitor itself");
            }

            var capFiles = deployment.CapFiles.Select((capFile, i) => CheckCapFile(capFile, $"capfiles[{i}]", cvmNames)).ToList();
            var cvms = deployment.Cvms.Select((cvm, i) => CheckCvm(cvm, $"cVMs[{i}]", cvmNames)).ToList();
            var isolations = Place(cvms);
            var calls = CheckCalls();

            if (_diagnostics.Count > 0)
            {
                return new DeploymentCheck(null, _diagnostics);
            }
            var planned = cvms.Select((cvm, i) => cvm! with { Isolation = isolations[i]! }).ToList();
            return new DeploymentCheck(new DeploymentPlan(capFiles.Select(c => c!).ToList(), planned, calls), _diagnostics);
        }

        // A value a file does not mention at all (no 'cVMs:' section, say) is reported at the file's start.
        private void Report(string path, string subject, string message) =>
            _diagnostics.Add(new DeploymentDiagnostic(subject, message, source?.File, source is null ? null : source.Find(path) ?? new SourcePosition(1, 1)));

        private void CheckDefaults()
        {
            CheckMemorySizes("defaults", "defaults", _defaults.StackSize, _defaults.HeapSize);
            CheckThreads("defaults.threads", "defaults", _defaults.Threads);
            CheckBudget("defaults.max_instructions", "defaults", "max_instructions", _defaults.MaxInstructions);
            CheckBudget("defaults.max_call_instructions", "defaults", "max_call_instructions", _defaults.MaxCallInstructions);
            if (_defaults.RegionSize is { } regionSize && (regionSize < DeploymentLimits.MinRegionSize || regionSize % DeploymentLimits.PageSize != 0 || regionSize > DeploymentLimits.AddressSpaceEnd / 2))
            {
                _regionSizeOk = false;
                Report("defaults.region_size", "defaults", $"region_size must be a multiple of {DeploymentLimits.PageSize} from {Hex(DeploymentLimits.MinRegionSize)} to {Hex(DeploymentLimits.AddressSpaceEnd / 2)}, got {Hex(regionSize)}");
            }
            if (_defaults.LayoutBase is { } layoutBase && (layoutBase % DeploymentLimits.PageSize != 0 || layoutBase >= DeploymentLimits.AddressSpaceEnd))
            {
                Report("defaults.layout_base", "defaults", $"layout_base must be a multiple of {DeploymentLimits.PageSize} below {Hex(DeploymentLimits.AddressSpaceEnd)}, got {Hex(layoutBase)}");
            }
            if (_defaults.GuardSize is { } guardSize && (guardSize % DeploymentLimits.PageSize != 0 || guardSize > DeploymentLimits.AddressSpaceEnd / 2))
            {
                Report("defaults.guard_size", "defaults", $"guard_size must be a multiple of {DeploymentLimits.PageSize} no larger than {Hex(DeploymentLimits.AddressSpaceEnd / 2)}, got {Hex(guardSize)}");
            }
        }

        /// <summary>Reports bad and duplicate names; returns the set of names.</summary>
        private HashSet<string> CheckNames(List<string> names, string list, string what, int limit)
        {
            if (names.Count > limit)
            {
                Report(list, "deployment", $"'{list}' lists {names.Count} entries; at most {limit} are allowed");
            }
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < names.Count; i++)
            {
                var path = $"{list}[{i}].name";
                if (!IsName(names[i], DeploymentLimits.MaxNameLength, allowDotAndDash: true))
                {
                    Report(path, $"{what} {Quote(names[i])}", $"{what} name {Quote(names[i])} must be 1 to {DeploymentLimits.MaxNameLength} letters, digits, '_', '.' or '-'");
                }
                else if (seen.TryGetValue(names[i], out int first))
                {
                    Report(path, $"{what} '{names[i]}'", $"{what} name '{names[i]}' is used twice (first by entry {first + 1} of {list})");
                }
                else
                {
                    seen[names[i]] = i;
                }
            }
            return [.. seen.Keys];
        }

        private PlannedCapFile? CheckCapFile(CapFileSpec capFile, string path, HashSet<string> cvmNames)
        {
            var subject = $"shared buffer '{capFile.Name}'";
            bool ok = true;
            if (capFile.Size == 0 || capFile.Size > DeploymentLimits.MaxCapFileSize)
            {
                Report(path + ".size", subject, $"size must be from 0x1 to {Hex(DeploymentLimits.MaxCapFileSize)} bytes, got {Hex(capFile.Size)}");
                ok = false;
            }
            else if ((ulong)capFile.Data.Count > capFile.Size)
            {
                Report(path + ".data", subject, $"data is {capFile.Data.Count} bytes but the buffer's size is {Hex(capFile.Size)} ({capFile.Size}) bytes");
                ok = false;
            }
            if (capFile.Owner is { } owner && !cvmNames.Contains(owner))
            {
                Report(path + ".owner", subject, $"owner {Quote(owner)} is not a cVM of this deployment{Hint(owner, cvmNames)}");
                ok = false;
            }
            if (capFile.Owner is not null && capFile.Data.Count > 0)
            {
                Report(path + ".data", subject, "a buffer with an owner holds what the owner advertises; data can only be given to buffers the monitor provides");
                ok = false;
            }
            var grants = new List<CapFileGrant>();
            foreach (var grant in capFile.Access ?? deployment.Cvms.Select(c => new CapFileGrant(c.Name, Read: true, Write: true)))
            {
                if (!cvmNames.Contains(grant.Cvm))
                {
                    Report($"{path}.access.{grant.Cvm}#key", subject, $"access names {Quote(grant.Cvm)}, which is not a cVM of this deployment{Hint(grant.Cvm, cvmNames)}");
                    ok = false;
                }
                else if (!grant.Read && !grant.Write)
                {
                    Report($"{path}.access.{grant.Cvm}", subject, $"access of '{grant.Cvm}' grants neither read nor write");
                    ok = false;
                }
                else if (grants.Any(g => g.Cvm == grant.Cvm))
                {
                    Report($"{path}.access.{grant.Cvm}", subject, $"access names '{grant.Cvm}' twice");
                    ok = false;
                }
                else
                {
                    grants.Add(grant);
                }
            }
            return ok ? new PlannedCapFile(capFile.Name, capFile.Size, capFile.Data, capFile.Owner, grants) : null;
        }

        private PlannedCvm? CheckCvm(CvmSpec cvm, string path, HashSet<string> cvmNames)
        {
            var subject = $"cVM {Quote(cvm.Name)}";
            int errorsBefore = _diagnostics.Count;

            var stackSize = cvm.StackSize ?? _defaults.StackSize ?? DeploymentLimits.DefaultStackSize;
            var heapSize = cvm.HeapSize ?? _defaults.HeapSize ?? DeploymentLimits.DefaultHeapSize;
            var threads = cvm.Threads ?? _defaults.Threads ?? DeploymentLimits.DefaultThreads;
            var maxInstructions = cvm.MaxInstructions ?? _defaults.MaxInstructions ?? DeploymentLimits.DefaultMaxInstructions;
            var maxCallInstructions = cvm.MaxCallInstructions ?? _defaults.MaxCallInstructions ?? DeploymentLimits.DefaultMaxCallInstructions;
            var personality = cvm.Personality ?? _defaults.Personality ?? CvmPersonality.Native;
            CheckMemorySizes(path, subject, cvm.StackSize, cvm.HeapSize);
            CheckThreads(path + ".threads", subject, cvm.Threads);
            CheckBudget(path + ".max_instructions", subject, "max_instructions", cvm.MaxInstructions);
            CheckBudget(path + ".max_call_instructions", subject, "max_call_instructions", cvm.MaxCallInstructions);

            bool isolationOk = cvm.Isolation is { } written ? CheckIsolation(written, path + ".isolation", subject, placedAutomatically: false) : _regionSizeOk;
            CheckArgs(cvm.Args.Count > 0 ? cvm.Args : [cvm.Name], path + ".args", subject, stackSize);
            if (cvm.Wait < CvmSpec.WaitForExit || cvm.Wait > DeploymentLimits.MaxWaitSeconds)
            {
                Report(path + ".wait", subject, $"wait must be -1 (run this cVM to its end before starting the next) or 0 to {DeploymentLimits.MaxWaitSeconds} seconds, got {cvm.Wait}");
            }
            if (cvm.CallbackOut != CvmSpec.MonitorCallback)
            {
                // Intravisor lets an outer cVM serve an inner one's hostcalls; here only the monitor serves them,
                // and cVMs reach each other through CP_Call wiring instead.
                Report(path + ".callback_out", subject, $"callback_out must be 'monitor' (cVMs serve each other through 'calls', not hostcalls), got {Quote(cvm.CallbackOut)}");
            }

            bool runtimeOk = CheckPath(cvm.Runtime, path + ".runtime", subject, "runtime");
            string? fileRoot = null;
            if (cvm.FileRoot is not null && CheckPath(cvm.FileRoot, path + ".file_root", subject, "file_root"))
            {
                fileRoot = Path.GetFullPath(cvm.FileRoot, Path.GetFullPath(deployment.BaseDirectory));
                if (personality != CvmPersonality.Linux)
                {
                    Report(path + ".file_root", subject, "file_root is only used by the linux personality; add 'personality: linux' or remove it");
                }
                else if (!Directory.Exists(fileRoot))
                {
                    Report(path + ".file_root", subject, $"file_root '{cvm.FileRoot}' is not a directory (looked for {fileRoot})");
                }
            }

            var exports = new List<CvmExport>();
            for (int i = 0; i < cvm.Exports.Count; i++)
            {
                var export = cvm.Exports[i];
                var exportPath = $"{path}.exports[{i}]";
                if (!IsSymbol(export.Name))
                {
                    Report(exportPath, subject, $"export {Quote(export.Name)} must be a C function name (letters, digits and '_', not starting with a digit, at most {DeploymentLimits.MaxExportNameLength})");
                }
                else if (export.Symbol is { } symbol && !IsSymbol(symbol))
                {
                    Report(exportPath + ".symbol", subject, $"symbol {Quote(symbol)} must be a C symbol name (letters, digits and '_', not starting with a digit, at most {DeploymentLimits.MaxExportNameLength})");
                }
                else if (export.Buffer is not (BufferDirection.None or BufferDirection.In or BufferDirection.Out or BufferDirection.Frame))
                {
                    Report(exportPath + ".buffer", subject, "buffer must be none, in, out or frame");
                }
                else if (exports.Any(e => e.Name == export.Name))
                {
                    Report(exportPath, subject, $"export '{export.Name}' is listed twice");
                }
                else if (Encoding.UTF8.GetByteCount($"{cvm.Name}.{export.Name}") > CvmMonitor.MaxNameLength)
                {
                    Report(exportPath, subject, $"callers look export '{export.Name}' up as '{cvm.Name}.{export.Name}', which is longer than {CvmMonitor.MaxNameLength} bytes; shorten the export or cVM name");
                }
                else
                {
                    CheckBudget(exportPath + ".max_call_instructions", subject, "max_call_instructions", export.InstructionBudget);
                    exports.Add(export with { InstructionBudget = export.InstructionBudget ?? maxCallInstructions });
                }
            }

            var runtimePath = runtimeOk ? Path.GetFullPath(cvm.Runtime, Path.GetFullPath(deployment.BaseDirectory)) : "";
            var image = runtimeOk ? CheckRuntime(cvm, runtimePath, path, subject, exports) : null;

            // A program linked at fixed addresses and placed automatically gets its region where it is linked.
            var isolation = cvm.Isolation;
            if (isolation is null && image is { PositionIndependent: false } fixedImage)
            {
                var size = RepresentableRegionSize(_defaults.RegionSize ?? DeploymentLimits.DefaultRegionSize);
                isolation = new CvmIsolation(fixedImage.Low, size, fixedImage.Low, fixedImage.Low + size);
                isolationOk = _regionSizeOk && CheckIsolation(isolation, path, subject, placedAutomatically: true);
            }
            var regionSize = isolation?.Size ?? RepresentableRegionSize(_defaults.RegionSize ?? DeploymentLimits.DefaultRegionSize);
            int slots = threads + (exports.Count > 0 ? 1 : 0);
            if (isolationOk && image is not null)
            {
                CheckFit(path, subject, isolation, regionSize, image, heapSize, stackSize, slots);
            }

            if (_diagnostics.Count > errorsBefore || image is null)
            {
                return null;
            }
            return new PlannedCvm
            {
                Name = cvm.Name,
                RuntimePath = runtimePath,
                ImageSize = image!.Size,
                PositionIndependent = image.PositionIndependent,
                Isolation = isolation ?? new CvmIsolation(0, regionSize, 0, regionSize),
                PlacedAutomatically = cvm.Isolation is null,
                Args = cvm.Args.Count > 0 ? cvm.Args : [cvm.Name],
                Wait = cvm.Wait,
                Personality = personality,
                FileRoot = fileRoot,
                StackSize = stackSize,
                HeapSize = heapSize,
                Threads = threads,
                MaxInstructions = maxInstructions,
                MaxCallInstructions = maxCallInstructions,
                Exports = exports,
                OnFault = cvm.OnFault ?? _defaults.OnFault ?? FaultPolicy.Stop,
                StoreCapabilities = cvm.StoreCapabilities ?? _defaults.StoreCapabilities ?? false,
            };
        }

        /// <summary>A path must name something: not empty, no NUL character (no file system accepts one), not absurdly long.</summary>
        private bool CheckPath(string value, string path, string subject, string key)
        {
            if (value.Length == 0 || value.Length > MaxPathLength || value.Contains('\0'))
            {
                Report(path, subject, $"{key} must be a file path of 1 to {MaxPathLength} characters without NUL characters");
                return false;
            }
            return true;
        }

        private void CheckMemorySizes(string path, string subject, ulong? stackSize, ulong? heapSize)
        {
            if (stackSize is { } stack && (stack < DeploymentLimits.MinStackSize || stack % DeploymentLimits.PageSize != 0 || stack > DeploymentLimits.AddressSpaceEnd / 2))
            {
                Report(path + ".stack_size", subject, $"stack_size must be a multiple of {DeploymentLimits.PageSize} of at least {Hex(DeploymentLimits.MinStackSize)}, got {Hex(stack)}");
            }
            if (heapSize is { } heap && (heap % DeploymentLimits.PageSize != 0 || heap > DeploymentLimits.AddressSpaceEnd / 2))
            {
                Report(path + ".heap_size", subject, $"heap_size must be a multiple of {DeploymentLimits.PageSize}, got {Hex(heap)}");
            }
        }

        private void CheckThreads(string path, string subject, int? threads)
        {
            if (threads is { } count && (count < 1 || count > DeploymentLimits.MaxThreads))
            {
                Report(path, subject, $"threads must be from 1 to {DeploymentLimits.MaxThreads}, got {count}");
            }
        }

        private void CheckBudget(string path, string subject, string key, ulong? budget)
        {
            if (budget is { } value && (value == 0 || value > DeploymentLimits.MaxBudget))
            {
                Report(path, subject, $"{key} must be from 1 to {DeploymentLimits.MaxBudget} instructions, got {value}");
            }
        }

        /// <summary>
        /// Intravisor's rule that a cVM's capability bounds enclose its region, plus CHERI's: the bounds must be
        /// exactly representable, or the monitor would have to hand out wider ones than the deployment asked for.
        /// A cVM placed at its program's link address is reported at the cVM (it wrote no isolation).
        /// </summary>
        private bool CheckIsolation(CvmIsolation isolation, string path, string subject, bool placedAutomatically)
        {
            ulong page = DeploymentLimits.PageSize;
            string At(string key) => placedAutomatically ? path + ".runtime" : $"{path}.{key}";
            string prefix = placedAutomatically ? "the program is linked at a fixed address, so its region is placed there, but " : "";
            bool fieldsOk = true;
            void Field(string key, ulong value, bool nonZero)
            {
                if (value % page != 0 || (nonZero && value == 0))
                {
                    Report(At(key), subject, $"{prefix}isolation.{key} must be a {(nonZero ? "non-zero " : "")}multiple of {page}, got {Hex(value)}");
                    fieldsOk = false;
                }
            }
            Field("base", isolation.Base, nonZero: false);
            Field("size", isolation.Size, nonZero: true);
            Field("begin", isolation.Begin, nonZero: false);
            Field("end", isolation.End, nonZero: true);
            if (!fieldsOk)
            {
                return false;
            }
            if (isolation.Size < DeploymentLimits.MinRegionSize)
            {
                Report(At("size"), subject, $"{prefix}isolation.size must be at least {Hex(DeploymentLimits.MinRegionSize)}, got {Hex(isolation.Size)}");
                return false;
            }
            if (isolation.Base >= DeploymentLimits.AddressSpaceEnd || isolation.Size > DeploymentLimits.AddressSpaceEnd - isolation.Base)
            {
                Report(At("size"), subject, $"{prefix}the region [{Hex(isolation.Base)}, base + {Hex(isolation.Size)}) must end at or below {Hex(DeploymentLimits.AddressSpaceEnd)}");
                return false;
            }
            ulong regionEnd = isolation.Base + isolation.Size;
            if (isolation.Begin > isolation.Base || isolation.Begin < page)
            {
                Report(At("begin"), subject, $"{prefix}isolation.begin must be at least {Hex(page)} (page 0 stays unmapped) and at most base ({Hex(isolation.Base)}), got {Hex(isolation.Begin)}");
                return false;
            }
            if (isolation.End < regionEnd || isolation.End > DeploymentLimits.AddressSpaceEnd)
            {
                Report(At("end"), subject, $"{prefix}isolation.end must be at least base + size ({Hex(regionEnd)}) and at most {Hex(DeploymentLimits.AddressSpaceEnd)}, got {Hex(isolation.End)}");
                return false;
            }
            ulong length = isolation.End - isolation.Begin;
            ulong alignment = ~Capability.RepresentableAlignmentMask(length) + 1;
            if (Capability.RepresentableLength(length) != length || isolation.Begin % alignment != 0)
            {
                Report(At("begin"), subject, $"{prefix}capability bounds [{Hex(isolation.Begin)}, {Hex(isolation.End)}) are not exactly representable: bounds of {Hex(length)} bytes need begin and end to be multiples of {Hex(alignment)}");
                return false;
            }
            return true;
        }

        /// <summary>
        /// The monitor copies argv (the strings and a pointer array) to the top of the main thread's stack and lets it
        /// take at most a quarter of that stack.
        /// </summary>
        private void CheckArgs(IReadOnlyList<string> args, string path, string subject, ulong stackSize)
        {
            if (args.Count > DeploymentLimits.MaxArgs)
            {
                Report(path, subject, $"args has {args.Count} arguments; at most {DeploymentLimits.MaxArgs} are allowed");
                return;
            }
            long bytes = args.Sum(arg => (long)Encoding.UTF8.GetByteCount(arg) + 1);
            if (bytes > DeploymentLimits.MaxArgBytes)
            {
                Report(path, subject, $"args take {bytes} bytes; at most {DeploymentLimits.MaxArgBytes} are allowed");
                return;
            }
            ulong onStack = (ulong)bytes + 8 * ((ulong)args.Count + 1);
            if (onStack > stackSize / 4)
            {
                Report(path, subject, $"args take {onStack} bytes of the main stack with their pointers, more than a quarter of stack_size ({Hex(stackSize)})");
            }
            for (int i = 0; i < args.Count; i++)
            {
                if (args[i].Contains('\0'))
                {
                    Report($"{path}[{i}]", subject, "an argument cannot contain a NUL character");
                }
            }
        }

        /// <summary>What the validator needs to know about a program: its loaded span and whether it can move.</summary>
        private sealed record RuntimeImage(ulong Low, ulong Size, bool PositionIndependent);

        /// <summary>Checks the program file and the exports in it; null when it cannot be used.</summary>
        private RuntimeImage? CheckRuntime(CvmSpec cvm, string runtimePath, string path, string subject, List<CvmExport> exports)
        {
            ElfFile elf;
            if (Directory.Exists(runtimePath))
            {
                Report(path + ".runtime", subject, $"runtime '{cvm.Runtime}' is a directory, not an ELF program");
                return null;
            }
            try
            {
                elf = ElfFile.Load(runtimePath);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                Report(path + ".runtime", subject, $"runtime '{cvm.Runtime}' does not exist (looked for {runtimePath})");
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Report(path + ".runtime", subject, $"cannot read runtime '{cvm.Runtime}': {e.Message}");
                return null;
            }
            catch (ElfFormatException e)
            {
                Report(path + ".runtime", subject, $"runtime '{cvm.Runtime}' is not a static RV64 ELF program: {e.Message}");
                return null;
            }
            for (int i = 0; i < cvm.Exports.Count; i++)
            {
                var export = exports.FirstOrDefault(e => e.Name == cvm.Exports[i].Name);
                if (export is not null && elf.FindSymbol(export.EntrySymbol) is not { IsDefined: true })
                {
                    Report($"{path}.exports[{i}]", subject, $"export '{export.Name}' needs the symbol '{export.EntrySymbol}' in runtime '{cvm.Runtime}' (the guest runtime's CVM_EXPORT defines it)");
                }
            }
            var loaded = elf.Segments.Where(s => s.MemorySize > 0).ToList();
            if (loaded.Count == 0)
            {
                Report(path + ".runtime", subject, $"runtime '{cvm.Runtime}' has nothing to load");
                return null;
            }
            ulong low = loaded.Min(s => s.VirtualAddress) & ~(DeploymentLimits.PageSize - 1);
            ulong high = loaded.Max(s => s.VirtualAddress + s.MemorySize);
            return new RuntimeImage(low, AlignUp(high - low, DeploymentLimits.PageSize), elf.Type == ElfType.SharedObject);
        }

        /// <summary>
        /// The monitor's layout of a region, from the top: the capability table page, a guard page, then one stack
        /// slot per thread (plus one for incoming calls when the cVM exports anything), each with a guard page below
        /// it. The image sits at the base and the heap is what lies between.
        /// </summary>
        private void CheckFit(string path, string subject, CvmIsolation? isolation, ulong regionSize, RuntimeImage image, ulong heapSize, ulong stackSize, int slots)
        {
            // Each term is bounded (sizes by half the address space, slots by 65), so the sums cannot overflow.
            if (heapSize > DeploymentLimits.AddressSpaceEnd || stackSize > DeploymentLimits.AddressSpaceEnd || slots is < 1 or > DeploymentLimits.MaxThreads + 1)
            {
                return;
            }
            ulong page = DeploymentLimits.PageSize;
            ulong reserved = 2 * page + (ulong)slots * (stackSize + page);
            ulong needed = reserved + image.Size + heapSize;
            if (needed > regionSize)
            {
                Report(path + ".isolation.size", subject, $"the region of {Hex(regionSize)} bytes cannot hold the program ({Hex(image.Size)}), heap ({Hex(heapSize)}) and {slots} stack(s) of {Hex(stackSize)} with their guard pages and the capability table: {Hex(needed)} bytes are needed");
                return;
            }
            if (!image.PositionIndependent && isolation is { } region && (image.Low < region.Base || image.Low + image.Size > region.Base + regionSize - reserved))
            {
                Report(path + ".runtime", subject, $"the program is linked at [{Hex(image.Low)}, {Hex(image.Low + image.Size)}), outside the image area [{Hex(region.Base)}, {Hex(region.Base + regionSize - reserved)}) of its region; link it there or build it position-independent (-static-pie)");
            }
        }

        /// <summary>
        /// Checks that no two cVMs' capability bounds overlap or touch (the monitor keeps an unmapped page between
        /// them), then places the position-independent cVMs without isolation: in file order from
        /// <c>layout_base</c>, each region exactly representable and at least <c>guard_size</c> from every other.
        /// </summary>
        private List<CvmIsolation?> Place(List<PlannedCvm?> cvms)
        {
            var isolations = cvms.Select(c => c is { PlacedAutomatically: true, PositionIndependent: true } ? null : c?.Isolation).ToList();
            var taken = new List<(ulong Start, ulong End, int Index)>();
            ulong page = DeploymentLimits.PageSize;
            for (int i = 0; i < isolations.Count; i++)
            {
                if (isolations[i] is not { } region)
                {
                    continue;
                }
                var at = cvms[i]!.PlacedAutomatically ? $"cVMs[{i}].runtime" : $"cVMs[{i}].isolation.begin";
                foreach (var other in taken)
                {
                    if (region.Begin < other.End + page && other.Start < region.End + page)
                    {
                        Report(at, $"cVM '{cvms[i]!.Name}'", $"the bounds [{Hex(region.Begin)}, {Hex(region.End)}) overlap or touch cVM '{cvms[other.Index]!.Name}' at [{Hex(other.Start)}, {Hex(other.End)}); leave at least one unmapped page ({Hex(page)}) between cVMs");
                    }
                }
                taken.Add((region.Begin, region.End, i));
            }

            ulong guard = Math.Max(page, _defaults.GuardSize ?? DeploymentLimits.DefaultGuardSize);
            ulong cursor = _defaults.LayoutBase ?? DeploymentLimits.DefaultLayoutBase;
            for (int i = 0; i < isolations.Count; i++)
            {
                if (isolations[i] is not null || cvms[i] is not { } cvm)
                {
                    continue;
                }
                ulong size = cvm.Isolation.Size;
                ulong alignment = Math.Max(page, ~Capability.RepresentableAlignmentMask(size) + 1);
                while (true)
                {
                    ulong start = AlignUp(Math.Max(cursor, page), alignment);
                    if (start >= DeploymentLimits.AddressSpaceEnd || size > DeploymentLimits.AddressSpaceEnd - start)
                    {
                        Report($"cVMs[{i}]", $"cVM '{cvm.Name}'", $"no room is left below {Hex(DeploymentLimits.AddressSpaceEnd)} for a region of {Hex(size)} bytes; give it an isolation or a smaller defaults.region_size");
                        break;
                    }
                    int conflict = taken.FindIndex(t => start < t.End + guard && t.Start < start + size + guard);
                    if (conflict < 0)
                    {
                        isolations[i] = new CvmIsolation(start, size, start, start + size);
                        taken.Add((start, start + size, i));
                        cursor = start + size + guard;
                        break;
                    }
                    cursor = taken[conflict].End + guard;
                }
            }
            return isolations;
        }

        private List<CallGrant> CheckCalls()
        {
            var byName = new Dictionary<string, CvmSpec>(StringComparer.Ordinal);
            foreach (var cvm in deployment.Cvms)
            {
                byName.TryAdd(cvm.Name, cvm);
            }
            var calls = new List<CallGrant>();
            for (int i = 0; i < deployment.Calls.Count; i++)
            {
                var call = deployment.Calls[i];
                var path = $"calls[{i}]";
                var subject = $"call {i + 1} ({call.Caller} -> {call.Callee}.{call.Export})";
                bool ok = true;
                if (!byName.ContainsKey(call.Caller))
                {
                    Report(path + ".caller", subject, $"caller {Quote(call.Caller)} is not a cVM of this deployment{Hint(call.Caller, byName.Keys)}");
                    ok = false;
                }
                if (!byName.TryGetValue(call.Callee, out var callee))
                {
                    Report(path + ".callee", subject, $"callee {Quote(call.Callee)} is not a cVM of this deployment{Hint(call.Callee, byName.Keys)}");
                    ok = false;
                }
                else if (callee.Exports.All(e => e.Name != call.Export))
                {
                    var names = callee.Exports.Select(e => e.Name).ToList();
                    var exports = names.Count == 0 ? "it exports nothing" : $"its exports are {string.Join(", ", names)}";
                    Report(path + ".export", subject, $"cVM '{call.Callee}' does not export {Quote(call.Export)} ({exports}){Hint(call.Export, names)}");
                    ok = false;
                }
                if (ok && call.Caller == call.Callee)
                {
                    Report(path + ".callee", subject, $"cVM '{call.Caller}' cannot be wired to itself; it calls its own functions directly");
                    ok = false;
                }
                if (ok && calls.Contains(call))
                {
                    Report(path, subject, "the same call is wired twice");
                    ok = false;
                }
                if (ok)
                {
                    calls.Add(call);
                }
            }
            return calls;
        }

        private static ulong RepresentableRegionSize(ulong size) =>
            AlignUp(Capability.RepresentableLength(Math.Max(size, DeploymentLimits.MinRegionSize)), DeploymentLimits.PageSize);

        private static string Hint(string name, IEnumerable<string> known) =>
            Suggestions.Closest(name, known) is { } suggestion ? $"; did you mean '{suggestion}'?" : "";
    }

    private const int MaxPathLength = 4096;

    private static bool IsSymbol(string name) =>
        IsName(name, DeploymentLimits.MaxExportNameLength, allowDotAndDash: false) && !char.IsAsciiDigit(name[0]);

    private static bool IsName(string name, int maxLength, bool allowDotAndDash) =>
        name.Length is > 0 && name.Length <= maxLength
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || (allowDotAndDash && c is '.' or '-'));

    private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);

    private static string Quote(string value) => value.Length <= 40 ? $"'{value}'" : $"'{value[..40]}…'";

    internal static string Hex(ulong value) => $"0x{value:x}";
}
