namespace Cvm.Generators.Tests;

/// <summary>Contracts the tests generate code for.</summary>
internal static class Contracts
{
    /// <summary>The example of the product documentation.</summary>
    public const string KeyValueStore = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Cvm.Sdk;

        namespace Demo.Storage
        {
            [CvmService("kv")]
            public interface IKeyValueStore
            {
                int Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);
                int Get(ReadOnlySpan<byte> key, Span<byte> value);
                ValueTask<long> CountAsync(CancellationToken cancellationToken = default);
            }
        }
        """;

    /// <summary>Every marshalled kind at least once, including nested structs, enums and budgets.</summary>
    public const string EveryType = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Cvm.Sdk;

        namespace Demo.Everything
        {
            public enum Color : byte { Red = 1, Green = 2, Blue = 4 }

            [Flags]
            public enum Access { None = 0, Read = 1, Write = 2 }

            public struct Point { public int X; public int Y; }

            public struct Segment { public Point From; public Point To; public byte Weight; public double Length; public bool Visible; }

            [CvmService("every_type")]
            internal interface IEveryType
            {
                void Ping();
                bool Flip(bool value);
                long Integers(sbyte a, byte b, short c, ushort d, int e, uint f, long g, ulong h, char i);
                double Floating(float x, double y);
                Color Mix(Color color, Access access);
                [CvmBudget(Instructions = 10_000)]
                Segment Stretch(Segment segment, in Point by);
                void Divide(int dividend, int divisor, out int quotient, ref int remainder);
                int Sum(ReadOnlySpan<int> values);
                void Fill(Span<Point> points, int count);
                string Greet(string name);
                int[] Reverse(int[] values);
                long Share(CvmCapFile buffer, long offset);
                Task Flush(CancellationToken cancellationToken);
                ValueTask<Segment> LongestAsync(ReadOnlySpan<byte> unused, CancellationToken cancellationToken);
            }
        }
        """;

    /// <summary>A contract in the global namespace whose names need escaping or clash with generated locals, with explicit ids and an interface budget.</summary>
    public const string GlobalNamespace = """
        [Cvm.Sdk.CvmService("cat")]
        [Cvm.Sdk.CvmBudget(Instructions = 5000)]
        public interface ICat
        {
            [Cvm.Sdk.CvmMethod(Id = 7)]
            int Meow(int @class, string @event);
            string? Purr(string? frame, out long result, ref bool call, long @int, long cvm__in);
        }
        """;
}
