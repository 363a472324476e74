using Cvm.Sdk;

namespace Sample;

/// <summary>Accepted by every rule: the generator emits its proxy and skeleton.</summary>
[CvmService("counter")]
public interface ICounter
{
    [CvmMethod(Id = 1)] long Add(long amount);
}

/// <summary>Refused: CVM0009 (a list cannot cross), CVM1002 (void gives no status).</summary>
[CvmService("inbox")]
public interface IInbox
{
    [CvmMethod(Id = 1)] int Deliver(List<int> messages);
    [CvmMethod(Id = 2)] void Clear();
}

/// <summary>Not a contract.</summary>
public interface IPlain
{
    int Ping();
}

public static class Use
{
    /// <summary>CVM0016: GetService needs a contract.</summary>
    public static IPlain Plain(CvmHost host) => host.GetService<IPlain>("plain");

    /// <summary>The generated proxy of a valid contract is usable.</summary>
    public static ICounter Counter(CvmHost host) => host.GetService<ICounter>("counter");
}
