using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Cvm.Monitor;

namespace Cvm.Sdk;

/// <summary>
/// One guest → host call as a generated skeleton sees it: arguments decoded from the guest's frame with every
/// slot checked, spans as leased views of guest memory, results written to the guest's out area. Valid only
/// while the skeleton runs.
/// </summary>
public sealed class CvmServiceCall
{
    private readonly GuestMemoryView _in;
    private readonly GuestMemoryView _out;
    private readonly int _inLength;
    private readonly int _outLength;
    private readonly uint _returnOffset;
    private readonly uint _returnCapacity;

    internal CvmServiceCall(CvmContract contract, CvmMethodDescriptor method, string caller, GuestMemoryView inArea, GuestMemoryView outArea)
    {
        Contract = contract;
        Method = method;
        Caller = caller;
        _in = inArea;
        _out = outArea;
        _inLength = (int)inArea.Length;
        _outLength = (int)outArea.Length;
        _returnOffset = ReadIn32(CvmFrame.ReturnBufferOffset);
        _returnCapacity = ReadIn32(CvmFrame.ReturnCapacityOffset);
        var needed = method.Return.Kind switch
        {
            CvmTypeKind.Struct => (uint)method.Return.ElementSize,
            CvmTypeKind.String or CvmTypeKind.Array => 1u,
            _ => 0u,
        };
        if (needed > 0 && (_returnOffset % CvmFrame.PayloadAlignment != 0 || _returnOffset < CvmFrame.OutSlot(method.Parameters.Count)
            || _returnOffset > _outLength || _returnCapacity > _outLength - _returnOffset || _returnCapacity < needed))
        {
            throw new CvmProtocolException($"{What("return buffer")}: {_returnCapacity} bytes at {_returnOffset} do not fit the {_outLength}-byte out area");
        }
    }

    /// <summary>The contract.</summary>
    public CvmContract Contract { get; }

    /// <summary>The method called.</summary>
    public CvmMethodDescriptor Method { get; }

    /// <summary>The calling cVM (from the monitor, not from guest input).</summary>
    public string Caller { get; }

    /// <summary>Method id.</summary>
    public int MethodId => Method.Id;

    /// <summary>A scalar, enum or the incoming value of a <c>ref</c> scalar.</summary>
    public T Scalar<T>(int index) where T : unmanaged => CvmScalar.Decode<T>(ReadIn64(CvmFrame.InSlot(index)), What(Method.Parameters[index].Name));

    /// <summary>A struct passed by value.</summary>
    public T Struct<T>(int index) where T : unmanaged
    {
        CvmFrameWriter.CheckStruct<T>(Method.Parameters[index].Struct, Method.Parameters[index].ElementSize);
        var (offset, _) = InData(index, Unsafe.SizeOf<T>(), expectedCount: 1);
        T value = default;
        _in.Read((ulong)offset, MemoryMarshal.AsBytes(new Span<T>(ref value)));
        return value;
    }

    /// <summary>A <c>ReadOnlySpan&lt;T&gt;</c> or array parameter as a leased read-only view.</summary>
    public GuestReadOnlySpan<T> ReadOnlySpan<T>(int index) where T : unmanaged
    {
        var (offset, length) = InData(index, Unsafe.SizeOf<T>(), expectedCount: null);
        return new GuestReadOnlySpan<T>(_in, (ulong)offset, length / Unsafe.SizeOf<T>());
    }

    /// <summary>An array parameter, copied.</summary>
    public T[] Array<T>(int index) where T : unmanaged => ReadOnlySpan<T>(index).ToArray();

    /// <summary>A <c>Span&lt;T&gt;</c> parameter as a leased writable view of the guest's out area.</summary>
    public GuestSpan<T> Span<T>(int index) where T : unmanaged
    {
        var (offset, length) = CvmFrame.CheckDataSlot(ReadIn64(CvmFrame.InSlot(index)), Unsafe.SizeOf<T>(),
            CvmFrame.OutSlot(Method.Parameters.Count), _outLength, What(Method.Parameters[index].Name));
        return new GuestSpan<T>(_out, (ulong)offset, length / Unsafe.SizeOf<T>());
    }

    /// <summary>A string parameter (UTF-8 checked).</summary>
    public string String(int index)
    {
        var (offset, length) = InData(index, 1, expectedCount: null);
        var bytes = new byte[length];
        _in.Read((ulong)offset, bytes);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CvmProtocolException($"{What(Method.Parameters[index].Name)}: not valid UTF-8");
        }
    }

    /// <summary>A CP_File handle parameter.</summary>
    public CvmCapFile CapFile(int index) => new(String(index));

    /// <summary>Sets an <c>out</c>/<c>ref</c> scalar parameter.</summary>
    public void SetOut<T>(int index, T value) where T : unmanaged => WriteOut64(CvmFrame.OutSlot(index), CvmScalar.Encode(value));

    /// <summary>Sets a scalar or enum return value.</summary>
    public void SetReturn<T>(T value) where T : unmanaged => WriteOut64(CvmFrame.ReturnSlotOffset, CvmScalar.Encode(value));

    /// <summary>Writes a struct return value to the return buffer.</summary>
    public void SetReturnStruct<T>(in T value) where T : unmanaged
    {
        CvmFrameWriter.CheckStruct<T>(Method.Return.Struct, Method.Return.ElementSize);
        _out.Write(_returnOffset, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));
    }

    /// <summary>Writes a string return value (UTF-8) and its byte count.</summary>
    /// <exception cref="CvmProtocolException">It does not fit the caller's return buffer.</exception>
    public void SetReturnString(string? value) => SetReturnArray<byte>(Encoding.UTF8.GetBytes(value ?? ""));

    /// <summary>Writes an array return value and its element count.</summary>
    /// <exception cref="CvmProtocolException">It does not fit the caller's return buffer.</exception>
    public void SetReturnArray<T>(ReadOnlySpan<T> elements) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(elements);
        if ((uint)bytes.Length > _returnCapacity)
        {
            throw new CvmProtocolException($"{What("return value")}: {bytes.Length} bytes exceed the caller's {_returnCapacity}-byte return buffer");
        }
        _out.Write(_returnOffset, bytes);
        WriteOut64(CvmFrame.ReturnSlotOffset, (ulong)elements.Length);
    }

    private (int Offset, int Length) InData(int index, int elementSize, int? expectedCount)
    {
        var slot = ReadIn64(CvmFrame.InSlot(index));
        var range = CvmFrame.CheckDataSlot(slot, elementSize, CvmFrame.InSlot(Method.Parameters.Count), _inLength, What(Method.Parameters[index].Name));
        if (expectedCount is { } count && CvmFrame.SplitDataSlot(slot).Count != count)
        {
            throw new CvmProtocolException($"{What(Method.Parameters[index].Name)}: expected {count} element, found {CvmFrame.SplitDataSlot(slot).Count}");
        }
        return range;
    }

    private ulong ReadIn64(int offset)
    {
        Span<byte> bytes = stackalloc byte[8];
        _in.Read((ulong)offset, bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    private uint ReadIn32(int offset)
    {
        Span<byte> bytes = stackalloc byte[4];
        _in.Read((ulong)offset, bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    private void WriteOut64(int offset, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        _out.Write((ulong)offset, bytes);
    }

    private string What(string name) => $"{Contract.ServiceName}.{Method.Name} {name} (from {Caller})";
}
