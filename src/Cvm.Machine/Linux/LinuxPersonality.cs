using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Cvm.Machine.Elf;
using Cvm.Machine.Memory;

namespace Cvm.Machine.Linux;

/// <summary>How a Linux user program is started.</summary>
public sealed record LinuxOptions
{
    /// <summary>argv, including argv[0].</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>envp entries ("NAME=value").</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    public Stream StandardInput { get; init; } = Stream.Null;

    public Stream StandardOutput { get; init; } = Stream.Null;

    public Stream StandardError { get; init; } = Stream.Null;

    /// <summary>The host directory the guest sees as "/"; null (the default) gives the guest no files.</summary>
    public string? FileRoot { get; init; }

    /// <summary>Where to log unknown syscalls and fatal traps; null for silence.</summary>
    public TextWriter? Trace { get; init; }

    /// <summary>Seed for AT_RANDOM and getrandom, for reproducible runs; null draws from the host's CSPRNG.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>
    /// The highest the user region (and so the initial stack top) may end; null leaves the choice to the
    /// personality. A confined run lowers it so that one capability can bound the region exactly.
    /// </summary>
    public ulong? RegionEndLimit { get; init; }

    /// <summary>
    /// The only addresses the program's system calls may read or write (a compartment's data bounds); null
    /// allows everything mapped. A host running several programs in one address space sets it, because the other
    /// programs' memory is mapped too: a pointer outside the range gets EFAULT and nothing is touched.
    /// </summary>
    public GuestAddressRange? AccessibleRange { get; init; }
}

/// <summary>The addresses [<paramref name="Begin"/>, <paramref name="End"/>) a guest's system calls may use.</summary>
public readonly record struct GuestAddressRange(ulong Begin, ulong End)
{
    /// <summary>Whether all of [<paramref name="address"/>, <paramref name="address"/> + <paramref name="length"/>) lies inside, without overflow.</summary>
    public bool Contains(ulong address, ulong length) =>
        address >= Begin && address <= End && length <= End - address;
}

/// <summary>
/// Runs a static Linux RV64 program in U-mode: builds the initial stack, and claims <c>ecall</c> to implement
/// the system calls that static glibc and newlib/picolibc programs make. Any other trap is fatal, as the
/// signal it would raise would be.
/// </summary>
/// <remarks>
/// Memory layout: the whole user region, from the program's lowest page up to <see cref="RegionEnd"/>, is
/// mapped at start (the host commits pages only when touched, so this costs nothing), which keeps data accesses
/// on the single-compare fast path. Inside it, the break grows up from the end of the image, anonymous mappings
/// are carved downwards from below the stack, and the stack sits at the top. Below the program (including the
/// NULL page) and above the region everything is unmapped and faults. The price: a wild access into an
/// unallocated part of the region reads zeros instead of faulting, and munmap'd memory reads zeros afterwards.
/// </remarks>
public sealed class LinuxPersonality : ITrapHandler, IDisposable
{
    /// <summary>Highest address of a user region when the address space allows it (Sv39-like user half).</summary>
    public const ulong PreferredRegionEnd = 0x8000_0000;

    public const ulong StackSize = 8 << 20;

    private const int PageSize = TaggedMemory.PageSize;
    private const long AtFdcwd = -100;
    private const int MaxIoVectors = 1024;
    private const int MaxPath = 4096;
    private const int MaxTransfer = 1 << 24;

    private readonly TaggedMemory _memory;
    private readonly LoadedProgram _program;
    private readonly LinuxOptions _options;
    private readonly FileSandbox _sandbox;
    private readonly Random? _seededRandom;
    private readonly Dictionary<long, GuestFile> _files = new();
    private readonly ulong _breakStart;
    private ulong _break;
    private ulong _mappingLow;

    // The top of the area anonymous mappings are carved from: below the stack, or the host's heap end.
    private readonly ulong _mappingTop;

    /// <summary>Prepares <paramref name="hart"/> to run <paramref name="program"/> (already loaded into its memory).</summary>
    public LinuxPersonality(Hart hart, LoadedProgram program, LinuxOptions options)
        : this(hart.Memory, program, options)
    {
        RegionEnd = program.EndAddress <= PreferredRegionEnd ? Math.Min(_memory.Size, PreferredRegionEnd) : _memory.Size;
        if (options.RegionEndLimit is { } limit)
        {
            RegionEnd = Math.Min(RegionEnd, limit);
        }
        _breakStart = _break = AlignUp(program.EndAddress);
        if (RegionEnd < _breakStart || RegionEnd - _breakStart < StackSize + (1 << 20))
        {
            throw new ElfFormatException($"the program ends at 0x{program.EndAddress:x}, leaving no room for its heap and stack below 0x{RegionEnd:x}");
        }
        _mappingTop = _mappingLow = RegionEnd - StackSize;
        _memory.Map(program.LowestAddress, RegionEnd - program.LowestAddress);

        hart.Privilege = PrivilegeMode.User;
        hart.EnableFloatingPoint();
        hart.EnableUserCounters();
        hart.TrapHandler = this;
        hart.SetRegister(2, BuildInitialStack(RegionEnd));
        hart.Pc = program.Entry;
    }

    /// <summary>
    /// Serves <paramref name="program"/> (already loaded into <paramref name="memory"/>) for a host that owns the
    /// hart, the stack and the memory map, such as a monitor running the program inside a compartment: the break
    /// and anonymous mappings share [end of the image, <paramref name="heapEnd"/>), which the host has mapped; the
    /// host builds the initial stack with <see cref="BuildInitialStack"/> and passes each <c>ecall</c> to
    /// <see cref="ServeSystemCall"/>.
    /// </summary>
    public LinuxPersonality(TaggedMemory memory, LoadedProgram program, LinuxOptions options, ulong heapEnd)
        : this(memory, program, options)
    {
        RegionEnd = heapEnd;
        _breakStart = _break = AlignUp(program.EndAddress);
        if (heapEnd < _breakStart || (heapEnd & (PageSize - 1)) != 0)
        {
            throw new ElfFormatException($"the program ends at 0x{program.EndAddress:x}, leaving no room for its heap below 0x{heapEnd:x}");
        }
        _mappingTop = _mappingLow = heapEnd;
    }

    private LinuxPersonality(TaggedMemory memory, LoadedProgram program, LinuxOptions options)
    {
        _memory = memory;
        _program = program;
        _options = options;
        _sandbox = new FileSandbox(options.FileRoot);
        _seededRandom = options.RandomSeed is { } seed ? new Random(seed) : null;
        _files[0] = new GuestFile.Standard(options.StandardInput, Readable: true);
        _files[1] = new GuestFile.Standard(options.StandardOutput, Readable: false);
        _files[2] = new GuestFile.Standard(options.StandardError, Readable: false);
    }

    /// <summary>The end of the user region: the initial stack top, or for a hosted program the end of its heap.</summary>
    public ulong RegionEnd { get; }

    /// <summary>The exit status once the program has exited (0–255), or 128 + signal for a fatal signal.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>The trap that killed the program, if one did.</summary>
    public Trap? FatalTrap { get; private set; }

    /// <summary>The current program break.</summary>
    public ulong ProgramBreak => _break;

    /// <summary>Closes the host files the program left open (the standard streams belong to the caller).</summary>
    public void Dispose()
    {
        foreach (var file in _files.Values)
        {
            file.Dispose();
        }
        _files.Clear();
    }

    /// <inheritdoc />
    public TrapDisposition HandleTrap(Hart hart, in Trap trap)
    {
        if (trap.Cause == TrapCause.EnvironmentCallFromUser)
        {
            return ServeSystemCall(hart) ? TrapDisposition.Stop : TrapDisposition.Complete;
        }
        FatalTrap = trap;
        return TrapDisposition.Stop;
    }

    /// <summary>
    /// Serves the system call the program on <paramref name="hart"/> just made with <c>ecall</c> (number in a7,
    /// arguments in a0–a5, result in a0); the caller moves the pc past the <c>ecall</c>. True when the call
    /// ended the program (see <see cref="ExitCode"/>), in which case a0 is left alone.
    /// </summary>
    public bool ServeSystemCall(Hart hart)
    {
        ArgumentNullException.ThrowIfNull(hart);
        var result = SystemCall(hart, hart.GetRegister(17), hart.GetRegister(10), hart.GetRegister(11), hart.GetRegister(12),
            hart.GetRegister(13), hart.GetRegister(14), hart.GetRegister(15));
        if (ExitCode is not null)
        {
            return true;
        }
        hart.SetRegister(10, (ulong)result);
        return false;
    }

    private long SystemCall(Hart hart, ulong number, ulong a0, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5)
    {
        switch (number)
        {
            case 17: return GetCurrentDirectory(a0, a1);
            case 25: return Fcntl((long)a0, a1);
            case 29: return _files.ContainsKey((long)a0) ? -LinuxErrors.ENOTTY : -LinuxErrors.EBADF;
            case 48: return FileAccess((long)a0, a1);
            case 56: return OpenAt((long)a0, a1, (long)a2);
            case 57: return Close((long)a0);
            case 62: return Seek((long)a0, (long)a1, (int)a2);
            case 63: return Read((long)a0, a1, a2);
            case 64: return Write((long)a0, a1, a2);
            case 65: return VectorTransfer((long)a0, a1, a2, write: false);
            case 66: return VectorTransfer((long)a0, a1, a2, write: true);
            case 78: return ReadLinkAt(a1, a2, a3);
            case 79: return StatAt((long)a0, a1, a2, (long)a3);
            case 80: return StatAt((long)a0, 0, a1, 0x1000);
            case 93 or 94:
                ExitCode = (int)(a0 & 0xff);
                return 0;
            case 96: return 1;
            case 98: return (a1 & 0x7f) == 1 ? 0 : -LinuxErrors.EAGAIN; // FUTEX_WAKE wakes nobody; nothing can wait
            case 99: return 0;
            case 101 or 115: return 0; // sleeping ends at once: guest time is instruction time
            case 113: return ClockGetTime((long)a0, a1);
            case 124: return 0;
            case 129 or 130 or 131: return Kill(number == 131 ? a2 : a1);
            case 134: return ClearGuest(a2, 24); // rt_sigaction: no handlers are installed, old action reads SIG_DFL
            case 135: return ClearGuest(a2, 8); // rt_sigprocmask: the old mask is empty
            case 160: return Uname(a0);
            case 163: return ResourceLimit((long)a0, a1);
            case 169: return GetTimeOfDay(a0);
            case 172 or 178: return 1;
            case 173: return 0;
            case 174 or 175 or 176 or 177: return 0;
            case 214: return Break(a0);
            case 215: return Unmap(a0, a1);
            case 222: return Map(a0, a1, a3, (long)a4, a5);
            case 226: return 0; // mprotect: every page of the region stays readable and writable
            case 233: return Advise(a0, a1, a2);
            case 261: return ResourceLimit((long)a1, a3);
            case 278: return GetRandom(a0, a1);
            default:
                _options.Trace?.WriteLine($"cvm: unknown syscall {number} (a0=0x{a0:x}, a1=0x{a1:x}, a2=0x{a2:x}) at pc 0x{hart.Pc:x}: returning -ENOSYS");
                return -LinuxErrors.ENOSYS;
        }
    }

    /// <summary>
    /// Writes argc, argv, envp, the strings and the auxiliary vector below <paramref name="stackTop"/> as the
    /// kernel does, and returns the initial stack pointer (16-byte aligned).
    /// </summary>
    public ulong BuildInitialStack(ulong stackTop)
    {
        var sp = stackTop;
        ulong PushBytes(ReadOnlySpan<byte> bytes)
        {
            sp -= (ulong)bytes.Length;
            GuestWrite(sp, bytes);
            return sp;
        }
        ulong PushString(string text) => PushBytes(Encoding.UTF8.GetBytes(text + "\0"));

        Span<byte> random = stackalloc byte[16];
        FillRandom(random);
        var randomAddress = PushBytes(random);
        var execFn = PushString(_options.Arguments.Count > 0 ? _options.Arguments[0] : "");
        var argv = _options.Arguments.Select(PushString).ToArray();
        var envp = _options.Environment.Select(PushString).ToArray();
        const ulong AtHwcapImafdc = (1UL << ('I' - 'A')) | (1UL << ('M' - 'A')) | (1UL << ('A' - 'A'))
            | (1UL << ('F' - 'A')) | (1UL << ('D' - 'A')) | (1UL << ('C' - 'A'));
        var auxv = new List<(ulong, ulong)>
        {
            (6, PageSize), // AT_PAGESZ
            (3, _program.ProgramHeaderAddress ?? 0), // AT_PHDR
            (4, 56), // AT_PHENT
            (5, (ulong)_program.File.ProgramHeaderCount), // AT_PHNUM
            (7, 0), // AT_BASE: no interpreter
            (8, 0), // AT_FLAGS
            (9, _program.Entry), // AT_ENTRY
            (11, 0), (12, 0), (13, 0), (14, 0), // AT_UID, AT_EUID, AT_GID, AT_EGID
            (16, AtHwcapImafdc), // AT_HWCAP
            (17, 100), // AT_CLKTCK
            (23, 0), // AT_SECURE
            (25, randomAddress), // AT_RANDOM
            (31, execFn), // AT_EXECFN
            (0, 0), // AT_NULL
        };

        var words = new List<ulong> { (ulong)argv.Length };
        words.AddRange(argv);
        words.Add(0);
        words.AddRange(envp);
        words.Add(0);
        foreach (var (key, value) in auxv)
        {
            words.Add(key);
            words.Add(value);
        }
        sp = (sp - (ulong)words.Count * 8) & ~15UL;
        var block = new byte[words.Count * 8];
        for (var i = 0; i < words.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(i * 8), words[i]);
        }
        GuestWrite(sp, block);
        return sp;
    }

    private void FillRandom(Span<byte> destination)
    {
        if (_seededRandom is { } random)
        {
            random.NextBytes(destination);
        }
        else
        {
            RandomNumberGenerator.Fill(destination);
        }
    }

    // ---- memory ----

    private long Break(ulong requested)
    {
        if (requested < _breakStart || requested > _mappingLow)
        {
            return (long)_break;
        }
        var oldEnd = AlignUp(_break);
        var newEnd = AlignUp(requested);
        if (newEnd < oldEnd)
        {
            // Memory given back must read zero if the break grows over it again.
            _memory.DiscardPages(newEnd, oldEnd - newEnd);
        }
        else if (requested > _break)
        {
            GuestZero(_break, Math.Min(requested, oldEnd) - _break);
        }
        _break = requested;
        return (long)_break;
    }

    private long Map(ulong address, ulong length, ulong flags, long fd, ulong offset)
    {
        const ulong MapFixed = 0x10, MapAnonymous = 0x20;
        if (length == 0)
        {
            return -LinuxErrors.EINVAL;
        }
        if (length > RegionEnd)
        {
            return -LinuxErrors.ENOMEM;
        }
        var size = AlignUp(length);
        ulong start;
        if ((flags & MapFixed) != 0)
        {
            if ((address & (PageSize - 1)) != 0 || address < _program.LowestAddress || address > RegionEnd - size)
            {
                return -LinuxErrors.EINVAL;
            }
            if (!MayAccess(address, size))
            {
                return -LinuxErrors.EFAULT;
            }
            start = address;
        }
        else
        {
            if (_mappingLow - _break < size)
            {
                return -LinuxErrors.ENOMEM;
            }
            _mappingLow -= size;
            start = _mappingLow;
        }
        _memory.DiscardPages(start, size);
        if ((flags & MapAnonymous) == 0)
        {
            if (!_files.TryGetValue(fd, out var file) || file is not GuestFile.HostFile hostFile)
            {
                return -LinuxErrors.EBADF;
            }
            var buffer = new byte[Math.Min(length, (ulong)MaxTransfer)];
            var read = hostFile.ReadAt(buffer, (long)offset);
            GuestWrite(start, buffer.AsSpan(0, read));
        }
        return (long)start;
    }

    private long Unmap(ulong address, ulong length)
    {
        if ((address & (PageSize - 1)) != 0 || length == 0 || address < _program.LowestAddress || address >= RegionEnd
            || AlignUp(length) > RegionEnd - address)
        {
            return -LinuxErrors.EINVAL;
        }
        var size = AlignUp(length);
        if (!MayAccess(address, size))
        {
            return -LinuxErrors.EFAULT;
        }
        _memory.DiscardPages(address, size);
        if (address == _mappingLow && address + size <= _mappingTop)
        {
            _mappingLow += size;
        }
        return 0;
    }

    private long Advise(ulong address, ulong length, ulong advice)
    {
        const ulong MadvDontNeed = 4;
        if (advice == MadvDontNeed && (address & (PageSize - 1)) == 0 && MayAccess(address, AlignUp(length)) && _memory.IsMapped(address, AlignUp(length)))
        {
            _memory.DiscardPages(address, AlignUp(length));
        }
        return 0;
    }

    // ---- files ----

    private long Read(long fd, ulong buffer, ulong count)
    {
        if (!_files.TryGetValue(fd, out var file))
        {
            return -LinuxErrors.EBADF;
        }
        var bytes = new byte[Math.Min(count, (ulong)MaxTransfer)];
        // Check the destination before reading, so a bad pointer consumes no input.
        if (!MayAccess(buffer, (ulong)bytes.Length))
        {
            return -LinuxErrors.EFAULT;
        }
        var read = file.Read(bytes);
        if (read < 0)
        {
            return read;
        }
        return GuestWrite(buffer, bytes.AsSpan(0, (int)read)) ? read : -LinuxErrors.EFAULT;
    }

    private long Write(long fd, ulong buffer, ulong count)
    {
        if (!_files.TryGetValue(fd, out var file))
        {
            return -LinuxErrors.EBADF;
        }
        var bytes = new byte[Math.Min(count, (ulong)MaxTransfer)];
        if (!GuestRead(buffer, bytes))
        {
            return -LinuxErrors.EFAULT;
        }
        return file.Write(bytes);
    }

    private long VectorTransfer(long fd, ulong vectors, ulong count, bool write)
    {
        if (count > MaxIoVectors)
        {
            return -LinuxErrors.EINVAL;
        }
        var table = new byte[count * 16];
        if (!GuestRead(vectors, table))
        {
            return -LinuxErrors.EFAULT;
        }
        long total = 0;
        for (var i = 0; i < (int)count; i++)
        {
            var address = BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(i * 16));
            var length = BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(i * 16 + 8));
            if (length == 0)
            {
                continue;
            }
            var done = write ? Write(fd, address, length) : Read(fd, address, length);
            if (done < 0)
            {
                return total > 0 ? total : done;
            }
            total += done;
            if ((ulong)done < length)
            {
                break;
            }
        }
        return total;
    }

    private long OpenAt(long directoryFd, ulong pathAddress, long flags)
    {
        const long AccessMode = 3, Create = 0x40, Exclusive = 0x80, Truncate = 0x200, Append = 0x400, Directory = 0x10000;
        var (path, error) = ResolveGuestPath(directoryFd, pathAddress);
        if (path is null)
        {
            return error;
        }
        var access = flags & AccessMode;
        try
        {
            if (System.IO.Directory.Exists(path))
            {
                if (access != 0)
                {
                    return -LinuxErrors.EISDIR;
                }
                return AddFile(new GuestFile.DirectoryFile(path));
            }
            if ((flags & Directory) != 0)
            {
                return File.Exists(path) ? -LinuxErrors.ENOTDIR : -LinuxErrors.ENOENT;
            }
            var exists = File.Exists(path);
            if (!exists && (flags & Create) == 0)
            {
                return -LinuxErrors.ENOENT;
            }
            if (exists && (flags & Create) != 0 && (flags & Exclusive) != 0)
            {
                return -LinuxErrors.EEXIST;
            }
            var mode = !exists ? FileMode.CreateNew : (flags & Truncate) != 0 && access != 0 ? FileMode.Truncate : FileMode.Open;
            var fileAccess = access switch { 0 => System.IO.FileAccess.Read, 1 => System.IO.FileAccess.Write, _ => System.IO.FileAccess.ReadWrite };
            var stream = new FileStream(path, mode, fileAccess, FileShare.ReadWrite | FileShare.Delete);
            if ((flags & Append) != 0)
            {
                stream.Seek(0, SeekOrigin.End);
            }
            return AddFile(new GuestFile.HostFile(stream, path));
        }
        catch (UnauthorizedAccessException)
        {
            return -LinuxErrors.EACCES;
        }
        catch (IOException)
        {
            return -LinuxErrors.EIO;
        }
    }

    private long AddFile(GuestFile file)
    {
        for (long fd = 3; fd < 1024; fd++)
        {
            if (!_files.ContainsKey(fd))
            {
                _files[fd] = file;
                return fd;
            }
        }
        file.Dispose();
        return -LinuxErrors.EMFILE;
    }

    private long Close(long fd)
    {
        if (!_files.Remove(fd, out var file))
        {
            return -LinuxErrors.EBADF;
        }
        file.Dispose();
        return 0;
    }

    private long Seek(long fd, long offset, int whence)
    {
        if (!_files.TryGetValue(fd, out var file))
        {
            return -LinuxErrors.EBADF;
        }
        return file.Seek(offset, whence);
    }

    private long Fcntl(long fd, ulong command)
    {
        if (!_files.TryGetValue(fd, out var file))
        {
            return -LinuxErrors.EBADF;
        }
        return command switch
        {
            1 or 2 => 0, // F_GETFD, F_SETFD: no close-on-exec to speak of without exec
            3 => file is GuestFile.Standard { Readable: false } ? 1 : file is GuestFile.Standard ? 0 : 2, // F_GETFL
            4 => 0, // F_SETFL
            _ => -LinuxErrors.EINVAL,
        };
    }

    private long FileAccess(long directoryFd, ulong pathAddress)
    {
        var (path, error) = ResolveGuestPath(directoryFd, pathAddress);
        if (path is null)
        {
            return error;
        }
        return File.Exists(path) || System.IO.Directory.Exists(path) ? 0 : -LinuxErrors.ENOENT;
    }

    private long StatAt(long directoryFd, ulong pathAddress, ulong statAddress, long flags)
    {
        const long AtEmptyPath = 0x1000;
        Span<byte> stat = stackalloc byte[128];
        stat.Clear();
        string? hostPath;
        var empty = pathAddress == 0 || ReadGuestString(pathAddress, out var guestPath) == 0 && guestPath.Length == 0;
        if ((flags & AtEmptyPath) != 0 && empty)
        {
            if (!_files.TryGetValue(directoryFd, out var file))
            {
                return -LinuxErrors.EBADF;
            }
            if (file is GuestFile.Standard)
            {
                const uint Fifo = 0x1000;
                BinaryPrimitives.WriteUInt32LittleEndian(stat[16..], Fifo | 0x180);
                BinaryPrimitives.WriteUInt32LittleEndian(stat[20..], 1);
                BinaryPrimitives.WriteInt32LittleEndian(stat[56..], PageSize);
                return GuestWrite(statAddress, stat) ? 0 : -LinuxErrors.EFAULT;
            }
            hostPath = file.Path;
        }
        else
        {
            long error;
            (hostPath, error) = ResolveGuestPath(directoryFd, pathAddress);
            if (hostPath is null)
            {
                return error;
            }
        }
        FileSystemInfo info = System.IO.Directory.Exists(hostPath) ? new DirectoryInfo(hostPath!) : new FileInfo(hostPath!);
        if (!info.Exists)
        {
            return -LinuxErrors.ENOENT;
        }
        var isDirectory = info is DirectoryInfo;
        var size = info is FileInfo fileInfo ? fileInfo.Length : 4096;
        var seconds = new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds();
        BinaryPrimitives.WriteUInt64LittleEndian(stat[8..], (ulong)(uint)hostPath!.GetHashCode());
        BinaryPrimitives.WriteUInt32LittleEndian(stat[16..], (isDirectory ? 0x4000u | 0x1ed : 0x8000u | 0x1a4));
        BinaryPrimitives.WriteUInt32LittleEndian(stat[20..], 1);
        BinaryPrimitives.WriteInt64LittleEndian(stat[48..], size);
        BinaryPrimitives.WriteInt32LittleEndian(stat[56..], PageSize);
        BinaryPrimitives.WriteInt64LittleEndian(stat[64..], (size + 511) / 512);
        BinaryPrimitives.WriteInt64LittleEndian(stat[72..], seconds);
        BinaryPrimitives.WriteInt64LittleEndian(stat[88..], seconds);
        BinaryPrimitives.WriteInt64LittleEndian(stat[104..], seconds);
        return GuestWrite(statAddress, stat) ? 0 : -LinuxErrors.EFAULT;
    }

    private long ReadLinkAt(ulong pathAddress, ulong buffer, ulong size)
    {
        var error = ReadGuestString(pathAddress, out var path);
        if (error != 0)
        {
            return error;
        }
        if (path == "/proc/self/exe" && _options.Arguments.Count > 0)
        {
            // Like the kernel, name the executable by its absolute path (glibc insists on one).
            var bytes = Encoding.UTF8.GetBytes(Path.GetFullPath(_options.Arguments[0]));
            var length = (int)Math.Min((ulong)bytes.Length, size);
            return GuestWrite(buffer, bytes.AsSpan(0, length)) ? length : -LinuxErrors.EFAULT;
        }
        var (hostPath, resolveError) = _sandbox.Resolve(path);
        if (hostPath is null)
        {
            return resolveError;
        }
        return File.Exists(hostPath) || System.IO.Directory.Exists(hostPath) ? -LinuxErrors.EINVAL : -LinuxErrors.ENOENT;
    }

    private long GetCurrentDirectory(ulong buffer, ulong size)
    {
        if (size < 2)
        {
            return -LinuxErrors.ERANGE;
        }
        return GuestWrite(buffer, "/\0"u8) ? 2 : -LinuxErrors.EFAULT;
    }

    private (string? Path, long Error) ResolveGuestPath(long directoryFd, ulong pathAddress)
    {
        var error = ReadGuestString(pathAddress, out var path);
        if (error != 0)
        {
            return (null, error);
        }
        if (!path.StartsWith('/') && directoryFd != AtFdcwd)
        {
            if (!_files.TryGetValue(directoryFd, out var directory))
            {
                return (null, -LinuxErrors.EBADF);
            }
            if (directory is not GuestFile.DirectoryFile)
            {
                return (null, -LinuxErrors.ENOTDIR);
            }
            return (null, -LinuxErrors.ENOSYS);
        }
        return _sandbox.Resolve(path);
    }

    /// <summary>Reads a NUL-terminated guest string of at most <see cref="MaxPath"/> bytes.</summary>
    private long ReadGuestString(ulong address, out string text)
    {
        text = "";
        var bytes = new List<byte>();
        Span<byte> one = stackalloc byte[1];
        while (true)
        {
            if (bytes.Count >= MaxPath)
            {
                return -LinuxErrors.ENAMETOOLONG;
            }
            if (!GuestRead(address + (ulong)bytes.Count, one))
            {
                return -LinuxErrors.EFAULT;
            }
            if (one[0] == 0)
            {
                text = Encoding.UTF8.GetString(bytes.ToArray());
                return 0;
            }
            bytes.Add(one[0]);
        }
    }

    // ---- time, identity, limits, randomness, signals ----

    private long ClockGetTime(long clock, ulong address)
    {
        const long Realtime = 0, RealtimeCoarse = 5;
        long nanoseconds;
        if (clock is Realtime or RealtimeCoarse)
        {
            nanoseconds = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        }
        else if (clock is >= 0 and <= 7)
        {
            nanoseconds = (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
        }
        else
        {
            return -LinuxErrors.EINVAL;
        }
        Span<byte> time = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(time, nanoseconds / 1_000_000_000);
        BinaryPrimitives.WriteInt64LittleEndian(time[8..], nanoseconds % 1_000_000_000);
        return GuestWrite(address, time) ? 0 : -LinuxErrors.EFAULT;
    }

    private long GetTimeOfDay(ulong address)
    {
        if (address == 0)
        {
            return 0;
        }
        var microseconds = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;
        Span<byte> time = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(time, microseconds / 1_000_000);
        BinaryPrimitives.WriteInt64LittleEndian(time[8..], microseconds % 1_000_000);
        return GuestWrite(address, time) ? 0 : -LinuxErrors.EFAULT;
    }

    private long Uname(ulong address)
    {
        var fields = new[] { "Linux", "cvm", "6.1.0", "#1 SMP", "riscv64", "(none)" };
        var buffer = new byte[65 * fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            Encoding.ASCII.GetBytes(fields[i]).CopyTo(buffer, i * 65);
        }
        return GuestWrite(address, buffer) ? 0 : -LinuxErrors.EFAULT;
    }

    private long ResourceLimit(long resource, ulong oldLimit)
    {
        const long Stack = 3;
        if (resource is < 0 or > 15)
        {
            return -LinuxErrors.EINVAL;
        }
        if (oldLimit == 0)
        {
            return 0;
        }
        Span<byte> limit = stackalloc byte[16];
        var value = resource == Stack ? StackSize : ulong.MaxValue;
        BinaryPrimitives.WriteUInt64LittleEndian(limit, value);
        BinaryPrimitives.WriteUInt64LittleEndian(limit[8..], value);
        return GuestWrite(oldLimit, limit) ? 0 : -LinuxErrors.EFAULT;
    }

    private long GetRandom(ulong address, ulong length)
    {
        var bytes = new byte[Math.Min(length, (ulong)MaxTransfer)];
        FillRandom(bytes);
        return GuestWrite(address, bytes) ? bytes.Length : -LinuxErrors.EFAULT;
    }

    private long Kill(ulong signal)
    {
        if (signal == 0)
        {
            return 0;
        }
        if (signal > 64)
        {
            return -LinuxErrors.EINVAL;
        }
        // No handlers are ever installed, so every signal takes its default action; all that matter here terminate.
        ExitCode = 128 + (int)signal;
        _options.Trace?.WriteLine($"cvm: guest killed by signal {signal}");
        return 0;
    }

    private long ClearGuest(ulong address, int length)
    {
        if (address == 0)
        {
            return 0;
        }
        return GuestZero(address, (ulong)length) ? 0 : -LinuxErrors.EFAULT;
    }

    private bool MayAccess(ulong address, ulong length) => _options.AccessibleRange is not { } range || range.Contains(address, length);

    // Every guest memory access of a system call goes through these three, so none escapes AccessibleRange.
    private bool GuestRead(ulong address, Span<byte> destination) => MayAccess(address, (ulong)destination.Length) && _memory.TryRead(address, destination);

    private bool GuestWrite(ulong address, ReadOnlySpan<byte> source) => MayAccess(address, (ulong)source.Length) && _memory.TryWrite(address, source);

    private bool GuestZero(ulong address, ulong length) => MayAccess(address, length) && _memory.TryZero(address, length);

    private static ulong AlignUp(ulong value) => (value + PageSize - 1) & ~(ulong)(PageSize - 1);

    /// <summary>An open guest file descriptor.</summary>
    private abstract class GuestFile : IDisposable
    {
        public virtual string? Path => null;

        public abstract long Read(Span<byte> buffer);

        public abstract long Write(ReadOnlySpan<byte> buffer);

        public virtual long Seek(long offset, int whence) => -LinuxErrors.ESPIPE;

        public virtual void Dispose()
        {
        }

        /// <summary>stdin, stdout or stderr: the host streams, never closed by the guest.</summary>
        public sealed class Standard(Stream stream, bool Readable) : GuestFile
        {
            public bool Readable { get; } = Readable;

            public override long Read(Span<byte> buffer)
            {
                if (!Readable)
                {
                    return -LinuxErrors.EBADF;
                }
                try
                {
                    return stream.Read(buffer);
                }
                catch (IOException)
                {
                    return -LinuxErrors.EIO;
                }
            }

            public override long Write(ReadOnlySpan<byte> buffer)
            {
                if (Readable)
                {
                    return -LinuxErrors.EBADF;
                }
                try
                {
                    stream.Write(buffer);
                    return buffer.Length;
                }
                catch (IOException)
                {
                    // The reader went away (a closed pipe): what the kernel reports as EPIPE.
                    return -LinuxErrors.EPIPE;
                }
            }
        }

        public sealed class HostFile(FileStream stream, string path) : GuestFile
        {
            public override string? Path => path;

            public override long Read(Span<byte> buffer)
            {
                if (!stream.CanRead)
                {
                    return -LinuxErrors.EBADF;
                }
                try
                {
                    return stream.Read(buffer);
                }
                catch (IOException)
                {
                    return -LinuxErrors.EIO;
                }
            }

            public override long Write(ReadOnlySpan<byte> buffer)
            {
                if (!stream.CanWrite)
                {
                    return -LinuxErrors.EBADF;
                }
                try
                {
                    stream.Write(buffer);
                    return buffer.Length;
                }
                catch (IOException)
                {
                    return -LinuxErrors.EIO;
                }
            }

            public int ReadAt(byte[] buffer, long offset)
            {
                try
                {
                    return RandomAccess.Read(stream.SafeFileHandle, buffer, offset);
                }
                catch (IOException)
                {
                    return 0;
                }
            }

            public override long Seek(long offset, int whence)
            {
                var origin = whence switch { 0 => SeekOrigin.Begin, 1 => SeekOrigin.Current, 2 => SeekOrigin.End, _ => (SeekOrigin)(-1) };
                if ((int)origin < 0)
                {
                    return -LinuxErrors.EINVAL;
                }
                try
                {
                    return stream.Seek(offset, origin);
                }
                catch (IOException)
                {
                    return -LinuxErrors.EINVAL;
                }
                catch (ArgumentException)
                {
                    return -LinuxErrors.EINVAL;
                }
            }

            public override void Dispose() => stream.Dispose();
        }

        public sealed class DirectoryFile(string path) : GuestFile
        {
            public override string? Path => path;

            public override long Read(Span<byte> buffer) => -LinuxErrors.EISDIR;

            public override long Write(ReadOnlySpan<byte> buffer) => -LinuxErrors.EBADF;
        }
    }
}
