using Cvm.Sdk;

namespace HelloCvm;

/// <summary>The contract between the C# host and the guest: the generator writes the C side to obj/…/cvm/include.</summary>
[CvmService("greeter")]
public interface IGreeter
{
    /// <summary>Returns a greeting for <paramref name="name"/>, composed inside the cVM.</summary>
    string Greet(string name);

    /// <summary>Adds two numbers inside the cVM.</summary>
    int Add(int a, int b);
}
