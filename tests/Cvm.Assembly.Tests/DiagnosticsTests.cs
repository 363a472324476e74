using Cvm.Assembly.Text;

namespace Cvm.Assembly.Tests;

/// <summary>Errors carry file:line:column and a message a person can act on; one bad line does not hide the others.</summary>
public sealed class DiagnosticsTests
{
    private static IReadOnlyList<Diagnostic> Errors(string source) =>
        Assert.Throws<AssemblyException>(() => Linker.Link(TextAssembler.Assemble(source, "prog.s"))).Diagnostics;

    [Fact]
    public void EveryBadLineIsReportedInOrder()
    {
        var errors = Errors("""
            add a0, a1
            li a0, 1
            addi a0, a0, sym
            ld a0, 0(fa0)
            beq a0, a1, 3f
            .word "text"
            c.addi4spn a0, sp, 0
            csrrw a0, nosuchcsr, a1
            fadd.s fa0, fa1, fa2, sideways
            """);
        Assert.Equal(
        [
            "prog.s:1:9: error: expected 3 operand(s) for 'add', got 2",
            "prog.s:3:14: error: a symbol cannot be used directly here; use %lo(symbol) or %pcrel_lo(label)",
            "prog.s:4:10: error: expected an integer register, found 'fa0'",
            "prog.s:6:7: error: unexpected '\"text\"' in expression",
            "prog.s:7:20: error: immediate must not be zero",
            "prog.s:8:11: error: expected a CSR name or number",
            "prog.s:9:23: error: expected a rounding mode (rne, rtz, rdn, rup, rmm, dyn)",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void LinkErrorsNameTheReference()
    {
        var errors = Errors("j far\n.skip 0x200000\nfar: call nowhere\n");
        Assert.Equal(["prog.s:1:3: error: branch target 'far' is out of range (offset 2097156)", "prog.s:3:11: error: undefined symbol 'nowhere'"],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void DuplicateLabelsAndBadDirectives()
    {
        var errors = Errors("x:\nx:\n.bogus 1\n.option wide\n.byte 300\n1: j 2b\n");
        Assert.Equal(
        [
            "prog.s:2:1: error: symbol 'x' is already defined",
            "prog.s:3:1: error: unknown directive '.bogus'",
            "prog.s:4:9: error: unknown option 'wide' (rvc, norvc, capmode, nocapmode, push, pop)",
            "prog.s:5:7: error: value 300 does not fit in 1 byte(s)",
            "prog.s:6:6: error: backward reference '2b' has no earlier label '2:'",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void TheMostTellingFormErrorIsReported()
    {
        var errors = Errors("csetbounds c3, c4, 5000\ncincoffset c3, c4, fa0\nli a0, 0x1g\n");
        Assert.Equal(
        [
            "prog.s:1:20: error: immediate 5000 is out of range [0, 4095]",
            "prog.s:2:20: error: expected an integer register, found 'fa0'",
            "prog.s:3:8: error: invalid number '0x1g'",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void SelfReferentialLayoutIsAnErrorNotAHang() =>
        Assert.Equal(["prog.s:1:1: error: layout did not settle after 200 passes: a size or alignment depends on an address it moves"],
            Errors("a: .skip 1 + b - a\nb: nop\n").Select(e => e.ToString()));
}
