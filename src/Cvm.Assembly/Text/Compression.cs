using Cvm.Assembly.Isa;

namespace Cvm.Assembly.Text;

/// <summary>
/// Which written instructions become compressed ones under <c>.option rvc</c>. GNU as decides by mnemonic as written
/// (<c>jr a0</c> compresses, <c>jalr zero,0(a0)</c> does not), so each rule is keyed by the written mnemonic and
/// sees the operand values in source order (memory operands as offset, base). Rules are tried in order; the first
/// whose conditions hold wins. Branches and jumps to labels are handled with layout (see <c>TryBranch</c>).
/// </summary>
internal static class Compression
{
    private delegate (string Mnemonic, long[] Values)? Rule(long[] o);

    private static bool Prime(long r) => r is >= 8 and <= 15;
    private static bool Simm6(long v) => v is >= -32 and <= 31;
    private static bool Scaled(long v, int scale, long max) => v >= 0 && v <= max && v % scale == 0;

    private static readonly Dictionary<string, Rule[]> Rules = new(StringComparer.Ordinal)
    {
        ["addi"] =
        [
            o => o is [var d, 2, var i] && Prime(d) && i != 0 && Scaled(i, 4, 1020) ? ("c.addi4spn", [d, i]) : null,
            o => o is [0, 0, 0] ? ("c.addi", [0, 0]) : null,
            o => o is [var d, var s, var i] && d != 0 && d == s && i != 0 && Simm6(i) ? ("c.addi", [d, i]) : null,
            o => o is [2, 2, var i] && i != 0 && i % 16 == 0 && i is >= -512 and <= 496 ? ("c.addi16sp", [i]) : null,
            o => o is [var d, 0, var i] && d != 0 && Simm6(i) ? ("c.li", [d, i]) : null,
            o => o is [var d, var s, 0] && d != 0 && s != 0 ? ("c.mv", [d, s]) : null,
        ],
        ["addiw"] = [o => o is [var d, var s, var i] && d != 0 && d == s && Simm6(i) ? ("c.addiw", [d, i]) : null],
        ["sext.w"] = [o => o is [var d, var s] && d != 0 && d == s ? ("c.addiw", [d, 0]) : null],
        ["li"] =
        [
            o => o is [var d, var i] && d is not (0 or 2) && i != 0 && (i & 0xFFF) == 0 && i >> 12 is >= -32 and <= 31
                ? ("c.lui", [d, i >> 12]) : null,
            o => o is [var d, var i] && d != 0 && Simm6(i) ? ("c.li", [d, i]) : null,
        ],
        ["lui"] =
        [
            o => o is [var d, var i] && d is not (0 or 2) && (i is >= 1 and <= 31 || i is >= 0xFFFE0 and <= 0xFFFFF)
                ? ("c.lui", [d, i >= 0xFFFE0 ? i - 0x100000 : i]) : null,
        ],
        ["slli"] = [o => o is [var d, var s, var sh] && d != 0 && d == s && sh is > 0 and < 64 ? ("c.slli", [d, sh]) : null],
        ["srli"] = [o => o is [var d, var s, var sh] && Prime(d) && d == s && sh is > 0 and < 64 ? ("c.srli", [d, sh]) : null],
        ["srai"] = [o => o is [var d, var s, var sh] && Prime(d) && d == s && sh is > 0 and < 64 ? ("c.srai", [d, sh]) : null],
        ["andi"] = [o => o is [var d, var s, var i] && Prime(d) && d == s && Simm6(i) ? ("c.andi", [d, i]) : null],
        ["add"] =
        [
            o => o is [var d, var s, var t] && d != 0 && d == s && t != 0 ? ("c.add", [d, t]) : null,
            o => o is [var d, var s, var t] && d != 0 && d == t && s != 0 ? ("c.add", [d, s]) : null,
            o => o is [var d, 0, var t] && d != 0 && t != 0 ? ("c.mv", [d, t]) : null,
        ],
        ["mv"] = [o => o is [var d, var s] && d != 0 && s != 0 ? ("c.mv", [d, s]) : null],
        ["sub"] = Tied("c.sub", commutative: false),
        ["subw"] = Tied("c.subw", commutative: false),
        ["xor"] = Tied("c.xor", commutative: true),
        ["or"] = Tied("c.or", commutative: true),
        ["and"] = Tied("c.and", commutative: true),
        ["addw"] = Tied("c.addw", commutative: true),
        ["lw"] = Memory("c.lwsp", 4, 252, "c.lw", 124, spDestinationNonZero: true),
        ["ld"] = Memory("c.ldsp", 8, 504, "c.ld", 248, spDestinationNonZero: true),
        ["fld"] = Memory("c.fldsp", 8, 504, "c.fld", 248, spDestinationNonZero: false),
        ["sw"] = Memory("c.swsp", 4, 252, "c.sw", 124, spDestinationNonZero: false),
        ["sd"] = Memory("c.sdsp", 8, 504, "c.sd", 248, spDestinationNonZero: false),
        ["fsd"] = Memory("c.fsdsp", 8, 504, "c.fsd", 248, spDestinationNonZero: false),
        ["jr"] = [o => o is [var s] && s != 0 ? ("c.jr", [s]) : null],
        ["jalr"] = [o => o is [var s] && s != 0 ? ("c.jalr", [s]) : null],
        ["ret"] = [o => o is [] ? ("c.jr", [1]) : null],
        ["ebreak"] = [o => o is [] ? ("c.ebreak", []) : null],
        ["nop"] = [o => o is [] ? ("c.addi", [0, 0]) : null],
        ["unimp"] = [o => o is [] ? ("c.unimp", []) : null],
    };

    private static Rule[] Tied(string compressed, bool commutative) =>
    [
        o => o is [var d, var s, var t] && Prime(d) && d == s && Prime(t) ? (compressed, [d, t]) : null,
        o => commutative && o is [var d, var s, var t] && Prime(d) && d == t && Prime(s) ? (compressed, [d, s]) : null,
    ];

    private static Rule[] Memory(string spForm, int scale, long spMax, string primeForm, long primeMax, bool spDestinationNonZero) =>
    [
        o => o is [var r, var off, 2] && (!spDestinationNonZero || r != 0) && Scaled(off, scale, spMax) ? (spForm, [r, off]) : null,
        o => o is [var r, var off, var b] && Prime(r) && Prime(b) && Scaled(off, scale, primeMax) ? (primeForm, [r, off, b]) : null,
    ];

    /// <summary>The compressed form and its field values for a written instruction, or null when it stays 32-bit.</summary>
    public static (InstructionForm Form, long[] Values)? TryCompress(string mnemonic, long[]? operands)
    {
        if (operands is null || operands.Any(v => v < -(1L << 40) || v > 1L << 40) || !Rules.TryGetValue(mnemonic, out var rules))
        {
            return null;
        }
        foreach (var rule in rules)
        {
            if (rule(operands) is { } hit)
            {
                var form = InstructionTable.ByMnemonic(hit.Mnemonic).First(f => f.Mode != EncodingMode.CapabilityOnly);
                return (form, hit.Values);
            }
        }
        return null;
    }
}
