using System.Text;
using Cvm.Machine.Elf;
using Cvm.Machine.Linux;
using Cvm.Machine.Memory;

namespace Cvm.Machine.Tests;

public sealed class LinuxPersonalityTests : IDisposable
{
    private const ulong Scratch = 0x20000;
    private readonly TaggedMemory _memory = new(1UL << 31);
    private readonly Hart _hart;
    private readonly LoadedProgram _program;
    private readonly MemoryStream _stdout = new();

    public LinuxPersonalityTests()
    {
        var elf = new ElfBuilder().Code(0x10000, Encode.Ecall).Segment(0x11000, new byte[16], memorySize: 0x1000, flags: 6).Build();
        _program = ElfLoader.Load(ElfFile.Parse(elf), _memory);
        _hart = new Hart(_memory);
    }

    public void Dispose() => _memory.Dispose();

    private LinuxPersonality Start(string? root = null, params string[] arguments) =>
        new(_hart, _program, new LinuxOptions
        {
            Arguments = arguments.Length == 0 ? ["prog"] : arguments,
            Environment = ["HOME=/", "LANG=C"],
            StandardOutput = _stdout,
            FileRoot = root,
            RandomSeed = 1,
        });

    private long Syscall(LinuxPersonality linux, ulong number, params ulong[] arguments)
    {
        _hart.SetRegister(17, number);
        for (var i = 0; i < arguments.Length; i++)
        {
            _hart.SetRegister(10 + i, arguments[i]);
        }
        var disposition = linux.HandleTrap(_hart, new Trap(TrapCause.EnvironmentCallFromUser, 0, _program.Entry));
        Assert.Equal(TrapDisposition.Complete, disposition);
        return (long)_hart.GetRegister(10);
    }

    private ulong ReadWord(ulong address)
    {
        var bytes = new byte[8];
        Assert.True(_memory.TryRead(address, bytes));
        return BitConverter.ToUInt64(bytes);
    }

    private string ReadString(ulong address)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (_memory.TryRead(address++, one) && one[0] != 0)
        {
            bytes.Add(one[0]);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private ulong WriteString(string text, ulong address = Scratch)
    {
        Assert.True(_memory.TryWrite(address, Encoding.UTF8.GetBytes(text + "\0")));
        return address;
    }

    [Fact]
    public void The_initial_stack_holds_argc_argv_envp_and_the_auxiliary_vector()
    {
        Start(null, "/bin/prog", "first", "second");
        var sp = _hart.GetRegister(2);
        Assert.Equal(0UL, sp % 16);
        Assert.Equal(PrivilegeMode.User, _hart.Privilege);
        Assert.Equal(_program.Entry, _hart.Pc);
        Assert.Equal(3UL, ReadWord(sp));
        Assert.Equal("/bin/prog", ReadString(ReadWord(sp + 8)));
        Assert.Equal("first", ReadString(ReadWord(sp + 16)));
        Assert.Equal("second", ReadString(ReadWord(sp + 24)));
        Assert.Equal(0UL, ReadWord(sp + 32));
        Assert.Equal("HOME=/", ReadString(ReadWord(sp + 40)));
        Assert.Equal("LANG=C", ReadString(ReadWord(sp + 48)));
        Assert.Equal(0UL, ReadWord(sp + 56));

        var auxv = new Dictionary<ulong, ulong>();
        for (var at = sp + 64; ; at += 16)
        {
            var key = ReadWord(at);
            if (key == 0)
            {
                break;
            }
            auxv[key] = ReadWord(at + 8);
        }
        Assert.Equal(4096UL, auxv[6]); // AT_PAGESZ
        Assert.Equal(_program.ProgramHeaderAddress ?? 0, auxv[3]); // AT_PHDR
        Assert.Equal(56UL, auxv[4]); // AT_PHENT
        Assert.Equal(2UL, auxv[5]); // AT_PHNUM
        Assert.Equal(_program.Entry, auxv[9]); // AT_ENTRY
        var random = new byte[16];
        Assert.True(_memory.TryRead(auxv[25], random)); // AT_RANDOM: 16 readable bytes
        Assert.Contains(random, b => b != 0);
        Assert.Equal("/bin/prog", ReadString(auxv[31])); // AT_EXECFN
    }

    [Fact]
    public void Write_goes_to_the_output_stream_and_bad_buffers_are_efault()
    {
        var linux = Start();
        var text = WriteString("hello");
        Assert.Equal(5, Syscall(linux, 64, 1, text, 5));
        Assert.Equal("hello", Encoding.UTF8.GetString(_stdout.ToArray()));
        Assert.Equal(-LinuxErrors.EFAULT, Syscall(linux, 64, 1, 0, 5));
        Assert.Equal(-LinuxErrors.EBADF, Syscall(linux, 64, 9, text, 5));
    }

    [Fact]
    public void Brk_grows_and_shrinks_the_heap_and_regrown_memory_reads_zero()
    {
        var linux = Start();
        var start = (ulong)Syscall(linux, 214, 0);
        Assert.Equal(0x12000UL, start);
        Assert.Equal((long)(start + 0x3000), Syscall(linux, 214, start + 0x3000));
        Assert.True(_memory.TryWrite(start + 0x2000, [0xaa]));
        Assert.Equal((long)start, Syscall(linux, 214, start));
        Assert.Equal((long)(start + 0x3000), Syscall(linux, 214, start + 0x3000));
        Assert.Equal(0UL, ReadWord(start + 0x2000));
        Assert.Equal((long)(start + 0x3000), Syscall(linux, 214, 0x1000)); // below the start: refused, unchanged
        Assert.Equal((long)(start + 0x3000), Syscall(linux, 214, linux.RegionEnd)); // into the stack: refused
    }

    [Fact]
    public void Anonymous_mmap_returns_fresh_zeroed_pages_and_munmap_gives_them_back()
    {
        var linux = Start();
        const ulong ProtReadWrite = 3, MapPrivateAnonymous = 0x22;
        var first = Syscall(linux, 222, 0, 0x5000, ProtReadWrite, MapPrivateAnonymous, ulong.MaxValue, 0);
        Assert.True(first > 0 && first % 4096 == 0);
        var second = Syscall(linux, 222, 0, 0x1000, ProtReadWrite, MapPrivateAnonymous, ulong.MaxValue, 0);
        Assert.True(second + 0x1000 <= first || second >= first + 0x5000);
        Assert.True(_memory.TryWrite((ulong)second, [1, 2, 3]));
        Assert.Equal(0, Syscall(linux, 215, (ulong)second, 0x1000));
        var third = Syscall(linux, 222, 0, 0x1000, ProtReadWrite, MapPrivateAnonymous, ulong.MaxValue, 0);
        Assert.Equal(second, third);
        Assert.Equal(0UL, ReadWord((ulong)third));
        Assert.Equal(-LinuxErrors.EINVAL, Syscall(linux, 222, 0, 0, ProtReadWrite, MapPrivateAnonymous, ulong.MaxValue, 0));
        Assert.Equal(-LinuxErrors.ENOMEM, Syscall(linux, 222, 0, 1UL << 40, ProtReadWrite, MapPrivateAnonymous, ulong.MaxValue, 0));
    }

    [Fact]
    public void Unknown_system_calls_return_enosys_and_exit_group_stops_with_the_status()
    {
        var linux = Start();
        Assert.Equal(-LinuxErrors.ENOSYS, Syscall(linux, 4000));
        _hart.SetRegister(17, 94);
        _hart.SetRegister(10, 0x1_0003);
        Assert.Equal(TrapDisposition.Stop, linux.HandleTrap(_hart, new Trap(TrapCause.EnvironmentCallFromUser, 0, _program.Entry)));
        Assert.Equal(3, linux.ExitCode);
    }

    [Fact]
    public void Any_other_trap_is_fatal()
    {
        var linux = Start();
        var trap = new Trap(TrapCause.LoadAccessFault, 0, 0x10000);
        Assert.Equal(TrapDisposition.Stop, linux.HandleTrap(_hart, trap));
        Assert.Equal(trap, linux.FatalTrap);
    }

    [Fact]
    public void Without_a_file_root_the_guest_sees_no_files()
    {
        var linux = Start();
        Assert.Equal(-LinuxErrors.ENOENT, Syscall(linux, 56, unchecked((ulong)-100), WriteString("/etc/passwd"), 0));
    }

    [Fact]
    public void Files_under_the_root_open_read_and_stat_but_escapes_are_refused()
    {
        var root = Directory.CreateTempSubdirectory("cvm-root-");
        var outside = Directory.CreateTempSubdirectory("cvm-outside-");
        try
        {
            File.WriteAllText(Path.Combine(root.FullName, "inside.txt"), "inside!");
            Directory.CreateDirectory(Path.Combine(root.FullName, "sub"));
            File.WriteAllText(Path.Combine(outside.FullName, "secret.txt"), "secret");
            File.CreateSymbolicLink(Path.Combine(root.FullName, "escape"), Path.Combine(outside.FullName, "secret.txt"));
            Directory.CreateSymbolicLink(Path.Combine(root.FullName, "escapedir"), outside.FullName);
            File.CreateSymbolicLink(Path.Combine(root.FullName, "sub", "ok"), Path.Combine(root.FullName, "inside.txt"));
            var linux = Start(root.FullName);
            const ulong AtFdcwd = unchecked((ulong)-100);

            var fd = Syscall(linux, 56, AtFdcwd, WriteString("/sub/../inside.txt"), 0);
            Assert.True(fd >= 3);
            Assert.Equal(7, Syscall(linux, 63, (ulong)fd, Scratch + 0x100, 100));
            Assert.Equal("inside!", ReadString(Scratch + 0x100));
            Assert.Equal(0, Syscall(linux, 80, (ulong)fd, Scratch + 0x200));
            Assert.Equal(7UL, ReadWord(Scratch + 0x200 + 48)); // st_size
            Assert.Equal(2, Syscall(linux, 62, (ulong)fd, 2, 0)); // lseek(fd, 2, SEEK_SET) returns the new offset
            Assert.Equal(0, Syscall(linux, 57, (ulong)fd));
            Assert.Equal(-LinuxErrors.EBADF, Syscall(linux, 57, (ulong)fd));

            Assert.True(Syscall(linux, 56, AtFdcwd, WriteString("sub/ok"), 0) >= 3);
            Assert.Equal(-LinuxErrors.EACCES, Syscall(linux, 56, AtFdcwd, WriteString("/../" + outside.Name + "/secret.txt"), 0));
            Assert.Equal(-LinuxErrors.EACCES, Syscall(linux, 56, AtFdcwd, WriteString("/sub/../../x"), 0));
            Assert.Equal(-LinuxErrors.EACCES, Syscall(linux, 56, AtFdcwd, WriteString("/escape"), 0));
            Assert.Equal(-LinuxErrors.EACCES, Syscall(linux, 56, AtFdcwd, WriteString("/escapedir/secret.txt"), 0));
            Assert.Equal(-LinuxErrors.ENOENT, Syscall(linux, 56, AtFdcwd, WriteString("/missing"), 0));
            Assert.Equal(-LinuxErrors.EACCES, Syscall(linux, 79, AtFdcwd, WriteString("/escape"), Scratch + 0x200, 0));
        }
        finally
        {
            root.Delete(recursive: true);
            outside.Delete(recursive: true);
        }
    }
}
