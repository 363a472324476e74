using Cvm.Cheri;

namespace Cvm.Machine.Tests.Cheri;

/// <summary>§3.1 inspection instructions on the root capability, NULL, a bounded and a sealed capability.</summary>
public sealed class InspectionTests
{
    private const string InspectC1 = """
        cgetperm a0, c1
        cgettype a1, c1
        cgetbase a2, c1
        cgetlen a3, c1
        cgettag a4, c1
        cgetsealed a5, c1
        cgetoffset a6, c1
        cgetflags a7, c1
        cgetaddr s2, c1
        cgethigh s3, c1
        cgettop s4, c1
        ebreak
        """;

    [Fact]
    public void The_root_DDC_reads_back_with_every_permission_and_the_whole_address_space()
    {
        using var program = CheriProgram.Run($"""
            _start:
                cspecialr c1, ddc
                li t0, 0x1234
                csetaddr c1, c1, t0
            {InspectC1}
            """);
        program.AssertCompleted();
        Assert.Equal(0x78FFFUL, program.X(10));
        Assert.Equal(ulong.MaxValue, program.X(11)); // unsealed reads as -1
        Assert.Equal(0UL, program.X(12));
        Assert.Equal(ulong.MaxValue, program.X(13)); // 2^64 saturates
        Assert.Equal(1UL, program.X(14));
        Assert.Equal(0UL, program.X(15));
        Assert.Equal(0x1234UL, program.X(16));
        Assert.Equal(0UL, program.X(17));
        Assert.Equal(0x1234UL, program.X(18));
        Assert.Equal(Capability.Root.MemoryMetadata, program.X(19));
        Assert.Equal(ulong.MaxValue, program.X(20));
    }

    [Fact]
    public void An_integer_register_reads_as_an_untagged_NULL_derived_capability()
    {
        using var program = CheriProgram.Run($"""
            _start:
                li ra, 0x777
            {InspectC1}
            """);
        program.AssertCompleted();
        Assert.Equal(0UL, program.X(10));
        Assert.Equal(ulong.MaxValue, program.X(11));
        Assert.Equal(0UL, program.X(12));
        Assert.Equal(ulong.MaxValue, program.X(13));
        Assert.Equal(0UL, program.X(14));
        Assert.Equal(0x777UL, program.X(16));
        Assert.Equal(0x777UL, program.X(18));
        Assert.Equal(0UL, program.X(19)); // NULL's metadata is all zeros in memory form
    }

    [Fact]
    public void Bounds_sealing_and_flag_are_visible_through_the_inspection_instructions()
    {
        using var program = CheriProgram.Run($"""
            _start:
                cspecialr c2, ddc
                li t0, 0x100000
                csetaddr c2, c2, t0
                csetboundsimm c2, c2, 0x100
                cincoffsetimm c2, c2, 0x10
                li t1, 1
                csetflags c2, c2, t1
                li t1, 0x7
                candperm c2, c2, t1
                csealentry c1, c2
            {InspectC1}
            """);
        program.AssertCompleted();
        Assert.Equal(0x7UL, program.X(10));
        Assert.Equal(unchecked((ulong)-2L), program.X(11)); // sentry
        Assert.Equal(0x100000UL, program.X(12));
        Assert.Equal(0x100UL, program.X(13));
        Assert.Equal(1UL, program.X(14));
        Assert.Equal(1UL, program.X(15));
        Assert.Equal(0x10UL, program.X(16));
        Assert.Equal(1UL, program.X(17));
        Assert.Equal(0x100010UL, program.X(18));
        Assert.Equal(0x100100UL, program.X(20));
    }

    [Fact]
    public void CRRL_and_CRAM_match_the_reference_rows()
    {
        using var program = new CheriProgram("""
            _start:
                crrl a0, a2
                cram a1, a2
                ebreak
            """);
        var rows = Cvm.Cheri.Tests.VectorFile.Rows("crrl").Take(300).ToList();
        foreach (var row in rows)
        {
            program.Hart.SetRegister(12, row.Hex(0));
            program.Run(program.Address("_start"));
            program.AssertCompleted();
            Assert.True(row.Hex("crrl") == program.X(10), $"CRRL {row}");
            Assert.True(row.Hex("cram") == program.X(11), $"CRAM {row}");
        }
        Assert.Equal(300, rows.Count);
    }
}
