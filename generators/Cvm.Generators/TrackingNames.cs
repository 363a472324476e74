namespace Cvm.Generators;

/// <summary>Names of the generator's pipeline steps, which tests use to check what was cached.</summary>
public static class TrackingNames
{
    /// <summary>The model of each [CvmService] interface (null when the shape is unsupported).</summary>
    public const string ServiceModel = nameof(ServiceModel);

    /// <summary>Only the services the generator emits code for.</summary>
    public const string SupportedService = nameof(SupportedService);
}
