using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Cvm.Cheri;

namespace Cvm.Cli.Commands;

/// <summary><c>cvm cap</c>: inspect CHERI capabilities.</summary>
internal static class CapCommand
{
    private const string JsonFormat = "json";
    private const string TextFormat = "text";

    /// <summary>The single permissions in bit order, for listing a capability's permissions by name.</summary>
    private static readonly CapabilityPermissions[] SinglePermissions =
        [.. Enum.GetValues<CapabilityPermissions>().Where(permission => BitOperations.IsPow2((uint)permission)).Order()];

    public static Command Create(CommandIO io)
    {
        var metadataWord = new Argument<string>("pesbt")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "The capability's metadata word as stored in memory (bytes 8..15 of the 16-byte capability), in hex.",
        };
        var address = new Argument<string>("addr")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "The capability's address (bytes 0..7), in hex.",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: 'json' prints one JSON object per line; 'text' a readable block per capability.",
            DefaultValueFactory = _ => JsonFormat,
            HelpName = $"{JsonFormat}|{TextFormat}",
        };

        var decode = new Command(
            "decode",
            "Decode a capability from its in-memory metadata word and address. With no arguments, decode each line "
            + "'PESBT ADDR' of standard input. Numbers are hex, with or without 0x.")
        {
            metadataWord,
            address,
            format,
        };
        decode.SetAction(parseResult =>
        {
            string? formatName = parseResult.GetValue(format);
            if (formatName is not (JsonFormat or TextFormat))
            {
                return Fail(io, $"unknown format {Quote(formatName ?? "")}; expected {JsonFormat} or {TextFormat}");
            }

            var writer = new CapabilityWriter(io.Output, formatName == TextFormat);
            string? metadataText = parseResult.GetValue(metadataWord);
            string? addressText = parseResult.GetValue(address);
            return metadataText is null
                ? DecodeLines(io, writer)
                : DecodeArguments(io, writer, metadataText, addressText);
        });

        return new Command("cap", "Inspect CHERI capabilities (128-bit CHERI Concentrate, RV64).") { decode };
    }

    private static int DecodeArguments(CommandIO io, CapabilityWriter writer, string metadataText, string? addressText)
    {
        if (addressText is null)
        {
            return Fail(io, "expected both PESBT and ADDR (or neither, to read them from standard input)");
        }

        if (!TryParseHex(metadataText, out ulong metadata))
        {
            return Fail(io, $"PESBT {Quote(metadataText)} is not a 64-bit hex number");
        }

        if (!TryParseHex(addressText, out ulong addressValue))
        {
            return Fail(io, $"ADDR {Quote(addressText)} is not a 64-bit hex number");
        }

        writer.Write(Capability.FromMemory(addressValue, metadata, tag: false), metadata);
        return ExitCodes.Success;
    }

    private static int DecodeLines(CommandIO io, CapabilityWriter writer)
    {
        int lineNumber = 0;
        while (io.Input.ReadLine() is { } line)
        {
            lineNumber++;
            string[] fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                return Fail(io, $"line {lineNumber}: empty line; expected 'PESBT ADDR'");
            }

            if (fields.Length != 2)
            {
                return Fail(io, $"line {lineNumber}: expected 2 fields 'PESBT ADDR', found {fields.Length}");
            }

            if (!TryParseHex(fields[0], out ulong metadata))
            {
                return Fail(io, $"line {lineNumber}: PESBT {Quote(fields[0])} is not a 64-bit hex number");
            }

            if (!TryParseHex(fields[1], out ulong addressValue))
            {
                return Fail(io, $"line {lineNumber}: ADDR {Quote(fields[1])} is not a 64-bit hex number");
            }

            writer.Write(Capability.FromMemory(addressValue, metadata, tag: false), metadata);
        }

        return lineNumber == 0
            ? Fail(io, "no input: expected lines of 'PESBT ADDR' on standard input, or PESBT and ADDR as arguments")
            : ExitCodes.Success;
    }

    /// <summary>Parses 1 to 16 significant hex digits, optionally after a single 0x; nothing else is accepted.</summary>
    private static bool TryParseHex(string text, out ulong value)
    {
        ReadOnlySpan<char> digits = text.AsSpan();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }

        // NumberStyles.HexNumber would also accept surrounding white space; only digits are allowed here.
        return ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Quotes user input for an error message: shortened, and with control characters replaced, so that hostile
    /// input cannot forge extra lines or terminal escapes.
    /// </summary>
    private static string Quote(string text)
    {
        const int maxShown = 40;
        string shown = text.Length <= maxShown ? text : text[..maxShown] + "...";
        return "'" + string.Concat(shown.Select(character => char.IsControl(character) ? '?' : character)) + "'";
    }

    private static int Fail(CommandIO io, string message)
    {
        io.Error.WriteLine($"cvm: cap decode: {message}");
        return ExitCodes.Usage;
    }

    /// <summary>Prints decoded capabilities as JSON lines or as readable text blocks.</summary>
    private sealed class CapabilityWriter(TextWriter output, bool asText)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();
        private bool _wroteAny;

        public void Write(Capability capability, ulong memoryMetadata)
        {
            if (asText)
            {
                WriteText(capability, memoryMetadata);
            }
            else
            {
                WriteJson(capability, memoryMetadata);
            }

            _wroteAny = true;
        }

        private void WriteJson(Capability capability, ulong memoryMetadata)
        {
            CapabilityBounds bounds = capability.GetBounds();
            _buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(_buffer))
            {
                json.WriteStartObject();
                json.WriteString("address", Hex(capability.Address));
                json.WriteString("pesbt", Hex(memoryMetadata));
                json.WriteString("base", Hex(bounds.Base));
                json.WriteString("top", Hex(bounds.Top));
                json.WriteString("length", Hex(bounds.Length));
                json.WriteString("offset", Hex(capability.Offset));
                json.WriteString("perms", Hex((uint)capability.Permissions));
                json.WriteStartArray("permissions");
                foreach (CapabilityPermissions permission in SinglePermissions.Where(permission => capability.HasPermissions(permission)))
                {
                    json.WriteStringValue(permission.ToString());
                }

                json.WriteEndArray();
                json.WriteString("otype", Hex(capability.ObjectType));
                json.WriteBoolean("sealed", capability.IsSealed);
                json.WriteBoolean("sentry", capability.IsSentry);
                json.WriteNumber("flag", capability.Flag ? 1 : 0);
                json.WriteNumber("exp", capability.Exponent);
                json.WriteBoolean("ie", capability.HasInternalExponent);
                json.WriteNumber("reserved", capability.Reserved);
                json.WriteEndObject();
            }

            output.WriteLine(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        }

        private void WriteText(Capability capability, ulong memoryMetadata)
        {
            if (_wroteAny)
            {
                output.WriteLine();
            }

            CapabilityBounds bounds = capability.GetBounds();
            string names = string.Join(' ', SinglePermissions.Where(permission => capability.HasPermissions(permission)));
            string seal = capability.ObjectType switch
            {
                CapabilityObjectType.Unsealed => "unsealed",
                CapabilityObjectType.Sentry => "sealed entry (sentry)",
                _ when capability.HasReservedObjectType => "sealed with a reserved type",
                _ => "sealed",
            };
            output.WriteLine($"address   {Hex(capability.Address)}");
            output.WriteLine($"pesbt     {Hex(memoryMetadata)}");
            output.WriteLine($"base      {Hex(bounds.Base)}");
            output.WriteLine($"top       {Hex(bounds.Top)}");
            output.WriteLine($"length    {Hex(bounds.Length)}");
            output.WriteLine($"offset    {Hex(capability.Offset)}");
            output.WriteLine($"perms     {Hex((uint)capability.Permissions)}{(names.Length == 0 ? "" : " " + names)}");
            output.WriteLine($"otype     {Hex(capability.ObjectType)} ({seal})");
            output.WriteLine($"flag      {(capability.Flag ? "1 (capability mode)" : "0 (integer mode)")}");
            output.WriteLine($"exponent  {capability.Exponent} ({(capability.HasInternalExponent ? "internal" : "none: bounds are exact to the byte")})");
            output.WriteLine($"reserved  {capability.Reserved}");
        }

        private static string Hex<T>(T value)
            where T : IFormattable => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
    }
}
