using Cvm.Machine.Elf;

namespace Cvm.Machine.Tests;

public class HtifTests
{
    private const ulong Ram = 0x8000_0000;
    private const ulong ToHost = Ram + 0x1000;

    private static ElfFile BareMetal(params uint[] code) => ElfFile.Parse(new ElfBuilder()
        .Code(Ram, code)
        .Segment(ToHost, new byte[8], memorySize: 16, flags: 6)
        .Symbol("tohost", ToHost)
        .Build());

    [Theory]
    [InlineData(1, 0)]
    [InlineData(7, 3)]
    public void The_first_non_zero_write_to_tohost_ends_the_run_with_its_value_shifted_right(int written, int exitCode)
    {
        // t0 = tohost (lui sign-extends 0x80001 in RV64, so slli/srli 32 clear the upper half); store zero first,
        // which must not end the run; then the value; then spin.
        uint[] code =
        [
            Encode.Lui(5, (int)(ToHost >> 12)), Encode.I(0x13, 5, 1, 5, 32), Encode.I(0x13, 5, 5, 5, 32),
            Encode.Addi(6, 0, written), Encode.Sd(5, 0, 0), Encode.Sd(5, 6, 0), Encode.Jal(0, 0),
        ];
        var outcome = ProgramRunner.Run(BareMetal(code), new ProgramOptions { MaxInstructions = 1000 });
        Assert.Equal(ProgramEnd.Exited, outcome.End);
        Assert.Equal(exitCode, outcome.ExitCode);
        Assert.Equal(6UL, outcome.Instructions); // lui, slli, srli, li, the zero store, the tohost store
    }

    [Fact]
    public void A_trap_with_no_usable_trap_vector_is_fatal_and_reported()
    {
        var outcome = ProgramRunner.Run(BareMetal(0xffff_ffff), new ProgramOptions { MaxInstructions = 1000 });
        Assert.Equal(ProgramEnd.FatalTrap, outcome.End);
        Assert.Equal(TrapCause.IllegalInstruction, outcome.Trap?.Cause);
        Assert.Equal(Ram, outcome.Trap?.Pc);
    }

    [Fact]
    public void A_program_that_never_writes_tohost_runs_out_of_budget()
    {
        var outcome = ProgramRunner.Run(BareMetal(Encode.Jal(0, 0)), new ProgramOptions { MaxInstructions = 5000 });
        Assert.Equal(ProgramEnd.BudgetExhausted, outcome.End);
        Assert.Equal(5000UL, outcome.Instructions);
    }
}
