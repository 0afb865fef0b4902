using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>Every model of one server, by name; the first is the <see cref="Default"/> of <c>/predict</c> and <c>/metadata</c>.</summary>
internal sealed class ServedModels : IAsyncDisposable
{
    private readonly List<ServedModel> _models = [];

    /// <summary>
    /// ONNX Runtime's pool threads spin after each run by default; in a server they would take the cores that parse the
    /// next requests. Measured (seed CNN, binary tensors, batching on, 64 connections, 2 shared cores, two alternations):
    /// 3.6k–6.8k requests/s without spinning against 1.6k–2.1k with. <c>ONNXDL_ORT_CONFIG</c> can turn it back on.
    /// </summary>
    private static readonly Dictionary<string, string> SessionConfig = new() { ["session.intra_op.allow_spinning"] = "0" };

    /// <summary>Loads every model of <paramref name="options"/> (so a bad file fails before the server listens).</summary>
    public ServedModels(ServeOptions options, ServeMetrics metrics)
    {
        try
        {
            foreach (var source in options.Models)
            {
                if (_models.Any(m => m.Name == source.Name))
                    throw new UsageException($"Two models are named '{source.Name}'; give each its own name with --model NAME=PATH.");
                var predictor = Predictor.Load(new PredictorOptions { ModelPath = source.Path, Device = options.Device, SessionConfig = SessionConfig });
                _models.Add(new ServedModel(source, predictor, options.Batching, metrics));
            }
        }
        catch
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        if (_models.Count == 0) throw new UsageException("No model to serve: give --model or --model-repository.");
    }

    public IReadOnlyList<ServedModel> All => _models;

    public ServedModel Default => _models[0];

    /// <summary>The model named <paramref name="name"/> (at <paramref name="version"/> when given); <see cref="NotFoundException"/> otherwise.</summary>
    public ServedModel Find(string name, string? version)
    {
        var model = _models.FirstOrDefault(m => m.Name == name)
            ?? throw new NotFoundException($"Model '{name}' is not served here; served models: {string.Join(", ", _models.Select(m => m.Name))}.");
        if (version is not null && version != model.Version)
            throw new NotFoundException($"Model '{name}' has no version '{version}'; its version: {model.Version}.");
        return model;
    }

    /// <summary>Runs what every batcher holds at once: the server is draining.</summary>
    public void Flush()
    {
        foreach (var model in _models) model.Flush();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var model in _models) await model.DisposeAsync();
        _models.Clear();
    }
}
