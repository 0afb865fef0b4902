using Microsoft.ML.OnnxRuntime;

namespace Onnxdl.Runtime;

/// <summary>
/// Builds tuned <see cref="SessionOptions"/>: graph optimization (see <see cref="OptimizationLevel"/>),
/// intra-op threads = cores, memory pattern and CPU arena on, training sessions' threads spinning only while a run lasts
/// (see <see cref="ForceSpinningStop"/>); CUDA appended when asked, with an explained fallback.
/// </summary>
public static class SessionFactory
{
    /// <summary>Session options for <paramref name="device"/> (CUDA provider appended, environment tuning applied) and the device really used: without a usable GPU it falls back to CPU when <paramref name="allowCpuFallback"/> and says why, otherwise throws <see cref="DeviceUnavailableException"/>. <paramref name="config"/> adds session configuration entries, which <see cref="SessionConfigVariable"/>'s override. The caller owns (disposes) the options.</summary>
    public static (SessionOptions Options, DeviceChoice Choice) Create(Device device, bool allowCpuFallback, bool training = false,
        IReadOnlyDictionary<string, string>? config = null)
    {
        var options = CpuOptions(training, config);
        if (device.Kind == DeviceKind.Cpu) return (options, new DeviceChoice(device, device, null));
        try
        {
            AppendCuda(options, device.Id);
            return (options, new DeviceChoice(device, device, null));
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            options.Dispose();
            var reason = $"CUDA execution provider for {device} could not start: {FirstLine(e.Message)} " +
                         "(needs an NVIDIA GPU, CUDA 13 and cuDNN 9 libraries on the library path)";
            if (!allowCpuFallback) throw new DeviceUnavailableException(reason + ". Use --device cpu, or allow CPU fallback.", e);
            return (CpuOptions(training, config), new DeviceChoice(device, Device.Cpu, reason));
        }
    }

    /// <summary>
    /// Extra CUDA provider options as <c>key=value;key=value</c> (ONNX Runtime's names, e.g.
    /// <c>cudnn_conv_algo_search=HEURISTIC</c>), for tuning without a rebuild.
    /// </summary>
    public const string CudaOptionsVariable = "ONNXDL_CUDA_OPTIONS";

    private static void AppendCuda(SessionOptions options, int deviceId)
    {
        var extra = Settings(CudaOptionsVariable);
        if (extra.Count == 0)
        {
            options.AppendExecutionProvider_CUDA(deviceId);
            return;
        }
        var settings = new Dictionary<string, string> { ["device_id"] = deviceId.ToString() };
        foreach (var (key, value) in extra) settings[key] = value;
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(settings);
        options.AppendExecutionProvider_CUDA(cuda);
    }

    /// <summary>
    /// Extra session configuration entries as <c>key=value;key=value</c> (ONNX Runtime's names, e.g.
    /// <c>session.intra_op.allow_spinning=0</c>, which a service sharing its cores may want: spinning pool
    /// threads measured ~10% faster training steps on an otherwise idle machine, and beside another busy
    /// process once 1.6× slower, once about the same).
    /// </summary>
    public const string SessionConfigVariable = "ONNXDL_ORT_CONFIG";

    /// <summary>The <c>key=value;…</c> pairs of an environment variable (none when unset).</summary>
    private static List<(string Key, string Value)> Settings(string variable)
    {
        var settings = new List<(string, string)>();
        var text = Environment.GetEnvironmentVariable(variable);
        foreach (var pair in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0) throw new ArgumentException($"{variable}: '{pair}' is not key=value.");
            settings.Add((parts[0], parts[1]));
        }
        return settings;
    }

    /// <summary>Set to a path prefix to have ONNX Runtime write a per-node profile (JSON) for every session.</summary>
    public const string ProfileVariable = "ONNXDL_ORT_PROFILE";

    /// <summary>
    /// Inference gets every optimization. Training steps stop short of the layout level: its NCHWc
    /// rewrite pays off for a convolution alone, but in a training step the convolution's output also feeds
    /// the backward pass in plain NCHW, so ORT reorders it back every step (the seed CNN at batch 128:
    /// ~0.7 ms of reorders and ~10% slower steps, and 80 MB more memory), and it takes only constant weights. A CPU
    /// training step's learned convolutions get the blocked kernels from the training engine instead (NchwcLayout).
    /// </summary>
    public static GraphOptimizationLevel OptimizationLevel(bool training) =>
        training ? GraphOptimizationLevel.ORT_ENABLE_EXTENDED : GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>
    /// Set for training sessions: their pool threads spin while a run lasts and stop when it returns, instead of spinning on
    /// into what runs next — the host's batch feeding, or with gradient accumulation the other half-step's session, whose
    /// own threads then share the cores with them. Measured (2 cores, alternating runs): <c>onnxdl train</c> of the convnet with
    /// <c>--accumulate-steps 2</c> 7.8–8.7 s against 13.8–14.1, the seed CNN's fused step 1.05× (8,057–8,197 samples/s against
    /// 7,509–7,762). Inference keeps ONNX Runtime's default: back-to-back 0.4 ms runs of the seed CNN measured 0–9% slower
    /// with it.
    /// </summary>
    private const string ForceSpinningStop = "session.force_spinning_stop";

    private static SessionOptions CpuOptions(bool training, IReadOnlyDictionary<string, string>? defaults)
    {
        var config = Settings(SessionConfigVariable); // a malformed variable fails before native options exist
        SessionOptions options;
        try
        {
            options = new SessionOptions
            {
                GraphOptimizationLevel = OptimizationLevel(training),
                IntraOpNumThreads = Environment.ProcessorCount,
                EnableMemoryPattern = true,
                EnableCpuMemArena = true,
                LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            };
        }
        catch (TypeInitializationException e) when (e.InnerException is DllNotFoundException)
        {
            throw new DllNotFoundException(MissingNatives, e);
        }
        // Merged first, the environment's entries last to win: ONNX Runtime warns on stderr when a key is given twice.
        var entries = new Dictionary<string, string>();
        if (training) entries[ForceSpinningStop] = "1";
        foreach (var (key, value) in defaults ?? new Dictionary<string, string>()) entries[key] = value;
        foreach (var (key, value) in config) entries[key] = value;
        foreach (var (key, value) in entries) options.AddSessionConfigEntry(key, value);
        if (Environment.GetEnvironmentVariable(ProfileVariable) is { Length: > 0 } prefix) EnableProfiling(options, prefix);
        return options;
    }

    /// <summary>ONNX Runtime writes PREFIX_DATE_TIME_MS.json when each session created with these options closes.</summary>
    internal static void EnableProfiling(SessionOptions options, string prefix)
    {
        // The prefix first: the EnableProfiling setter hands the prefix set so far to native code.
        options.ProfileOutputPathPrefix = prefix;
        options.EnableProfiling = true;
    }

    /// <summary>Why ONNX Runtime's native library is missing and what fixes it: the application picks the natives.</summary>
    internal const string MissingNatives = "ONNX Runtime's native library (onnxruntime) could not be loaded. Onnxdl.Runtime " +
        "references only Microsoft.ML.OnnxRuntime.Managed; the application must also reference one native package of the same " +
        "version: Microsoft.ML.OnnxRuntime (CPU) or Microsoft.ML.OnnxRuntime.Gpu.Linux (CUDA, also runs on CPU).";

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
