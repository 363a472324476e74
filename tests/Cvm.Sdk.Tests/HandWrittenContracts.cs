using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cvm.Sdk.Tests;

// What the generator emits for two contracts, written by hand exactly as docs/contracts-abi.md specifies, so the
// runtime is tested independently of the generator.

public enum Color : int
{
    Red = 1,
    Green = 2,
    Blue = 3,
}

[StructLayout(LayoutKind.Sequential)]
public struct Point
{
    public int X;
    public int Y;
    public long Z;
}

[CvmService("kv")]
public interface IKeyValue
{
    int Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);
    int Get(ReadOnlySpan<byte> key, Span<byte> value);
    double Mix(sbyte a, ushort b, int c, ulong d, float e, double f, bool g, Color h, out long sum);
    string Name();
    Point Scale(Point point);
    void Crash();
    [CvmBudget(Instructions = 100_000)]
    void Spin();
    byte[] Lie();
    Color BadEnum();
    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);
}

[CvmService("echo")]
public interface IEcho
{
    int Reverse(ReadOnlySpan<byte> input, Span<byte> output);
    string Greet(string name);
}

internal static class Contracts
{
    private static CvmParameterDescriptor In(string name, CvmTypeKind kind, int size, CvmTypeKind element = CvmTypeKind.Void) =>
        new(name, kind, CvmDirection.In, element, size);

    private static CvmParameterDescriptor Bytes(string name) => new(name, CvmTypeKind.ReadOnlySpan, CvmDirection.In, CvmTypeKind.U8, 1);

    private static readonly CvmParameterDescriptor Void = In("return", CvmTypeKind.Void, 0);

    private static readonly CvmStructLayout PointLayout = new("Point", 16, 8,
        [new("X", CvmTypeKind.I32, 0, 4), new("Y", CvmTypeKind.I32, 4, 4), new("Z", CvmTypeKind.I64, 8, 8)]);

    public static readonly CvmMethodDescriptor[] KeyValueMethods =
    [
        new(1, "Put", [Bytes("key"), Bytes("value")], In("return", CvmTypeKind.I32, 4), null, false),
        new(2, "Get", [Bytes("key"), new("value", CvmTypeKind.Span, CvmDirection.Ref, CvmTypeKind.U8, 1)], In("return", CvmTypeKind.I32, 4), null, false),
        new(3, "Mix",
            [In("a", CvmTypeKind.I8, 1), In("b", CvmTypeKind.U16, 2), In("c", CvmTypeKind.I32, 4), In("d", CvmTypeKind.U64, 8),
             In("e", CvmTypeKind.F32, 4), In("f", CvmTypeKind.F64, 8), In("g", CvmTypeKind.Bool, 1), In("h", CvmTypeKind.Enum, 4, CvmTypeKind.I32),
             new("sum", CvmTypeKind.I64, CvmDirection.Out, CvmTypeKind.Void, 8)],
            In("return", CvmTypeKind.F64, 8), null, false),
        new(4, "Name", [], In("return", CvmTypeKind.String, 1), null, false),
        new(5, "Scale", [new("point", CvmTypeKind.Struct, CvmDirection.In, CvmTypeKind.Void, 16, PointLayout)],
            new("return", CvmTypeKind.Struct, CvmDirection.In, CvmTypeKind.Void, 16, PointLayout), null, false),
        new(6, "Crash", [], Void, null, false),
        new(7, "Spin", [], Void, 100_000, false),
        new(8, "Lie", [], In("return", CvmTypeKind.Array, 1, CvmTypeKind.U8), null, false, ReturnCapacity: 64),
        new(9, "BadEnum", [], In("return", CvmTypeKind.Enum, 4, CvmTypeKind.I32), null, false),
        new(10, "CountAsync", [], In("return", CvmTypeKind.I64, 8), null, true),
    ];

    public static readonly CvmMethodDescriptor[] EchoMethods =
    [
        new(1, "Reverse", [Bytes("input"), new("output", CvmTypeKind.Span, CvmDirection.Ref, CvmTypeKind.U8, 1)], In("return", CvmTypeKind.I32, 4), null, false),
        new(2, "Greet", [In("name", CvmTypeKind.String, 1)], In("return", CvmTypeKind.String, 1), null, false, ReturnCapacity: 128),
    ];

    public static readonly CvmContract KeyValue = new("kv", "Cvm.Sdk.Tests.IKeyValue",
        CvmContract.ComputeHash(CvmContract.BuildCanonicalText("kv", KeyValueMethods)), KeyValueMethods);

    public static readonly CvmContract Echo = new("echo", "Cvm.Sdk.Tests.IEcho",
        CvmContract.ComputeHash(CvmContract.BuildCanonicalText("echo", EchoMethods)), EchoMethods);

    [ModuleInitializer]
    internal static void Register()
    {
        CvmServiceRegistry.Register(new CvmServiceRegistration<IKeyValue>(KeyValue, client => new KeyValueProxy(client), KeyValueSkeleton));
        CvmServiceRegistry.Register(new CvmServiceRegistration<IEcho>(Echo, client => new EchoProxy(client), EchoSkeleton));
    }

    private static void KeyValueSkeleton(IKeyValue implementation, CvmServiceCall call)
    {
        switch (call.MethodId)
        {
            case 1:
                call.SetReturn(implementation.Put(call.ReadOnlySpan<byte>(0).ToArray(), call.ReadOnlySpan<byte>(1).ToArray()));
                break;
            case 2:
            {
                var view = call.Span<byte>(1);
                var value = view.ToArray();
                var result = implementation.Get(call.ReadOnlySpan<byte>(0).ToArray(), value);
                view.CopyFrom(value);
                call.SetReturn(result);
                break;
            }
            case 3:
            {
                var result = implementation.Mix(call.Scalar<sbyte>(0), call.Scalar<ushort>(1), call.Scalar<int>(2), call.Scalar<ulong>(3),
                    call.Scalar<float>(4), call.Scalar<double>(5), call.Scalar<bool>(6), call.Scalar<Color>(7), out var sum);
                call.SetOut(8, sum);
                call.SetReturn(result);
                break;
            }
            case 4:
                call.SetReturnString(implementation.Name());
                break;
            case 5:
                call.SetReturnStruct(implementation.Scale(call.Struct<Point>(0)));
                break;
            case 6:
                implementation.Crash();
                break;
            case 7:
                implementation.Spin();
                break;
            case 8:
                call.SetReturnArray<byte>(implementation.Lie());
                break;
            case 9:
                call.SetReturn(implementation.BadEnum());
                break;
            case 10:
                call.SetReturn(implementation.CountAsync().AsTask().GetAwaiter().GetResult());
                break;
        }
    }

    private static void EchoSkeleton(IEcho implementation, CvmServiceCall call)
    {
        switch (call.MethodId)
        {
            case 1:
            {
                var input = call.ReadOnlySpan<byte>(0).ToArray();
                var view = call.Span<byte>(1);
                var output = view.ToArray();
                var result = implementation.Reverse(input, output);
                view.CopyFrom(output);
                call.SetReturn(result);
                break;
            }
            case 2:
                call.SetReturnString(implementation.Greet(call.String(0)));
                break;
        }
    }
}

internal sealed class KeyValueProxy(CvmServiceClient client) : IKeyValue
{
    public int Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var frame = client.BeginCall(1);
        frame.ReadOnlySpan(0, key);
        frame.ReadOnlySpan(1, value);
        return client.Invoke(frame).Return<int>();
    }

    public int Get(ReadOnlySpan<byte> key, Span<byte> value)
    {
        var frame = client.BeginCall(2);
        frame.ReadOnlySpan(0, key);
        frame.Span<byte>(1, value);
        var result = client.Invoke(frame);
        result.CopySpan(1, value);
        return result.Return<int>();
    }

    public double Mix(sbyte a, ushort b, int c, ulong d, float e, double f, bool g, Color h, out long sum)
    {
        var frame = client.BeginCall(3);
        frame.Scalar(0, a);
        frame.Scalar(1, b);
        frame.Scalar(2, c);
        frame.Scalar(3, d);
        frame.Scalar(4, e);
        frame.Scalar(5, f);
        frame.Scalar(6, g);
        frame.Scalar(7, h);
        frame.OutScalar(8);
        var result = client.Invoke(frame);
        sum = result.Out<long>(8);
        return result.Return<double>();
    }

    public string Name() => client.Invoke(client.BeginCall(4)).ReturnString();

    public Point Scale(Point point)
    {
        var frame = client.BeginCall(5);
        frame.Struct(0, in point);
        return client.Invoke(frame).ReturnStruct<Point>();
    }

    public void Crash() => client.Invoke(client.BeginCall(6));

    public void Spin() => client.Invoke(client.BeginCall(7));

    public byte[] Lie() => client.Invoke(client.BeginCall(8)).ReturnArray<byte>();

    public Color BadEnum() => client.Invoke(client.BeginCall(9)).Return<Color>();

    public async ValueTask<long> CountAsync(CancellationToken cancellationToken = default) =>
        (await client.InvokeAsync(client.BeginCall(10), cancellationToken)).Return<long>();
}

internal sealed class EchoProxy(CvmServiceClient client) : IEcho
{
    public int Reverse(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var frame = client.BeginCall(1);
        frame.ReadOnlySpan(0, input);
        frame.Span<byte>(1, output);
        var result = client.Invoke(frame);
        result.CopySpan(1, output);
        return result.Return<int>();
    }

    public string Greet(string name)
    {
        var frame = client.BeginCall(2);
        frame.String(0, name);
        return client.Invoke(frame).ReturnString();
    }
}
