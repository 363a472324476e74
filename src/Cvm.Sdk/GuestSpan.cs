using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Cvm.Monitor;

namespace Cvm.Sdk;

/// <summary>
/// Read-only elements in a guest's memory, leased for the duration of one guest → host call: bounded to what the
/// guest passed, and unusable (<see cref="InvalidOperationException"/>) once the call has returned.
/// </summary>
public readonly struct GuestReadOnlySpan<T> where T : unmanaged
{
    private readonly GuestMemoryView? _view;
    private readonly ulong _offset;

    internal GuestReadOnlySpan(GuestMemoryView view, ulong offset, int length)
    {
        _view = view;
        _offset = offset;
        Length = length;
    }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>Element <paramref name="index"/>, read from guest memory now.</summary>
    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }
            T value = default;
            View.Read(_offset + (ulong)index * (ulong)Unsafe.SizeOf<T>(), MemoryMarshal.AsBytes(new Span<T>(ref value)));
            return value;
        }
    }

    /// <summary>Copies every element to <paramref name="destination"/> (at least <see cref="Length"/> long).</summary>
    public void CopyTo(Span<T> destination) => View.Read(_offset, MemoryMarshal.AsBytes(destination[..Length]));

    /// <summary>A copy of the elements.</summary>
    public T[] ToArray()
    {
        var array = new T[Length];
        CopyTo(array);
        return array;
    }

    private GuestMemoryView View => _view ?? throw new InvalidOperationException("default GuestReadOnlySpan");
}

/// <summary>
/// Writable elements in a guest's memory (a <c>Span&lt;T&gt;</c> parameter), leased for one guest → host call.
/// </summary>
public readonly struct GuestSpan<T> where T : unmanaged
{
    private readonly GuestMemoryView? _view;
    private readonly ulong _offset;

    internal GuestSpan(GuestMemoryView view, ulong offset, int length)
    {
        _view = view;
        _offset = offset;
        Length = length;
    }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>Element <paramref name="index"/>, read from or written to guest memory now.</summary>
    public T this[int index]
    {
        get => AsReadOnly()[index];
        set
        {
            if ((uint)index >= (uint)Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }
            View.Write(_offset + (ulong)index * (ulong)Unsafe.SizeOf<T>(), MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));
        }
    }

    /// <summary>Copies every element to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<T> destination) => AsReadOnly().CopyTo(destination);

    /// <summary>Writes <paramref name="source"/> (at most <see cref="Length"/> elements) from the start.</summary>
    public void CopyFrom(ReadOnlySpan<T> source)
    {
        if (source.Length > Length)
        {
            throw new ArgumentException($"{source.Length} elements do not fit {Length}");
        }
        View.Write(_offset, MemoryMarshal.AsBytes(source));
    }

    /// <summary>A copy of the elements.</summary>
    public T[] ToArray() => AsReadOnly().ToArray();

    /// <summary>The same elements, read-only.</summary>
    public GuestReadOnlySpan<T> AsReadOnly() => new(View, _offset, Length);

    private GuestMemoryView View => _view ?? throw new InvalidOperationException("default GuestSpan");
}
