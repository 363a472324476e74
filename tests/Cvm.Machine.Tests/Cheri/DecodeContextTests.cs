namespace Cvm.Machine.Tests.Cheri;

/// <summary>
/// Decoded code is kept per PCC (bounds, usability, mode): switching between a few PCCs reuses it, a store into
/// code is seen under every PCC, and more PCCs than are kept still execute correctly.
/// </summary>
public sealed class DecodeContextTests
{
    /// <summary>Calls <c>function</c> 100 times through c3, a PCC bounded to it (flag in t3), returning through the sentry link.</summary>
    private const string CallLoop = """
            _start:
                cspecialr c3, pcc
                la t0, function
                csetaddr c3, c3, t0
                li t1, 16
                csetbounds c3, c3, t1
                csetflags c3, c3, t3
                li s2, 100
                li a0, 0
            loop:
                jalr.cap c1, c3
                addi s2, s2, -1
                bnez s2, loop
                ebreak
            function:
                addi a0, a0, 3
                jalr.cap c0, c1
            """;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Round_trips_between_two_PCCs_keep_two_sets_of_decoded_code(int capabilityMode)
    {
        using var program = CheriProgram.Run(CallLoop.Replace("jalr.cap c0, c1", capabilityMode == 1 ? ".option capmode\ncjalr c0, 0(c1)" : "jalr.cap c0, c1"),
            hart => hart.SetRegister(28, (ulong)capabilityMode));
        program.AssertCompleted();
        Assert.Equal(300UL, program.X(10));
        Assert.Equal(2, program.Hart.DecodeContextCount);
    }

    [Fact]
    public void JALR_within_a_bounded_PCC_links_an_integer_over_a_capability_register()
    {
        // c5 (t0) holds a capability when the JALR under the bounded PCC links into it: it must become NULL-derived.
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c3, pcc
                la t1, bounded
                csetaddr c3, c3, t1
                li t1, 32
                csetbounds c3, c3, t1
                jalr.cap c0, c3
            bounded:
                cspecialr c5, ddc
                la t2, target
            jump:
                jalr t0, t2
            target:
                cgettag a0, c5
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(0UL, program.X(10));
        Assert.Equal(program.Address("jump") + 4, program.X(5));
    }

    [Fact]
    public void A_store_into_code_is_seen_under_every_PCC()
    {
        using var program = new CheriProgram(CallLoop.Replace("li s2, 100", "li s2, 1"));
        program.Run();
        program.AssertCompleted();
        Assert.Equal(3UL, program.X(10));
        // Rewrite "addi a0, a0, 3" as "addi a0, a0, 5" from the host, then run the call again under the bounded PCC.
        var address = program.Address("function");
        Span<byte> word = stackalloc byte[4];
        Assert.True(program.Memory.TryRead(address, word));
        var patched = (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(word) & 0x000f_ffff) | (5u << 20);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(word, patched);
        Assert.True(program.Memory.TryWrite(address, word));
        program.Hart.SetRegister(18, 1);
        program.Run(program.Address("loop"));
        program.AssertCompleted();
        Assert.Equal(8UL, program.X(10));
    }

    [Fact]
    public void More_PCCs_than_are_kept_still_run_correctly()
    {
        // Ten different bounds around one function: each call selects a new context; older ones are dropped.
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c3, pcc
                la t0, function
                csetaddr c3, c3, t0
                li s2, 3
                li a0, 0
            outer:
                li t1, 16
                li s3, 10
            inner:
                csetbounds c4, c3, t1
                jalr.cap c1, c4
                addi t1, t1, 16
                addi s3, s3, -1
                bnez s3, inner
                addi s2, s2, -1
                bnez s2, outer
                ebreak
            function:
                addi a0, a0, 1
                jalr.cap c0, c1
            """);
        program.AssertCompleted();
        Assert.Equal(30UL, program.X(10));
        Assert.Equal(DecodedCodeCache.MaxContexts, program.Hart.DecodeContextCount);
    }
}
