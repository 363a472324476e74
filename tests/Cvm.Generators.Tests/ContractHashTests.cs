namespace Cvm.Generators.Tests;

/// <summary>The contract hash identifies what is on the wire: stable across builds, changed by any wire change.</summary>
public sealed class ContractHashTests
{
    private static ulong Hash(string source) => Models.Single(source).ContractHash;

    [Fact]
    public void The_same_contract_compiled_twice_gives_equal_models_and_the_same_hash()
    {
        var first = Models.Single(Contracts.EveryType);
        var second = Models.Single(Contracts.EveryType);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.Equal(first.ContractHash, second.ContractHash);
    }

    [Fact]
    public void The_hash_and_canonical_text_are_the_runtimes()
    {
        var model = Models.Single(Contracts.KeyValueStore);
        Assert.Equal(
            "service kv\n"
            + "method 1 Put (in readonlyspan<u8>:1, in readonlyspan<u8>:1) -> in i32:4 budget - async 0 capacity 4096\n"
            + "method 2 Get (in readonlyspan<u8>:1, ref span<u8>:1) -> in i32:4 budget - async 0 capacity 4096\n"
            + "method 3 CountAsync () -> in i64:8 budget - async 1 capacity 4096\n",
            model.CanonicalText);
        Assert.Equal(Cvm.Sdk.CvmContract.ComputeHash(model.CanonicalText), model.ContractHash);
    }

    [Theory]
    [InlineData("int Put(", "long Put(")]                                   // result type
    [InlineData("ReadOnlySpan<byte> value", "Span<byte> value")]            // direction of a buffer
    [InlineData("ReadOnlySpan<byte> key, ", "")]                            // a parameter removed
    [InlineData("int Get(", "int Fetch(")]                                  // method renamed
    [InlineData("[CvmService(\"kv\")]", "[CvmService(\"kv2\")]")]          // service renamed
    [InlineData("ValueTask<long> CountAsync(CancellationToken cancellationToken = default)", "long CountAsync()")]  // synchronous
    public void Any_wire_change_changes_the_hash(string from, string to)
    {
        Assert.Contains(from, Contracts.KeyValueStore);
        Assert.NotEqual(Hash(Contracts.KeyValueStore), Hash(Contracts.KeyValueStore.Replace(from, to)));
    }

    [Theory]
    [InlineData("ReadOnlySpan<byte> value", "ReadOnlySpan<byte> data")]     // parameter names are not on the wire
    [InlineData("namespace Demo.Storage", "namespace Elsewhere")]           // nor is the C# namespace
    [InlineData("CancellationToken cancellationToken = default", "CancellationToken token")]  // host-only
    public void Changes_off_the_wire_keep_the_hash(string from, string to)
    {
        Assert.Contains(from, Contracts.KeyValueStore);
        Assert.Equal(Hash(Contracts.KeyValueStore), Hash(Contracts.KeyValueStore.Replace(from, to)));
    }

    [Fact]
    public void A_struct_field_reordered_changes_the_hash()
    {
        Assert.NotEqual(Hash(Contracts.EveryType),
            Hash(Contracts.EveryType.Replace("public byte Weight; public double Length;", "public double Length; public byte Weight;")));
    }
}
