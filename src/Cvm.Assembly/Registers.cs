namespace Cvm.Assembly;

/// <summary>The 32 integer registers, numbered as in the instruction encoding.</summary>
public enum Register
{
    Zero, Ra, Sp, Gp, Tp, T0, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5,
    A6, A7, S2, S3, S4, S5, S6, S7, S8, S9, S10, S11, T3, T4, T5, T6,
}

/// <summary>The 32 floating-point registers, numbered as in the instruction encoding.</summary>
public enum FloatRegister
{
    Ft0, Ft1, Ft2, Ft3, Ft4, Ft5, Ft6, Ft7, Fs0, Fs1, Fa0, Fa1, Fa2, Fa3, Fa4, Fa5,
    Fa6, Fa7, Fs2, Fs3, Fs4, Fs5, Fs6, Fs7, Fs8, Fs9, Fs10, Fs11, Ft8, Ft9, Ft10, Ft11,
}

/// <summary>
/// The 32 capability registers of the merged register file (cN overlays xN). Register 0 is the null capability;
/// the few operands where register 0 means DDC accept <c>ddc</c> instead.
/// </summary>
public enum CapRegister
{
    Cnull, Cra, Csp, Cgp, Ctp, Ct0, Ct1, Ct2, Cs0, Cs1, Ca0, Ca1, Ca2, Ca3, Ca4, Ca5,
    Ca6, Ca7, Cs2, Cs3, Cs4, Cs5, Cs6, Cs7, Cs8, Cs9, Cs10, Cs11, Ct3, Ct4, Ct5, Ct6,
}

/// <summary>Which register file an operand names.</summary>
public enum RegisterClass { Integer, Float, Capability }

/// <summary>Register spellings: ABI names for output, ABI and numeric names (and <c>fp</c>) for input.</summary>
public static class RegisterNames
{
    private static readonly string[] IntegerAbi =
    [
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    ];

    private static readonly string[] FloatAbi =
    [
        "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
        "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
    ];

    private static readonly Dictionary<string, int> IntegerByName = BuildLookup(IntegerAbi, "x", extra: ("fp", 8));
    private static readonly Dictionary<string, int> FloatByName = BuildLookup(FloatAbi, "f", extra: null);
    private static readonly Dictionary<string, int> CapabilityByName = BuildCapabilityLookup();

    /// <summary>The ABI name of register <paramref name="number"/> in <paramref name="registerClass"/>.</summary>
    public static string Name(RegisterClass registerClass, int number) => registerClass switch
    {
        RegisterClass.Integer => IntegerAbi[number],
        RegisterClass.Float => FloatAbi[number],
        _ => number == 0 ? "cnull" : "c" + IntegerAbi[number],
    };

    /// <summary>Parses a register name of the given class; returns -1 when the text is not one.</summary>
    public static int Parse(RegisterClass registerClass, string text)
    {
        var lookup = registerClass switch
        {
            RegisterClass.Integer => IntegerByName,
            RegisterClass.Float => FloatByName,
            _ => CapabilityByName,
        };
        return lookup.TryGetValue(text.ToLowerInvariant(), out var number) ? number : -1;
    }

    /// <summary>True when <paramref name="text"/> names a register of any class.</summary>
    public static bool IsAnyRegister(string text) =>
        Parse(RegisterClass.Integer, text) >= 0 || Parse(RegisterClass.Float, text) >= 0 || Parse(RegisterClass.Capability, text) >= 0;

    private static Dictionary<string, int> BuildLookup(string[] abi, string prefix, (string Name, int Number)? extra)
    {
        var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 32; i++)
        {
            lookup[abi[i]] = i;
            lookup[prefix + i] = i;
        }
        if (extra is { } e)
        {
            lookup[e.Name] = e.Number;
        }
        return lookup;
    }

    private static Dictionary<string, int> BuildCapabilityLookup()
    {
        var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 32; i++)
        {
            lookup["c" + IntegerAbi[i]] = i;
            lookup["c" + i] = i;
        }
        lookup["cnull"] = 0;
        lookup["cfp"] = 8;
        return lookup;
    }
}
