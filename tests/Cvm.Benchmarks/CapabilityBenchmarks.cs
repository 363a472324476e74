using BenchmarkDotNet.Attributes;
using Cvm.Cheri;

namespace Cvm.Benchmarks;

/// <summary>
/// The capability operations on the emulator's hot paths: decoding bounds (every checked memory access) and
/// setting bounds. Capabilities live in fields so the JIT cannot fold them into constants.
/// </summary>
[MemoryDiagnoser]
public class CapabilityBenchmarks
{
    private Capability _root;
    private Capability _smallExact;
    private Capability _inexact;
    private Capability _largeSealed;
    private Capability _rootAt0x12345;
    private ulong _length;

    [GlobalSetup]
    public void Setup()
    {
        _root = Capability.Root;
        _smallExact = Capability.Root.SetAddress(0x1000).SetBoundsExact(0x20);
        _inexact = Capability.Root.SetAddress(0x12345).SetBounds(0x12345).SetAddress(0x20000);
        _largeSealed = Capability.Root.SetAddress(0x4000_0000).SetBounds(0x1234_5678_9abc).SealEntry();
        _rootAt0x12345 = Capability.Root.SetAddress(0x12345);
        _length = 0x12345;
    }

    [Benchmark]
    public CapabilityBounds GetBounds_root() => _root.GetBounds();

    [Benchmark]
    public CapabilityBounds GetBounds_small_exact() => _smallExact.GetBounds();

    [Benchmark]
    public CapabilityBounds GetBounds_inexact() => _inexact.GetBounds();

    [Benchmark]
    public CapabilityBounds GetBounds_large_sealed() => _largeSealed.GetBounds();

    [Benchmark]
    public bool InBounds_inexact() => _inexact.InBounds(0x20000, 8);

    [Benchmark]
    public Capability SetBounds_inexact() => _rootAt0x12345.SetBounds(_length);

    [Benchmark]
    public Capability SetBounds_exact_small() => _inexact.SetBoundsExact(0x40);

    [Benchmark]
    public Capability IncrementOffset() => _inexact.IncrementOffset(0x10);

    [Benchmark]
    public Capability SetAddress() => _inexact.SetAddress(0x20010);
}
