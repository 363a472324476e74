namespace Cvm.Cheri.Tests;

/// <summary>
/// Every row of the CHERI Concentrate vector file, bit for bit. One test per kind of row checks all of its rows
/// and lists the first failures with their line numbers and fields.
/// </summary>
public class VectorTests
{
    private const int RowsPerKind = 6000;

    [Fact]
    public void Decode_matches_every_vector()
    {
        var report = new MismatchReport("decode");
        foreach (VectorRow row in VectorFile.Rows("decode"))
        {
            report.Check(row, problems =>
            {
                // The bit patterns are arbitrary, so they are decoded untagged.
                Capability capability = Capability.FromMemory(row.Hex(1), row.Hex(0), tag: false);
                CapabilityBounds bounds = capability.GetBounds();
                MismatchReport.Compare(problems, "base", row.Hex("base"), bounds.Base);
                MismatchReport.Compare(problems, "top", row.Hex65("top"), bounds.Top);
                MismatchReport.Compare(problems, "Base property", row.Hex("base"), capability.Base);
                MismatchReport.Compare(problems, "Top property", row.Hex65("top"), capability.Top);
                MismatchReport.Compare(problems, "perms", row.Hex("perms"), (ulong)capability.Permissions);
                MismatchReport.Compare(problems, "otype", row.Hex("otype"), (ulong)capability.ObjectType);
                MismatchReport.Compare(problems, "flag", row.Bit("flag"), capability.Flag);
                MismatchReport.Compare(problems, "E", row.Decimal("E"), capability.Exponent);
            });
        }

        report.AssertAllPassed(RowsPerKind);
    }

    [Fact]
    public void SetBounds_matches_every_vector()
    {
        var report = new MismatchReport("setbounds");
        foreach (VectorRow row in VectorFile.Rows("setbounds"))
        {
            report.Check(row, problems =>
            {
                Capability input = Capability.FromMemory(row.Hex(1), row.Hex(0), tag: true);
                ulong length = row.Hex("len");
                Capability result = input.SetBounds(length, out bool exact);
                CapabilityBounds bounds = result.GetBounds();
                MismatchReport.Compare(problems, "exact", row.Bit("exact"), exact);
                MismatchReport.Compare(problems, "tag", row.Bit("tag"), result.Tag);
                MismatchReport.Compare(problems, "out", row.Hex("out"), result.MemoryMetadata);
                MismatchReport.Compare(problems, "base", row.Hex("base"), bounds.Base);
                MismatchReport.Compare(problems, "top", row.Hex65("top"), bounds.Top);
                MismatchReport.Compare(problems, "address", input.Address, result.Address);

                // CSetBoundsExact gives the same bits and additionally demands exactness for the tag.
                Capability exactResult = input.SetBoundsExact(length);
                MismatchReport.Compare(problems, "exact-form metadata", result.Metadata, exactResult.Metadata);
                MismatchReport.Compare(problems, "exact-form tag", row.Bit("tag") && row.Bit("exact"), exactResult.Tag);
            });
        }

        report.AssertAllPassed(RowsPerKind);
    }

    [Fact]
    public void Representability_matches_every_vector()
    {
        var report = new MismatchReport("repr");
        foreach (VectorRow row in VectorFile.Rows("repr"))
        {
            report.Check(row, problems =>
            {
                Capability capability = Capability.FromMemory(row.Hex(1), row.Hex(0), tag: true);
                ulong newAddress = row.Hex("new");
                bool fast = row.Bit("fast");
                bool precise = row.Bit("precise");
                bool unsealed = !capability.IsSealed;

                Capability incremented = capability.IncrementOffset(newAddress - capability.Address);
                MismatchReport.Compare(problems, "fast (CIncOffset tag)", fast && unsealed, incremented.Tag);
                MismatchReport.Compare(problems, "CIncOffset address", newAddress, incremented.Address);

                Capability offsetSet = capability.SetOffset(newAddress - capability.Base);
                MismatchReport.Compare(problems, "fast (CSetOffset tag)", fast && unsealed, offsetSet.Tag);

                Capability moved = capability.SetAddress(newAddress);
                MismatchReport.Compare(problems, "precise (CSetAddr tag)", precise && unsealed, moved.Tag);
                MismatchReport.Compare(problems, "CSetAddr address", newAddress, moved.Address);
                MismatchReport.Compare(problems, "CSetAddr metadata", capability.Metadata, moved.Metadata);
            });
        }

        report.AssertAllPassed(RowsPerKind);
    }

    [Fact]
    public void Representable_length_and_alignment_mask_match_every_vector()
    {
        var report = new MismatchReport("crrl");
        foreach (VectorRow row in VectorFile.Rows("crrl"))
        {
            report.Check(row, problems =>
            {
                ulong length = row.Hex(0);
                MismatchReport.Compare(problems, "crrl", row.Hex("crrl"), Capability.RepresentableLength(length));
                MismatchReport.Compare(problems, "cram", row.Hex("cram"), Capability.RepresentableAlignmentMask(length));
            });
        }

        report.AssertAllPassed(RowsPerKind);
    }
}
