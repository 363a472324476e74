using System.Globalization;
using System.Text;

namespace Cvm.Assembly;

/// <summary>objdump-style listings of executable code, with symbol labels and symbolic branch targets.</summary>
public static class Listing
{
    /// <summary>A code region to list: its name, load address and bytes.</summary>
    public sealed record CodeRegion(string Name, ulong Address, byte[] Bytes);

    /// <summary>Lists every region; symbols name addresses (labels above instructions, <c>&lt;sym+0x4&gt;</c> after targets).</summary>
    public static string Format(IEnumerable<CodeRegion> regions, IReadOnlyList<(string Name, ulong Address)> symbols, bool noAliases,
        bool capabilityMode = false)
    {
        var sorted = symbols.OrderBy(s => s.Address).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var labelsAt = sorted.GroupBy(s => s.Address).ToDictionary(g => g.Key, g => g.First().Name);
        var text = new StringBuilder();
        foreach (var region in regions)
        {
            var end = region.Address + (ulong)region.Bytes.Length;
            string? SymbolAt(ulong address)
            {
                if (address < region.Address || address >= end)
                {
                    return null;
                }
                var nearest = sorted.LastOrDefault(s => s.Address <= address && s.Address >= region.Address);
                return nearest.Name is null ? null
                    : nearest.Address == address ? nearest.Name
                    : $"{nearest.Name}+0x{(address - nearest.Address).ToString("x", CultureInfo.InvariantCulture)}";
            }
            var options = new DisassemblyOptions(noAliases, capabilityMode, SymbolAt);
            text.Append(CultureInfo.InvariantCulture, $"\nDisassembly of section {region.Name}:\n");
            var offset = 0;
            while (offset < region.Bytes.Length)
            {
                var address = region.Address + (ulong)offset;
                if (labelsAt.TryGetValue(address, out var label) || offset == 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $"\n{address:x16} <{label ?? SymbolAt(address) ?? region.Name}>:\n");
                }
                var instruction = Disassembler.Decode(region.Bytes.AsSpan(offset), address, options);
                var hex = instruction.Length == 4 ? instruction.Word.ToString("x8", CultureInfo.InvariantCulture)
                    : instruction.Word.ToString("x" + (instruction.Length * 2).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $"{address,8:x}:\t{hex,-20}\t{instruction.Text}\n");
                offset += instruction.Length;
            }
        }
        return text.ToString();
    }
}
