namespace Cvm.Machine.Execution;

/// <summary>
/// One value per page of an address space, kept in chunks of <see cref="PagesPerChunk"/> pages that are created on
/// first use: what it costs follows the pages that hold something, not the size of the address space (a 4 GiB space
/// has a million pages, and a table of them per decoding context would cost megabytes before any code ran).
/// </summary>
internal sealed class PageTable<T>(ulong pageCount) where T : class
{
    private const int PagesPerChunk = 512;

    private readonly T?[]?[] _chunks = new T?[]?[(pageCount + PagesPerChunk - 1) / PagesPerChunk];

    /// <summary>The value of <paramref name="page"/>, or null.</summary>
    public T? this[ulong page]
    {
        get => _chunks[page / PagesPerChunk]?[page % PagesPerChunk];
        set
        {
            ref var chunk = ref _chunks[page / PagesPerChunk];
            if (chunk is null && value is null)
            {
                return;
            }
            (chunk ??= new T?[PagesPerChunk])[page % PagesPerChunk] = value;
        }
    }
}
