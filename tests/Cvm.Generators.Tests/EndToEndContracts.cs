using Cvm.Sdk;

namespace Cvm.Generators.Tests.EndToEnd;

public enum Shade : short
{
    Dark = -1,
    Light = 1,
}

public struct Vec
{
    public int X;
    public int Y;
    public double W;
}

/// <summary>Implemented in C by the guest guests/calc.c; called from C# and from another guest.</summary>
[CvmService("calc")]
public interface ICalc
{
    long Add(sbyte a, ushort b, int c, long d, bool negate);

    double Scale(float f, double d, Shade shade, out int sign, ref long counter);

    Vec Move(Vec v, in Vec by);

    int Sum(ReadOnlySpan<int> values, Span<long> doubled);

    string Greet(string name);

    int[] Reverse(int[] values);

    Shade Flip(Shade shade);

    void Crash();

    [CvmBudget(Instructions = 50_000)]
    void Spin();

    ValueTask<int> TwiceAsync(int value, CancellationToken cancellationToken = default);
}

/// <summary>Implemented in C# and called by the guest.</summary>
[CvmService("greeter")]
public interface IGreeter
{
    string Hello(string name);

    int Zeros(ReadOnlySpan<byte> data, out int ones);
}
