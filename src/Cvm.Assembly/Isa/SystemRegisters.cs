namespace Cvm.Assembly.Isa;

/// <summary>Names of control and status registers (RISC-V privileged spec) and CHERI special capability registers.</summary>
public static class SystemRegisters
{
    /// <summary>CSR number → name, as GNU binutils spells them.</summary>
    public static readonly IReadOnlyDictionary<int, string> CsrNames = BuildCsrNames();

    /// <summary>SCR number → name for CSpecialRW (cheri-riscv.md §3.5).</summary>
    public static readonly IReadOnlyDictionary<int, string> ScrNames = new Dictionary<int, string>
    {
        [0] = "pcc", [1] = "ddc",
        [4] = "utcc", [5] = "utdc", [6] = "uscratchc", [7] = "uepcc",
        [12] = "stcc", [13] = "stdc", [14] = "sscratchc", [15] = "sepcc",
        [28] = "mtcc", [29] = "mtdc", [30] = "mscratchc", [31] = "mepcc",
    };

    private static Dictionary<int, string> BuildCsrNames()
    {
        var names = new Dictionary<int, string>
        {
            [0x001] = "fflags", [0x002] = "frm", [0x003] = "fcsr",
            [0xc00] = "cycle", [0xc01] = "time", [0xc02] = "instret",
            [0xc80] = "cycleh", [0xc81] = "timeh", [0xc82] = "instreth",
            [0x100] = "sstatus", [0x104] = "sie", [0x105] = "stvec", [0x106] = "scounteren", [0x10a] = "senvcfg",
            [0x140] = "sscratch", [0x141] = "sepc", [0x142] = "scause", [0x143] = "stval", [0x144] = "sip", [0x180] = "satp",
            [0xf11] = "mvendorid", [0xf12] = "marchid", [0xf13] = "mimpid", [0xf14] = "mhartid", [0xf15] = "mconfigptr",
            [0x300] = "mstatus", [0x301] = "misa", [0x302] = "medeleg", [0x303] = "mideleg", [0x304] = "mie",
            [0x305] = "mtvec", [0x306] = "mcounteren", [0x30a] = "menvcfg", [0x310] = "mstatush", [0x31a] = "menvcfgh",
            [0x320] = "mcountinhibit",
            [0x340] = "mscratch", [0x341] = "mepc", [0x342] = "mcause", [0x343] = "mtval", [0x344] = "mip",
            [0x34a] = "mtinst", [0x34b] = "mtval2",
            [0xb00] = "mcycle", [0xb02] = "minstret", [0xb80] = "mcycleh", [0xb82] = "minstreth",
            [0x7a0] = "tselect", [0x7a1] = "tdata1", [0x7a2] = "tdata2", [0x7a3] = "tdata3",
            [0x7b0] = "dcsr", [0x7b1] = "dpc", [0x7b2] = "dscratch0", [0x7b3] = "dscratch1",
        };
        for (var i = 3; i <= 31; i++)
        {
            names[0xc00 + i] = $"hpmcounter{i}";
            names[0xc80 + i] = $"hpmcounter{i}h";
            names[0xb00 + i] = $"mhpmcounter{i}";
            names[0xb80 + i] = $"mhpmcounter{i}h";
            names[0x320 + i] = $"mhpmevent{i}";
        }
        for (var i = 0; i < 16; i++)
        {
            names[0x3a0 + i] = $"pmpcfg{i}";
        }
        for (var i = 0; i < 64; i++)
        {
            names[0x3b0 + i] = $"pmpaddr{i}";
        }
        return names;
    }
}
