using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Runtime;

/// <summary>
/// Deployment wrapper over a standard <see cref="InferenceSession"/>: any .onnx, CPU or CUDA with
/// explained fallback. Safe for concurrent callers (ORT sessions allow concurrent Run); disposal waits
/// for runs in flight.
/// </summary>
public sealed class Predictor : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ReaderWriterLockSlim _lifetime = new();
    private bool _disposed;

    /// <summary>The device requested and the one used (with the reason for a CPU fallback).</summary>
    public DeviceChoice Choice { get; }
    /// <summary>The model's inputs: names, element types and shapes (symbolic dimensions named).</summary>
    public IReadOnlyList<ValueInfo> Inputs { get; }
    /// <summary>The model's outputs.</summary>
    public IReadOnlyList<ValueInfo> Outputs { get; }
    /// <summary>The model's metadata_props.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
    /// <summary>The path the model was loaded from.</summary>
    public string ModelPath { get; }

    /// <summary>
    /// The model as the messages of <see cref="Run"/>, <see cref="Predict"/> and the classes built on them name it: the
    /// file name without its folder (or the in-memory graph's name), so that an error passed on to a client (an HTTP
    /// reply) never reveals where the model lives. <see cref="ModelPath"/> has the full path for logs.
    /// </summary>
    public string Name { get; }

    /// <summary>Class names from the model's <c>onnxdl.labels</c> metadata (empty when absent).</summary>
    public IReadOnlyList<string> Labels { get; }

    private Predictor(InferenceSession session, DeviceChoice choice, string path, string name)
    {
        _session = session;
        Choice = choice;
        ModelPath = path;
        Name = name;
        Inputs = [.. session.InputMetadata.Select(kv => Describe(kv.Key, kv.Value))];
        Outputs = [.. session.OutputMetadata.Select(kv => Describe(kv.Key, kv.Value))];
        Metadata = session.ModelMetadata.CustomMetadataMap;
        Labels = Metadata.TryGetValue(MetadataKeys.Labels, out var json)
            ? System.Text.Json.JsonSerializer.Deserialize<string[]>(json) ?? []
            : [];
    }

    /// <summary>Loads the model at <paramref name="path"/> for <paramref name="device"/> (CPU when null); see <see cref="Load(PredictorOptions)"/>.</summary>
    public static Predictor Load(string path, Device? device = null, bool allowCpuFallback = true) =>
        Load(new PredictorOptions { ModelPath = path, Device = device ?? Device.Cpu, AllowCpuFallback = allowCpuFallback });

    /// <summary>Loads a model; an unreadable, invalid or hostile file gives <see cref="OnnxFormatException"/> naming it and its problems.</summary>
    public static Predictor Load(PredictorOptions options)
    {
        // Our own reader and checker validate first: they refuse truncated files, absurd tensor sizes, external
        // data outside the model's folder, structurally invalid graphs and known crashes before ONNX Runtime's native code sees the file.
        OrtCrashGuard.ThrowIfUnloadable(ModelSerializer.Load(options.ModelPath), options.ModelPath);
        return Open(sessionOptions => new InferenceSession(options.ModelPath, sessionOptions), options.Device, options.AllowCpuFallback,
            options.ModelPath, Path.GetFileName(options.ModelPath), options.SessionConfig);
    }

    /// <summary>A predictor of an in-memory model (e.g. one being trained), with the same session options as a file's.</summary>
    public static Predictor Load(OnnxModel model, Device? device = null, bool allowCpuFallback = true)
    {
        var name = $"{model.Graph.Name} (in memory)";
        OrtCrashGuard.ThrowIfUnloadable(model, name);
        return Open(sessionOptions => new InferenceSession(ModelSerializer.ToBytes(model), sessionOptions), device ?? Device.Cpu, allowCpuFallback, name, name);
    }

    /// <summary>Opens the session; a load failure names the model by <paramref name="path"/> (the user's own file, not a client's request).</summary>
    private static Predictor Open(Func<SessionOptions, InferenceSession> session, Device device, bool allowCpuFallback, string path, string name,
        IReadOnlyDictionary<string, string>? config = null)
    {
        var (sessionOptions, choice) = SessionFactory.Create(device, allowCpuFallback, config: config);
        using (sessionOptions)
        {
            try
            {
                return new Predictor(session(sessionOptions), choice, path, name);
            }
            catch (OnnxRuntimeException e)
            {
                throw new OnnxFormatException($"{path}: ONNX Runtime cannot load the model: {e.Message}", e);
            }
        }
    }

    /// <summary>Runs the model on named inputs and returns every output.</summary>
    public IReadOnlyDictionary<string, TensorData> Run(IReadOnlyDictionary<string, TensorData> inputs)
    {
        _lifetime.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return RunSession(inputs);
        }
        finally
        {
            _lifetime.ExitReadLock();
        }
    }

    /// <summary>Single-input convenience: a batch in, the first output's values out.</summary>
    public TensorData Predict(TensorData batch)
    {
        if (Inputs.Count != 1)
            throw new InvalidOperationException(
                $"{Name} has {Inputs.Count} inputs ({string.Join(", ", Inputs.Select(i => i.Name))}); use Run with named inputs.");
        return Run(new Dictionary<string, TensorData> { [Inputs[0].Name] = batch })[Outputs[0].Name];
    }

    private Dictionary<string, TensorData> RunSession(IReadOnlyDictionary<string, TensorData> inputs)
    {
        InputValidation.Check(Name, Inputs, inputs);
        var values = new List<OrtValue>(inputs.Count);
        try
        {
            foreach (var input in Inputs) values.Add(OrtValues.FromHost(inputs[input.Name]));
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, [.. Inputs.Select(i => i.Name)], values, [.. Outputs.Select(o => o.Name)]);
            return Outputs.Zip(outputs).ToDictionary(p => p.First.Name, p => OrtValues.ToHost(p.Second));
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    private static ValueInfo Describe(string name, NodeMetadata meta)
    {
        if (!meta.IsTensor) return new ValueInfo(name, new TensorType(ElementType.Undefined, null));
        var dims = meta.Dimensions.Select((d, i) => d >= 0 ? Dim.Of(d) :
            Dim.Symbol(string.IsNullOrEmpty(meta.SymbolicDimensions[i]) ? "?" : meta.SymbolicDimensions[i])).ToArray();
        return new ValueInfo(name, new TensorType(OrtValues.ToElementType(meta.ElementDataType), dims));
    }

    /// <summary>Releases the ONNX Runtime session, waiting for runs in flight; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _lifetime.EnterWriteLock();
        try
        {
            if (_disposed) return;
            _disposed = true;
            _session.Dispose();
        }
        finally
        {
            _lifetime.ExitWriteLock();
        }
    }
}
