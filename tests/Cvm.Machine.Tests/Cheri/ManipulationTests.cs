using Cvm.Cheri;
using Cvm.Cheri.Tests;

namespace Cvm.Machine.Tests.Cheri;

/// <summary>
/// §3.2 and §3.3 through the instructions: bounds and representability against rows of the reference vectors,
/// the tag rules, and the register-0-is-DDC operands.
/// </summary>
public sealed class ManipulationTests
{
    private const int VectorRows = 300;

    [Fact]
    public void CSetBounds_and_CSetBoundsExact_match_the_reference_rows()
    {
        // The input is built in c1 from an integer address and an in-memory metadata word with CSetAddr and
        // CSetHigh (untagged), then re-derived from the root DDC with CBuildCap when it is derivable; rows whose
        // input is not derivable still check the bounds bits, with an untagged result.
        using var program = new CheriProgram("""
            _start:
                cspecialr c1, ddc
                csetaddr c1, c1, a0
                csethigh c1, c1, a1
                cbuildcap c1, cnull, c1
                cgettag s2, c1
                csetbounds c3, c1, a2
                csetboundsexact c4, c1, a2
                cgethigh s3, c3
                cgetbase s4, c3
                cgettop s5, c3
                cgettag s6, c3
                cgettag s7, c4
                cgetaddr s8, c3
                cgethigh s9, c4
                ebreak
            """);
        var report = new MismatchReport("setbounds");
        var derivedInputs = 0;
        foreach (var row in VectorFile.Rows("setbounds").Take(VectorRows))
        {
            program.Hart.SetRegister(10, row.Hex(1));
            program.Hart.SetRegister(11, row.Hex(0));
            program.Hart.SetRegister(12, row.Hex("len"));
            program.Run(program.Address("_start"));
            program.AssertCompleted();
            var inputTagged = program.X(18) == 1;
            derivedInputs += inputTagged ? 1 : 0;
            var top = Capability.FromMemory(row.Hex(1), row.Hex("out"), tag: false).SaturatedTop;
            report.Check(row, problems =>
            {
                MismatchReport.Compare(problems, "out", row.Hex("out"), program.X(19));
                MismatchReport.Compare(problems, "base", row.Hex("base"), program.X(20));
                MismatchReport.Compare(problems, "top", top, program.X(21));
                MismatchReport.Compare(problems, "tag", row.Bit("tag") && inputTagged, program.X(22) == 1);
                MismatchReport.Compare(problems, "exact tag", row.Bit("tag") && row.Bit("exact") && inputTagged, program.X(23) == 1);
                MismatchReport.Compare(problems, "address", row.Hex(1), program.X(24));
                MismatchReport.Compare(problems, "exact-form metadata", row.Hex("out"), program.X(25));
            });
        }
        report.AssertAllPassed(VectorRows);
        Assert.True(derivedInputs > 0, "no row's input capability was derivable from the root, so no tag was checked");
    }

    [Fact]
    public void CSetAddr_uses_the_precise_and_CIncOffset_the_fast_representability_check()
    {
        // Tagged inputs come from the host (the rows' metadata is arbitrary, most of it not derivable from root).
        using var program = new CheriProgram("""
            _start:
                csetaddr c3, c1, a2
                cgettag s2, c3
                cgetaddr s3, c3
                sub t0, a2, a0
                cincoffset c4, c1, t0
                cgettag s4, c4
                cgetaddr s5, c4
                cgethigh s6, c3
                ebreak
            """);
        var report = new MismatchReport("repr");
        var unsealedRows = 0;
        foreach (var row in VectorFile.Rows("repr").Take(VectorRows))
        {
            var input = Capability.FromMemory(row.Hex(1), row.Hex(0), tag: true);
            program.Hart.SetCapabilityRegister(1, input);
            program.Hart.SetRegister(10, row.Hex(1));
            program.Hart.SetRegister(12, row.Hex("new"));
            program.Run(program.Address("_start"));
            program.AssertCompleted();
            unsealedRows += input.IsSealed ? 0 : 1;
            report.Check(row, problems =>
            {
                MismatchReport.Compare(problems, "precise tag", row.Bit("precise") && !input.IsSealed, program.X(18) == 1);
                MismatchReport.Compare(problems, "fast tag", row.Bit("fast") && !input.IsSealed, program.X(20) == 1);
                MismatchReport.Compare(problems, "address", row.Hex("new"), program.X(19));
                MismatchReport.Compare(problems, "incremented address", row.Hex("new"), program.X(21));
                MismatchReport.Compare(problems, "metadata", row.Hex(0), program.X(22));
            });
        }
        report.AssertAllPassed(VectorRows);
        Assert.True(unsealedRows > VectorRows / 2);
    }

    [Fact]
    public void Manipulating_a_sealed_capability_clears_the_tag_and_never_traps()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x100000
                csetaddr c1, c1, t0
                csealentry c2, c1
                cincoffsetimm c3, c2, 0
                cgettag a0, c3
                li t1, 0xfff
                candperm c3, c2, t1
                cgettag a1, c3
                csetaddr c3, c2, t0
                cgettag a2, c3
                cmove c3, c2
                cgettag a3, c3
                ccleartag c3, c1
                cgettag a4, c3
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal([0UL, 0UL, 0UL, 1UL, 0UL], new[] { program.X(10), program.X(11), program.X(12), program.X(13), program.X(14) });
    }

    [Fact]
    public void Register_0_means_DDC_for_CToPtr_CFromPtr_CBuildCap_and_CTestSubset_and_NULL_elsewhere()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x100000
                csetaddr c1, c1, t0
                li t1, 0x1000
                csetbounds c1, c1, t1
                cspecialw ddc, c1
                li t2, 0x100040
                cspecialr c2, ddc
                csetaddr c2, c2, t2
                ctoptr a0, c2, cnull
                li t3, 0x20
                cfromptr c3, cnull, t3
                cgetaddr a1, c3
                cgettag a2, c3
                cfromptr c4, cnull, zero
                cgettag a3, c4
                cgetaddr a4, c4
                ctestsubset a5, cnull, c2
                ccleartag c5, c2
                cbuildcap c6, cnull, c5
                cgettag a6, c6
                cseqx a7, c6, c2
                cincoffset c7, cnull, t3
                cgettag s2, c7
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(0x40UL, program.X(10));
        Assert.Equal(0x100020UL, program.X(11));
        Assert.Equal(1UL, program.X(12));
        Assert.Equal(0UL, program.X(13));
        Assert.Equal(0UL, program.X(14));
        Assert.Equal(1UL, program.X(15));
        Assert.Equal(1UL, program.X(16));
        Assert.Equal(1UL, program.X(17));
        Assert.Equal(0UL, program.X(18)); // cincoffset on cnull: NULL-derived, untagged
    }

    [Fact]
    public void CTestSubset_CSEQX_CSub_and_CSetHigh_compare_and_rebuild_exactly()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x100000
                csetaddr c1, c1, t0
                li t1, 0x100
                csetbounds c2, c1, t1
                ctestsubset a0, c1, c2
                ctestsubset a1, c2, c1
                cseqx a2, c2, c2
                ccleartag c3, c2
                cseqx a3, c2, c3
                li t2, 0x100030
                csetaddr c4, c2, t2
                csub a4, c4, c2
                cgethigh t3, c2
                csethigh c5, c2, t3
                cgettag a5, c5
                cgethigh a6, c5
                cseqx a7, c5, c3
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(1UL, program.X(10));
        Assert.Equal(0UL, program.X(11));
        Assert.Equal(1UL, program.X(12));
        Assert.Equal(0UL, program.X(13)); // the tags differ
        Assert.Equal(0x30UL, program.X(14));
        Assert.Equal(0UL, program.X(15)); // CSetHigh always clears the tag
        Assert.Equal(program.C(2).MemoryMetadata, program.X(16));
        Assert.Equal(1UL, program.X(17));
    }

    [Fact]
    public void Sealing_and_unsealing_follow_the_otype_authority()
    {
        using var program = CheriProgram.Run("""
            _start:
                cspecialr c1, ddc
                li t0, 0x100000
                csetaddr c1, c1, t0
                li t1, 0x100
                csetbounds c1, c1, t1
                cspecialr c2, ddc
                li t2, 42
                csetaddr c2, c2, t2
                cseal c3, c1, c2
                cgettype a0, c3
                cgetsealed a1, c3
                cgettag a2, c3
                cunseal c4, c3, c2
                cgettype a3, c4
                cgettag a4, c4
                cseqx a5, c4, c1
                li t3, 43
                csetaddr c5, c2, t3
                cunseal c6, c3, c5
                cgettag a6, c6
                ccopytype c7, c2, c3
                cgetaddr a7, c7
                ccseal c8, c1, c5
                cgettype s2, c8
                ccleartag c9, c2
                ccseal c8, c1, c9
                cseqx s3, c8, c1
                ebreak
            """);
        program.AssertCompleted();
        Assert.Equal(42UL, program.X(10));
        Assert.Equal(1UL, program.X(11));
        Assert.Equal(1UL, program.X(12));
        Assert.Equal(ulong.MaxValue, program.X(13));
        Assert.Equal(1UL, program.X(14));
        Assert.Equal(1UL, program.X(15));
        Assert.Equal(0UL, program.X(16)); // wrong otype: the unsealed result is untagged
        Assert.Equal(42UL, program.X(17));
        Assert.Equal(43UL, program.X(18));
        Assert.Equal(1UL, program.X(19)); // untagged authority: CCSeal passes cs1 through
    }
}
