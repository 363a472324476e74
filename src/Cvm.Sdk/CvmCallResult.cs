using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Cvm.Sdk;

/// <summary>
/// The out area a callee filled, read with validation: every slot, count and offset came from the callee and is
/// checked against the frame before use (<see cref="CvmProtocolException"/> otherwise).
/// </summary>
public sealed class CvmCallResult
{
    private readonly byte[] _in;
    private readonly byte[] _out;

    /// <summary>Wraps the areas of a completed call.</summary>
    public CvmCallResult(CvmContract contract, CvmMethodDescriptor method, byte[] inArea, byte[] outArea)
    {
        Contract = contract;
        Method = method;
        _in = inArea;
        _out = outArea;
    }

    /// <summary>The contract.</summary>
    public CvmContract Contract { get; }

    /// <summary>The method called.</summary>
    public CvmMethodDescriptor Method { get; }

    /// <summary>The return value of a scalar or enum method.</summary>
    public T Return<T>() where T : unmanaged =>
        CvmScalar.Decode<T>(BinaryPrimitives.ReadUInt64LittleEndian(_out.AsSpan(CvmFrame.ReturnSlotOffset)), What("return value"));

    /// <summary>The value of an <c>out</c>/<c>ref</c> scalar parameter after the call.</summary>
    public T Out<T>(int index) where T : unmanaged =>
        CvmScalar.Decode<T>(BinaryPrimitives.ReadUInt64LittleEndian(_out.AsSpan(CvmFrame.OutSlot(index))), What(Method.Parameters[index].Name));

    /// <summary>The struct a struct-returning method wrote to the return buffer.</summary>
    public T ReturnStruct<T>() where T : unmanaged
    {
        CvmFrameWriter.CheckStruct<T>(Method.Return.Struct, Method.Return.ElementSize);
        var (offset, _) = ReturnBuffer();
        return MemoryMarshal.Read<T>(_out.AsSpan(offset, Unsafe.SizeOf<T>()));
    }

    /// <summary>The UTF-8 string a string-returning method wrote (the return slot holds its byte count).</summary>
    public string ReturnString()
    {
        var bytes = ReturnBytes(1);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CvmProtocolException($"{What("return value")}: not valid UTF-8");
        }
    }

    /// <summary>The elements an array-returning method wrote (the return slot holds their count).</summary>
    public T[] ReturnArray<T>() where T : unmanaged => MemoryMarshal.Cast<byte, T>(ReturnBytes(Unsafe.SizeOf<T>())).ToArray();

    /// <summary>Copies a <c>Span&lt;T&gt;</c> parameter's elements back to the caller's span.</summary>
    public void CopySpan<T>(int index, Span<T> destination) where T : unmanaged
    {
        var slot = BinaryPrimitives.ReadUInt64LittleEndian(_in.AsSpan(CvmFrame.InSlot(index)));
        var (offset, length) = CvmFrame.CheckDataSlot(slot, Unsafe.SizeOf<T>(), CvmFrame.OutSlot(Method.Parameters.Count), _out.Length, What(Method.Parameters[index].Name));
        MemoryMarshal.Cast<byte, T>(_out.AsSpan(offset, length)).CopyTo(destination);
    }

    private ReadOnlySpan<byte> ReturnBytes(int elementSize)
    {
        var (offset, capacity) = ReturnBuffer();
        var count = BinaryPrimitives.ReadUInt64LittleEndian(_out.AsSpan(CvmFrame.ReturnSlotOffset));
        if (count > (ulong)capacity / (ulong)elementSize)
        {
            throw new CvmProtocolException($"{What("return value")}: {count} elements of {elementSize} bytes exceed the {capacity}-byte return buffer");
        }
        return _out.AsSpan(offset, (int)count * elementSize);
    }

    private (int Offset, int Capacity) ReturnBuffer() =>
        ((int)BinaryPrimitives.ReadUInt32LittleEndian(_in.AsSpan(CvmFrame.ReturnBufferOffset)),
         (int)BinaryPrimitives.ReadUInt32LittleEndian(_in.AsSpan(CvmFrame.ReturnCapacityOffset)));

    private string What(string name) => $"{Contract.ServiceName}.{Method.Name} {name}";
}
