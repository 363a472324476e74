using Cvm.Sdk;

namespace KeyValueStore;

/// <summary>The contract of the store cVM: small values travel in the call, bulk values through a shared buffer.</summary>
[CvmService("kv")]
public interface IKeyValueStore
{
    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>; returns false when the store is full or either is too long.</summary>
    bool Put(string key, string value);

    /// <summary>Stores the first <paramref name="length"/> bytes of the shared "bulk" buffer under <paramref name="key"/>; the store reads them through its own capability to the buffer.</summary>
    bool PutBulk(string key, int length);

    /// <summary>The value stored under <paramref name="key"/>, or the empty string.</summary>
    string Get(string key);

    /// <summary>How many keys are stored.</summary>
    int Count();
}
