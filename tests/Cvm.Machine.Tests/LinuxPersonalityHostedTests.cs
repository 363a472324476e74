using System.Text;
using Cvm.Machine.Elf;
using Cvm.Machine.Linux;
using Cvm.Machine.Memory;

namespace Cvm.Machine.Tests;

/// <summary>
/// The personality as a host such as the monitor uses it: the host owns the hart, stack and memory map, and confines
/// every system call to one address range, because other programs' memory is mapped in the same address space.
/// </summary>
public sealed class LinuxPersonalityHostedTests : IDisposable
{
    private const ulong HeapEnd = 0x40000;
    private const ulong StackTop = 0x50000;
    private const ulong Outside = 0x90000; // mapped, but another program's
    private readonly TaggedMemory _memory = new(1UL << 24);
    private readonly Hart _hart;
    private readonly LoadedProgram _program;
    private readonly MemoryStream _stdin = new("input"u8.ToArray());
    private readonly MemoryStream _stdout = new();
    private readonly LinuxPersonality _linux;

    public LinuxPersonalityHostedTests()
    {
        var elf = new ElfBuilder().Code(0x10000, Encode.Ecall).Segment(0x11000, new byte[16], memorySize: 0x1000, flags: 6).Build();
        _program = ElfLoader.Load(ElfFile.Parse(elf), _memory);
        _memory.Map(0x12000, StackTop - 0x12000);
        _memory.Map(Outside, 0x1000);
        Assert.True(_memory.TryWrite(Outside, "untouched bytes!"u8));
        _hart = new Hart(_memory);
        _linux = new LinuxPersonality(_memory, _program, new LinuxOptions
        {
            Arguments = ["prog"],
            StandardInput = _stdin,
            StandardOutput = _stdout,
            RandomSeed = 1,
            AccessibleRange = new GuestAddressRange(0x10000, StackTop),
        }, HeapEnd);
    }

    public void Dispose()
    {
        _linux.Dispose();
        _memory.Dispose();
    }

    private long Syscall(ulong number, params ulong[] arguments)
    {
        _hart.SetRegister(17, number);
        for (var i = 0; i < arguments.Length; i++)
        {
            _hart.SetRegister(10 + i, arguments[i]);
        }
        Assert.False(_linux.ServeSystemCall(_hart));
        return (long)_hart.GetRegister(10);
    }

    private string OutsideBytes()
    {
        var bytes = new byte[16];
        Assert.True(_memory.TryRead(Outside, bytes));
        return Encoding.ASCII.GetString(bytes);
    }

    [Fact]
    public void The_host_places_the_stack_and_the_heap_lies_between_the_image_and_the_heap_end()
    {
        var sp = _linux.BuildInitialStack(StackTop);
        Assert.True(sp < StackTop && sp % 16 == 0);
        var argc = new byte[8];
        Assert.True(_memory.TryRead(sp, argc));
        Assert.Equal(1UL, BitConverter.ToUInt64(argc));
        Assert.Equal(0x12000L, Syscall(214, 0));
        const ulong ProtReadWrite = 3, MapPrivateAnonymous = 0x22;
        Assert.Equal((long)(HeapEnd - 0x2000), Syscall(222, 0, 0x2000, ProtReadWrite, MapPrivateAnonymous, ulong.MaxValue, 0));
        Assert.Equal(0x12000L, Syscall(214, HeapEnd)); // the break may not grow over the mappings
    }

    [Fact]
    public void Pointers_outside_the_accessible_range_get_EFAULT_and_touch_nothing()
    {
        Assert.Equal(-LinuxErrors.EFAULT, Syscall(63, 0, Outside, 5)); // read into it
        Assert.Equal(0, _stdin.Position); // and the input was not consumed
        Assert.Equal(-LinuxErrors.EFAULT, Syscall(64, 1, Outside, 5)); // write from it
        Assert.Equal(-LinuxErrors.EFAULT, Syscall(278, Outside, 16, 0)); // getrandom into it
        Assert.Equal(-LinuxErrors.EFAULT, Syscall(113, 0, Outside)); // clock_gettime into it
        Assert.Equal(-LinuxErrors.EFAULT, Syscall(63, 0, StackTop - 2, 5)); // straddling the end
        Assert.Equal(0, Syscall(233, Outside, 0x1000, 4)); // madvise(DONTNEED) is advice: ignored outside
        Assert.Equal("untouched bytes!", OutsideBytes());
        Assert.Empty(_stdout.ToArray());

        Assert.Equal(5, Syscall(63, 0, 0x30000, 5)); // inside, the same calls work
        Assert.Equal(5, Syscall(64, 1, 0x30000, 5));
        Assert.Equal("input", Encoding.ASCII.GetString(_stdout.ToArray()));
    }

    [Fact]
    public void The_range_check_does_not_overflow()
    {
        var range = new GuestAddressRange(0x1000, 0x2000);
        Assert.True(range.Contains(0x1000, 0x1000));
        Assert.False(range.Contains(0x1001, 0x1000));
        Assert.False(range.Contains(0x1800, ulong.MaxValue));
        Assert.False(range.Contains(ulong.MaxValue, 2));
        Assert.False(range.Contains(0xfff, 1));
    }
}
