using System.Runtime.InteropServices;

namespace Cvm.Machine.Memory;

/// <summary>
/// A zero-filled block of host memory whose pages the operating system commits only when first touched, so a
/// guest address space of several GiB costs nothing until the guest uses it. On Linux this is an anonymous
/// <c>mmap</c> with <c>MAP_NORESERVE</c> (no swap reservation for untouched pages); elsewhere it falls back to
/// <see cref="NativeMemory.AllocZeroed(nuint)"/>, which large-allocation paths also satisfy lazily.
/// </summary>
internal sealed unsafe class HostReservation : IDisposable
{
    private const int ProtRead = 1, ProtWrite = 2;
    private const int MapPrivate = 0x02, MapAnonymous = 0x20, MapNoReserve = 0x4000;

    private readonly bool _mapped;
    private byte* _pointer;

    public HostReservation(ulong length)
    {
        Length = length;
        if (OperatingSystem.IsLinux())
        {
            var result = Mmap(null, (nuint)length, ProtRead | ProtWrite, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
            if (result == (void*)-1)
            {
                throw new OutOfMemoryException($"cannot reserve {length} bytes of host address space for the guest");
            }
            _pointer = (byte*)result;
            _mapped = true;
        }
        else
        {
            _pointer = (byte*)NativeMemory.AllocZeroed((nuint)length);
        }
    }

    public ulong Length { get; }

    public byte* Pointer => _pointer != null ? _pointer : throw new ObjectDisposedException(nameof(HostReservation));

    /// <summary>Gives the pages of a range back to the host; they read as zero afterwards.</summary>
    public void Discard(ulong offset, ulong length)
    {
        if (_mapped && (offset & 4095) == 0 && (length & 4095) == 0)
        {
            const int MadvDontNeed = 4;
            if (Madvise(_pointer + offset, (nuint)length, MadvDontNeed) == 0)
            {
                return;
            }
        }
        for (ulong done = 0; done < length; done += int.MaxValue)
        {
            new Span<byte>(_pointer + offset + done, (int)Math.Min(length - done, int.MaxValue)).Clear();
        }
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    ~HostReservation() => Release();

    private void Release()
    {
        if (_pointer == null)
        {
            return;
        }
        if (_mapped)
        {
            _ = Munmap(_pointer, (nuint)Length);
        }
        else
        {
            NativeMemory.Free(_pointer);
        }
        _pointer = null;
    }

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static extern int Munmap(void* address, nuint length);

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static extern int Madvise(void* address, nuint length, int advice);
}
