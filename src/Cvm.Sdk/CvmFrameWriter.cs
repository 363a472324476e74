using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Cvm.Sdk;

/// <summary>
/// Builds the in and out areas of one call (docs/contracts-abi.md, "Frame"): generated host proxies fill one
/// parameter at a time by index, then hand it to <see cref="CvmServiceClient.Invoke"/>.
/// </summary>
public sealed class CvmFrameWriter
{
    private readonly List<byte> _in = [];
    private readonly List<byte> _out = [];
    private readonly bool[] _written;

    /// <summary>Starts the frame of <paramref name="method"/> of <paramref name="contract"/>.</summary>
    public CvmFrameWriter(CvmContract contract, CvmMethodDescriptor method)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(method);
        if (method.Parameters.Count > CvmFrame.MaxParameters)
        {
            throw new ArgumentException($"{contract.ServiceName}.{method.Name} has more than {CvmFrame.MaxParameters} parameters");
        }
        Contract = contract;
        Method = method;
        _written = new bool[method.Parameters.Count];
        _in.AddRange(new byte[CvmFrame.InSlot(method.Parameters.Count)]);
        _out.AddRange(new byte[CvmFrame.OutSlot(method.Parameters.Count)]);
        PutU64(_in, CvmFrame.HashOffset, contract.Hash);
        PutU32(_in, CvmFrame.MethodOffset, (uint)method.Id);
        PutU32(_in, CvmFrame.ParameterCountOffset, (uint)method.Parameters.Count);
        var returnBytes = method.Return.Kind switch
        {
            CvmTypeKind.Struct => method.Return.ElementSize,
            CvmTypeKind.String or CvmTypeKind.Array => method.ReturnCapacity,
            _ => 0,
        };
        if (returnBytes > 0)
        {
            var offset = Reserve(_out, returnBytes);
            PutU32(_in, CvmFrame.ReturnBufferOffset, (uint)offset);
            PutU32(_in, CvmFrame.ReturnCapacityOffset, (uint)returnBytes);
        }
    }

    /// <summary>The contract.</summary>
    public CvmContract Contract { get; }

    /// <summary>The method called.</summary>
    public CvmMethodDescriptor Method { get; }

    /// <summary>A scalar or enum parameter (<see cref="CvmDirection.In"/> or the incoming value of a <c>ref</c>).</summary>
    public void Scalar<T>(int index, T value) where T : unmanaged
    {
        Mark(index);
        PutU64(_in, CvmFrame.InSlot(index), CvmScalar.Encode(value));
    }

    /// <summary>An <c>out</c> scalar: nothing travels in; the callee writes the out slot.</summary>
    public void OutScalar(int index) => Mark(index);

    /// <summary>A struct passed by value: its bytes in the in area payload.</summary>
    public void Struct<T>(int index, in T value) where T : unmanaged
    {
        CheckStruct<T>(Method.Parameters[index].Struct, Method.Parameters[index].ElementSize);
        Data(index, _in, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)), 1);
    }

    /// <summary>A <c>ReadOnlySpan&lt;T&gt;</c> or an array parameter: elements in the in area payload.</summary>
    public void ReadOnlySpan<T>(int index, ReadOnlySpan<T> data) where T : unmanaged
    {
        CheckElement<T>(index);
        Data(index, _in, MemoryMarshal.AsBytes(data), data.Length);
    }

    /// <summary>A string parameter: its UTF-8 bytes in the in area payload (null travels as an empty string).</summary>
    public void String(int index, string? value)
    {
        var bytes = Encoding.UTF8.GetBytes(value ?? "");
        Data(index, _in, bytes, bytes.Length);
    }

    /// <summary>A CP_File handle: its name as UTF-8 in the in area payload.</summary>
    public void CapFile(int index, CvmCapFile file)
    {
        var bytes = Encoding.UTF8.GetBytes(file.Name ?? "");
        Data(index, _in, bytes, bytes.Length);
    }

    /// <summary>A <c>Span&lt;T&gt;</c> parameter: its current elements in the out area payload (copied back by <see cref="CvmCallResult.CopySpan{T}"/>).</summary>
    public void Span<T>(int index, ReadOnlySpan<T> current) where T : unmanaged
    {
        CheckElement<T>(index);
        Data(index, _out, MemoryMarshal.AsBytes(current), current.Length);
    }

    /// <summary>The finished areas.</summary>
    /// <exception cref="InvalidOperationException">A parameter was not written.</exception>
    public (byte[] In, byte[] Out) Build()
    {
        var missing = Array.IndexOf(_written, false);
        if (missing >= 0)
        {
            throw new InvalidOperationException($"{Contract.ServiceName}.{Method.Name}: parameter {missing} was not written");
        }
        if (_in.Count > CvmFrame.MaxAreaSize || _out.Count > CvmFrame.MaxAreaSize)
        {
            throw new ArgumentException($"{Contract.ServiceName}.{Method.Name}: arguments exceed {CvmFrame.MaxAreaSize} bytes");
        }
        return (_in.ToArray(), _out.ToArray());
    }

    /// <summary>Checks that <typeparamref name="T"/> has the size the contract declares (the generator's layout and the runtime's agree).</summary>
    internal static void CheckStruct<T>(CvmStructLayout? layout, int size) where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != size || layout is not null && layout.Size != size)
        {
            throw new CvmProtocolException($"{typeof(T)} is {Unsafe.SizeOf<T>()} bytes but the contract says {size}");
        }
    }

    private void CheckElement<T>(int index) where T : unmanaged
    {
        var parameter = Method.Parameters[index];
        if (parameter.ElementSize != Unsafe.SizeOf<T>())
        {
            throw new ArgumentException($"{Contract.ServiceName}.{Method.Name} parameter {parameter.Name}: elements of {typeof(T)} are not {parameter.ElementSize} bytes");
        }
    }

    private void Data(int index, List<byte> area, ReadOnlySpan<byte> bytes, int count)
    {
        Mark(index);
        var offset = Reserve(area, bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            area[offset + i] = bytes[i];
        }
        PutU64(_in, CvmFrame.InSlot(index), CvmFrame.DataSlot(offset, count));
    }

    private void Mark(int index)
    {
        if ((uint)index >= (uint)_written.Length || _written[index])
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"{Contract.ServiceName}.{Method.Name}: parameter {index} is out of range or written twice");
        }
        _written[index] = true;
    }

    private static int Reserve(List<byte> area, int bytes)
    {
        var offset = CvmFrame.Align(area.Count);
        area.AddRange(new byte[offset - area.Count + CvmFrame.Align(bytes)]);
        return offset;
    }

    private static void PutU64(List<byte> area, int offset, ulong value)
    {
        for (var i = 0; i < 8; i++)
        {
            area[offset + i] = (byte)(value >> (8 * i));
        }
    }

    private static void PutU32(List<byte> area, int offset, uint value)
    {
        for (var i = 0; i < 4; i++)
        {
            area[offset + i] = (byte)(value >> (8 * i));
        }
    }
}
