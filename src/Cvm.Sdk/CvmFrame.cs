namespace Cvm.Sdk;

/// <summary>
/// The frame layout every contract call uses, whichever side the caller and callee are on (docs/contracts-abi.md,
/// "Frame"). A call passes two areas: the <b>in area</b> (the callee may only load from it) and the <b>out area</b>
/// (load and store). Each parameter has one 8-byte slot in the in area and one in the out area; data of
/// <see cref="CvmDirection.In"/> parameters lies in the in area's payload, data of <see cref="CvmDirection.Out"/> and
/// <see cref="CvmDirection.Ref"/> parameters in the out area's payload.
/// </summary>
public static class CvmFrame
{
    /// <summary>In area offset 0: the contract hash (u64) the caller was built against.</summary>
    public const int HashOffset = 0;

    /// <summary>In area offset 8: the method id (u32), then the parameter count (u32) at 12.</summary>
    public const int MethodOffset = 8;

    /// <summary>In area offset 12: the parameter count (u32).</summary>
    public const int ParameterCountOffset = 12;

    /// <summary>In area offset 16: offset of the return buffer in the out area (u32), then its capacity in bytes (u32) at 20.</summary>
    public const int ReturnBufferOffset = 16;

    /// <summary>In area offset 20: the return buffer's capacity in bytes (u32).</summary>
    public const int ReturnCapacityOffset = 20;

    /// <summary>Bytes of the in area header; parameter slot i is at <c>InHeaderSize + 8 i</c>.</summary>
    public const int InHeaderSize = 24;

    /// <summary>Out area offset 0: the return slot; parameter i's out slot is at <c>OutHeaderSize + 8 i</c>.</summary>
    public const int ReturnSlotOffset = 0;

    /// <summary>Bytes of the out area header.</summary>
    public const int OutHeaderSize = 8;

    /// <summary>Payload items start at multiples of this.</summary>
    public const int PayloadAlignment = 8;

    /// <summary>Largest area either side accepts (16 MiB): offsets and counts fit 32 bits with room to spare.</summary>
    public const int MaxAreaSize = 16 << 20;

    /// <summary>Parameters a method may have (so that the header fits every area).</summary>
    public const int MaxParameters = 32;

    /// <summary>In area offset of parameter <paramref name="index"/>'s slot.</summary>
    public static int InSlot(int index) => InHeaderSize + 8 * index;

    /// <summary>Out area offset of parameter <paramref name="index"/>'s slot.</summary>
    public static int OutSlot(int index) => OutHeaderSize + 8 * index;

    /// <summary>A data slot: the payload offset in the upper 32 bits, the element (or byte) count in the lower 32.</summary>
    public static ulong DataSlot(int offset, int count) => ((ulong)(uint)offset << 32) | (uint)count;

    /// <summary>Splits a data slot into offset and count.</summary>
    public static (uint Offset, uint Count) SplitDataSlot(ulong slot) => ((uint)(slot >> 32), (uint)slot);

    /// <summary>
    /// Checks that a data slot names <c>count × elementSize</c> bytes inside an area of <paramref name="areaLength"/>
    /// bytes, starting at an aligned payload offset past <paramref name="headerEnd"/>; returns the byte range.
    /// </summary>
    /// <exception cref="CvmProtocolException">The slot points outside the payload or is misaligned.</exception>
    public static (int Offset, int Length) CheckDataSlot(ulong slot, int elementSize, int headerEnd, int areaLength, string what)
    {
        var (offset, count) = SplitDataSlot(slot);
        var bytes = (ulong)count * (ulong)elementSize;
        if (offset % PayloadAlignment != 0 || offset < headerEnd || offset > (ulong)areaLength || bytes > (ulong)areaLength - offset)
        {
            throw new CvmProtocolException(
                $"{what}: {count} elements of {elementSize} bytes at offset {offset} do not lie in the {areaLength}-byte area's payload (from {headerEnd})");
        }
        return ((int)offset, (int)bytes);
    }

    /// <summary>Rounds <paramref name="value"/> up to <see cref="PayloadAlignment"/>.</summary>
    public static int Align(int value) => (value + PayloadAlignment - 1) & ~(PayloadAlignment - 1);
}

/// <summary>A CP_File buffer passed to a contract method by name; the callee probes it with its own grants.</summary>
/// <param name="Name">The CP_File's name (1 to 64 bytes of UTF-8).</param>
public readonly record struct CvmCapFile(string Name);
