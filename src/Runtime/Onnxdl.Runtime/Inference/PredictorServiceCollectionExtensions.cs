using Onnxdl.Runtime;

// In the container's own namespace so that `services.AddOnnxPredictor(…)` needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="Predictor"/> with Microsoft.Extensions.DependencyInjection.</summary>
public static class PredictorServiceCollectionExtensions
{
    /// <summary>
    /// Registers one shared <see cref="Predictor"/> (a singleton: it is thread-safe, so concurrent requests
    /// share one session) that the container disposes with itself. The model loads when the Predictor is
    /// first resolved; resolve it at startup to fail fast on a bad path or device.
    /// </summary>
    /// <example><code>builder.Services.AddOnnxPredictor(o => { o.ModelPath = "model.onnx"; o.Device = Device.Cuda(); });</code></example>
    public static IServiceCollection AddOnnxPredictor(this IServiceCollection services, Action<PredictorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PredictorOptions();
        configure(options);
        if (string.IsNullOrWhiteSpace(options.ModelPath))
            throw new ArgumentException("AddOnnxPredictor: PredictorOptions.ModelPath is empty; set it to the .onnx file to load.", nameof(configure));
        // Resolve now: the working directory may change before the first resolve.
        var frozen = options with { ModelPath = Path.GetFullPath(options.ModelPath) };
        // A factory registration: the container owns what it creates and disposes it with itself.
        services.AddSingleton(_ => Predictor.Load(frozen));
        return services;
    }
}
