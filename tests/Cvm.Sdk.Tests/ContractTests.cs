using Cvm.Monitor;

namespace Cvm.Sdk.Tests;

public sealed class ContractTests
{
    [Theory]
    // Published FNV-1a 64 test vectors (Fowler/Noll/Vo reference test suite).
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void The_contract_hash_is_fnv1a_64(string text, ulong expected) => Assert.Equal(expected, CvmContract.ComputeHash(text));

    [Fact]
    public void The_canonical_text_follows_the_documented_grammar()
    {
        var lines = Contracts.KeyValue.CanonicalText.Split('\n');
        Assert.Equal("service kv", lines[0]);
        Assert.Equal("method 1 Put (in readonlyspan<u8>:1, in readonlyspan<u8>:1) -> in i32:4 budget - async 0 capacity 4096", lines[1]);
        Assert.Equal("method 5 Scale (in struct:16{Point 16 8 X@0:i32:4 Y@4:i32:4 Z@8:i64:8}) -> in struct:16{Point 16 8 X@0:i32:4 Y@4:i32:4 Z@8:i64:8} budget - async 0 capacity 4096", lines[5]);
        Assert.Equal("method 7 Spin () -> in void:0 budget 100000 async 0 capacity 4096", lines[7]);
        Assert.Equal("", lines[^1]);
    }

    [Fact]
    public void A_contract_whose_hash_does_not_match_its_descriptors_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new CvmContract("kv", "IKeyValue", Contracts.KeyValue.Hash + 1, Contracts.KeyValueMethods));
        Assert.Contains("does not match", e.Message);
        Assert.Throws<ArgumentException>(() => new CvmContract("Bad-Name", "I", 0, []));
    }

    [Fact]
    public void Exports_are_frame_exports_named_after_service_and_method_with_their_budgets()
    {
        var spin = Contracts.KeyValue.Exports().Single(e => e.Name == "kv__Spin");
        Assert.Equal(BufferDirection.Frame, spin.Buffer);
        Assert.Equal(100_000UL, spin.InstructionBudget);
        Assert.Equal("__cvm_export_kv__Spin", spin.EntrySymbol);
    }

    private interface INotAService;

    [Fact]
    public void An_interface_without_a_registration_is_refused_with_a_clear_message()
    {
        using var host = new CvmHost(new CvmMonitor());
        var e = Assert.Throws<InvalidOperationException>(() => host.GetService<INotAService>("kv"));
        Assert.Contains("[CvmService", e.Message);
    }
}

public sealed class ScalarTests
{
    [Fact]
    public void Scalars_travel_extended_as_in_registers()
    {
        Assert.Equal(ulong.MaxValue, CvmScalar.Encode((sbyte)-1));
        Assert.Equal(0xffUL, CvmScalar.Encode((byte)0xff));
        Assert.Equal(0xffff_ffff_8000_0000UL, CvmScalar.Encode(int.MinValue));
        Assert.Equal(0x3fc0_0000UL, CvmScalar.Encode(1.5f));
        Assert.Equal(1UL, CvmScalar.Encode(true));
        Assert.Equal(3UL, CvmScalar.Encode(Color.Blue));
        Assert.Equal(-1, CvmScalar.Decode<int>(ulong.MaxValue, "x"));
        Assert.Equal(1.5f, CvmScalar.Decode<float>(0x3fc0_0000UL, "x"));
    }

    [Theory]
    [InlineData(2UL)]
    [InlineData(0x1_0000_0000UL)]
    public void A_bool_other_than_0_or_1_is_a_protocol_violation(ulong slot) =>
        Assert.Throws<CvmProtocolException>(() => CvmScalar.Decode<bool>(slot, "flag"));

    [Fact]
    public void Badly_extended_integers_and_undeclared_enums_are_protocol_violations()
    {
        Assert.Throws<CvmProtocolException>(() => CvmScalar.Decode<int>(0x8000_0000UL, "x"));
        Assert.Throws<CvmProtocolException>(() => CvmScalar.Decode<byte>(0x100UL, "x"));
        Assert.Throws<CvmProtocolException>(() => CvmScalar.Decode<float>(1UL << 32, "x"));
        Assert.Throws<CvmProtocolException>(() => CvmScalar.Decode<Color>(0UL, "x"));
        Assert.Equal(Color.Green, CvmScalar.Decode<Color>(2UL, "x"));
    }
}

public sealed class FrameTests
{
    [Fact]
    public void The_writer_lays_out_header_slots_and_payload_as_documented()
    {
        var method = Contracts.KeyValue.Method(2);
        var frame = new CvmFrameWriter(Contracts.KeyValue, method);
        frame.ReadOnlySpan(0, "key"u8);
        frame.Span<byte>(1, new byte[5]);
        var (inArea, outArea) = frame.Build();
        Assert.Equal(Contracts.KeyValue.Hash, BitConverter.ToUInt64(inArea, 0));
        Assert.Equal(2u, BitConverter.ToUInt32(inArea, 8));
        Assert.Equal(2u, BitConverter.ToUInt32(inArea, 12));
        Assert.Equal(CvmFrame.DataSlot(40, 3), BitConverter.ToUInt64(inArea, CvmFrame.InSlot(0)));
        Assert.Equal("key"u8.ToArray(), inArea[40..43]);
        Assert.Equal(CvmFrame.DataSlot(24, 5), BitConverter.ToUInt64(inArea, CvmFrame.InSlot(1)));
        Assert.Equal(32, outArea.Length);
    }

    [Fact]
    public void A_parameter_left_unwritten_is_a_programming_error()
    {
        var frame = new CvmFrameWriter(Contracts.KeyValue, Contracts.KeyValue.Method(1));
        frame.ReadOnlySpan(0, "k"u8);
        Assert.Throws<InvalidOperationException>(() => frame.Build());
    }

    [Theory]
    [InlineData(4UL << 32 | 1)]        // inside the slots
    [InlineData(41UL << 32 | 1)]       // misaligned
    [InlineData(40UL << 32 | 100)]     // runs past the area
    [InlineData(0xffff_fff8UL << 32 | 0xffff_ffff)] // wraps
    public void Data_slots_outside_the_payload_are_protocol_violations(ulong slot) =>
        Assert.Throws<CvmProtocolException>(() => CvmFrame.CheckDataSlot(slot, 1, 40, 64, "x"));
}
