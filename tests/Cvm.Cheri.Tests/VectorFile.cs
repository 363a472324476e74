using System.Globalization;

namespace Cvm.Cheri.Tests;

/// <summary>One row of the vector file: its kind, its positional fields, its named fields and its line number.</summary>
internal sealed record VectorRow(int LineNumber, string Kind, IReadOnlyList<string> Positional, IReadOnlyDictionary<string, string> Named)
{
    public ulong Hex(int position) => ParseHex(Positional[position]);

    public ulong Hex(string name) => ParseHex(Named[name]);

    public bool Bit(string name) => Named[name] switch
    {
        "0" => false,
        "1" => true,
        var other => throw new FormatException($"line {LineNumber}: {name}={other} is not 0 or 1"),
    };

    public int Decimal(string name) => int.Parse(Named[name], NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>A 65-bit value written <c>hi:lo</c>.</summary>
    public UInt128 Hex65(string name)
    {
        string[] halves = Named[name].Split(':');
        return new UInt128(ParseHex(halves[0]), ParseHex(halves[1]));
    }

    public override string ToString() =>
        $"line {LineNumber}: {Kind},{string.Join(',', Positional)},{string.Join(',', Named.Select(pair => $"{pair.Key}={pair.Value}"))}";

    private static ulong ParseHex(string text) => ulong.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}

/// <summary>
/// Reads <c>Vectors/cc128-seed1.csv</c>: CHERI Concentrate results computed by the CHERI reference library and
/// the Sail model (which agreed on every row). Fields are hex, except the exponent, which is decimal.
/// </summary>
internal static class VectorFile
{
    private static readonly Lazy<IReadOnlyList<VectorRow>> AllRows = new(Load);

    public static IEnumerable<VectorRow> Rows(string kind) => AllRows.Value.Where(row => row.Kind == kind);

    private static IReadOnlyList<VectorRow> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Vectors", "cc128-seed1.csv");
        var rows = new List<VectorRow>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split(',');
            var positional = new List<string>();
            var named = new Dictionary<string, string>();
            foreach (string field in fields.Skip(1))
            {
                int equals = field.IndexOf('=', StringComparison.Ordinal);
                if (equals < 0)
                {
                    positional.Add(field);
                }
                else
                {
                    named.Add(field[..equals], field[(equals + 1)..]);
                }
            }

            rows.Add(new VectorRow(lineNumber, fields[0], positional, named));
        }

        return rows;
    }
}

/// <summary>Collects mismatches over many rows and fails once, listing the first few.</summary>
internal sealed class MismatchReport(string kind)
{
    private const int MaxListed = 20;
    private readonly List<string> _listed = [];
    private int _checked;
    private int _failed;

    public void Check(VectorRow row, Action<List<string>> compare)
    {
        _checked++;
        var problems = new List<string>();
        compare(problems);
        if (problems.Count == 0)
        {
            return;
        }

        _failed++;
        if (_listed.Count < MaxListed)
        {
            _listed.Add($"{row}\n    {string.Join("\n    ", problems)}");
        }
    }

    public static void Compare<T>(List<string> problems, string field, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            // Words read best in hex; flags and the (decimal) exponent as they are.
            problems.Add(expected is ulong or UInt128 or uint
                ? $"{field}: expected 0x{expected:x}, got 0x{actual:x}"
                : $"{field}: expected {expected}, got {actual}");
        }
    }

    public void AssertAllPassed(int expectedRows)
    {
        Assert.True(_failed == 0, $"{_failed} of {_checked} {kind} rows failed; first {_listed.Count}:\n{string.Join("\n", _listed)}");
        Assert.Equal(expectedRows, _checked);
    }
}
