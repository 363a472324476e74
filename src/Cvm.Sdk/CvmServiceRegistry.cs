using System.Collections.Concurrent;

namespace Cvm.Sdk;

/// <summary>Serves one guest call of a contract method on a C# implementation (the generated host skeleton).</summary>
/// <typeparam name="T">The contract interface.</typeparam>
/// <param name="implementation">The object passed to <see cref="CvmHost.Provide{T}"/>.</param>
/// <param name="call">The call: method, arguments as leased guest views, and where results go.</param>
public delegate void CvmSkeleton<in T>(T implementation, CvmServiceCall call) where T : class;

/// <summary>What the generator registers for one contract interface.</summary>
/// <typeparam name="T">The contract interface.</typeparam>
/// <param name="Contract">The contract's descriptors and hash.</param>
/// <param name="CreateProxy">Creates the host proxy over a client bound to one cVM.</param>
/// <param name="Skeleton">Dispatches guest calls to an implementation.</param>
public sealed record CvmServiceRegistration<T>(CvmContract Contract, Func<CvmServiceClient, T> CreateProxy, CvmSkeleton<T> Skeleton) where T : class;

/// <summary>
/// Contract interfaces known to the runtime. Generated code calls <see cref="Register{T}"/> from a
/// <c>[ModuleInitializer]</c>, so no reflection scanning is needed.
/// </summary>
public static class CvmServiceRegistry
{
    private static readonly ConcurrentDictionary<Type, object> Registrations = new();

    /// <summary>Registers the generated proxy factory and skeleton of <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not an interface, or a different contract is already registered for it.</exception>
    public static void Register<T>(CvmServiceRegistration<T> registration) where T : class
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (!typeof(T).IsInterface)
        {
            throw new ArgumentException($"{typeof(T)} is not an interface");
        }
        var existing = (CvmServiceRegistration<T>)Registrations.GetOrAdd(typeof(T), registration);
        if (existing.Contract.Hash != registration.Contract.Hash)
        {
            throw new ArgumentException($"{typeof(T)} is registered twice with different contracts (0x{existing.Contract.Hash:x16}, 0x{registration.Contract.Hash:x16})");
        }
    }

    /// <summary>The registration of <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> has no [CvmService] registration.</exception>
    public static CvmServiceRegistration<T> Get<T>() where T : class =>
        Registrations.TryGetValue(typeof(T), out var registration)
            ? (CvmServiceRegistration<T>)registration
            : throw new InvalidOperationException(
                $"{typeof(T)} is not a cVM service: mark the interface [CvmService(\"name\")] and build with the CvmSdk generator");

    /// <summary>Whether <typeparamref name="T"/> is registered.</summary>
    public static bool IsRegistered<T>() where T : class => Registrations.ContainsKey(typeof(T));
}
