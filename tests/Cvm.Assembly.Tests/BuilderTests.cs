using Cvm.Assembly.Text;

namespace Cvm.Assembly.Tests;

/// <summary>The C# builder produces the same object model and bytes as the equivalent source text.</summary>
public sealed class BuilderTests
{
    [Fact]
    public void BuilderMatchesTheTextAssembler()
    {
        var b = new AssemblyBuilder();
        var start = b.DefineLabel("_start");
        var loop = b.DefineLabel();
        var data = b.DefineLabel("buffer");
        b.Global(start).Bind(start)
            .Li(Register.A0, 0x123456789)
            .La(Register.A1, data)
            .Bind(loop)
            .Addi(Register.A0, Register.A0, -1)
            .CIncOffsetImm(CapRegister.Ca0, CapRegister.Ca1, 16)
            .CSpecialRW(CapRegister.Ct0, "ddc", CapRegister.Cnull)
            .Lc(CapRegister.Ca2, 32, Register.Sp)
            .Bne(Register.A0, Register.Zero, loop)
            .Ret()
            .Section(".data").Bind(data).Dword(start);
        var built = b.Link();

        var text = Linker.Link(TextAssembler.Assemble("""
            .globl _start
            _start:
                li a0, 0x123456789
                la a1, buffer
            1:  addi a0, a0, -1
                cincoffset ca0, ca1, 16
                cspecialr ct0, ddc
                lc ca2, 32(sp)
                bnez a0, 1b
                ret
                .data
            buffer:
                .dword _start
            """, "same.s"));

        Assert.Equal(text.Sections.Select(s => (s.Name, s.Address, Convert.ToHexString(s.Data))),
            built.Sections.Select(s => (s.Name, s.Address, Convert.ToHexString(s.Data))));
        Assert.Equal(text.AddressOf("buffer"), built.AddressOf("buffer"));
        Assert.DoesNotContain(built.Symbols, s => !s.Name.StartsWith(".L", StringComparison.Ordinal) && s.Name.Contains("builder", StringComparison.Ordinal));
    }

    [Fact]
    public void BuilderRejectsNamesThatAreNotSymbols() =>
        Assert.Throws<ArgumentException>(() => new AssemblyBuilder().DefineLabel("1 bad"));
}
