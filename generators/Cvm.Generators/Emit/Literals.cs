using System.Globalization;
using System.Text;

namespace Cvm.Generators.Emit;

/// <summary>Invariant-culture literals for C# and C.</summary>
internal static class Literals
{
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Hex(ulong value) => "0x" + value.ToString("X16", CultureInfo.InvariantCulture);

    /// <summary>A C# regular string literal; every character outside printable ASCII is escaped.</summary>
    public static string CSharpString(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>A C string literal of the UTF-8 bytes; non-ASCII bytes as octal escapes.</summary>
    public static string CString(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b == '"' || b == '\\')
            {
                builder.Append('\\').Append((char)b);
            }
            else if (b < 0x20 || b > 0x7E)
            {
                builder.Append('\\').Append(System.Convert.ToString(b, 8).PadLeft(3, '0'));
            }
            else
            {
                builder.Append((char)b);
            }
        }
        return builder.Append('"').ToString();
    }
}
