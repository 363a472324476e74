using Cvm.Sdk;

namespace SandboxedParser;

/// <summary>The contract of the parser cVM.</summary>
[CvmService("parser")]
public interface IRecordParser
{
    /// <summary>
    /// Parses a record — one length byte, then that many bytes of name — and returns the name. The C implementation
    /// trusts the length byte: a record claiming more than its 32-byte name buffer holds overflows it.
    /// </summary>
    string ParseName(ReadOnlySpan<byte> record);
}
