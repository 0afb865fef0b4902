using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Onnxdl.Augment;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Onnxdl.Runtime;

/// <summary>
/// Transfer learning on an imported model (<see cref="TransferModel"/>). A frozen base runs once per sample to
/// cache its features at the cut, and the head trains on them with <see cref="Model"/> (the base forward is
/// the expensive part, so this is far cheaper than running it every step); a trainable base trains through the
/// transfer model's own train_step. Either way the result is one model.onnx holding base and head.
/// </summary>
public static class FineTuning
{
    /// <summary>Builds the transfer model; the cut's per-sample shape is found by running the base once on zeros.</summary>
    public static TransferModel Prepare(OnnxModel baseModel, string cut, Functional head, bool freezeBase, long seed = 0) =>
        new(baseModel, cut, CutShape(baseModel, cut), head, trainBase: !freezeBase, seed);

    /// <summary>Per-sample shape of value <paramref name="cut"/>, from one run of the base on a zero sample.</summary>
    public static int[] CutShape(OnnxModel baseModel, string cut)
    {
        TransferModel.RequireCut(baseModel.Graph, cut, $"base model '{baseModel.Graph.Name}'");
        OrtCrashGuard.ThrowIfUnloadable(baseModel, $"base model '{baseModel.Graph.Name}'");
        var probe = ModelSerializer.Parse(ModelSerializer.ToBytes(baseModel), baseModel.Graph.Name);
        if (probe.Graph.Outputs.All(o => o.Name != cut))
            probe.Graph.Outputs.Add(new ValueInfo(cut, new TensorType(ElementType.Float, null)));
        var initializers = probe.Graph.Initializers.Select(t => t.Name).ToHashSet();
        var input = probe.Graph.Inputs.First(i => !initializers.Contains(i.Name));
        long[] dims = [1, .. input.Type.Shape!.Skip(1).Select(d => d.Value ?? 1)];
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(ModelSerializer.ToBytes(probe), options);
        using var x = OrtValue.CreateTensorValueFromMemory(new float[Tensor.ElementCount(dims)], dims);
        using var outputs = session.Run(new RunOptions(), [input.Name], [x], [cut]);
        return [.. outputs[0].GetTensorTypeAndShape().Shape.Skip(1).Select(d => (int)d)];
    }

    /// <summary>
    /// Trains <paramref name="transfer"/> on <paramref name="train"/> (images adapted to the base input) with
    /// <see cref="Model.Fit(IBatchSource, FitOptions)"/>, the loop every training goes through (seeded order, callbacks,
    /// checkpoints and resume, any device), and exports it. A frozen base runs once per sample to cache its features,
    /// and only the head trains on them; a trainable base trains through the transfer model's own train_step.
    /// </summary>
    public static FineTuneResult Run(TransferModel transfer, ArrayDataset train, FineTuneOptions options)
    {
        var adapter = new BaseInputAdapter(train.SampleShape, transfer.BaseInputShape, options.Mean, options.Std);
        var clock = Stopwatch.StartNew();
        var (network, data) = options.FreezeBase
            ? (transfer.Head, BatchSource.FromArrays(Features(transfer, train, adapter, options)))
            : ((INetwork)transfer, (IBatchSource)new AdaptedImages(BatchSource.FromArrays(train), adapter));
        var featureTime = clock.Elapsed;

        clock.Restart();
        using var model = new Model(network);
        model.Compile(new CategoricalCrossentropy(), new Adam { LearningRate = options.LearningRate }, ["accuracy"], new CompileOptions
        {
            Seed = options.Seed,
            Opset = transfer.Opset,
            Device = options.Device,
            AllowCpuFallback = options.AllowCpuFallback,
        });
        var history = model.Fit(data, new FitOptions
        {
            Epochs = options.Epochs,
            BatchSize = options.BatchSize,
            Seed = options.Seed,
            Callbacks = options.OnEpoch is { } report ? [.. options.Callbacks, new EpochReporter(report)] : options.Callbacks,
            ResumeFrom = options.ResumeFrom,
        });
        model.SyncNetworkWeights(); // the head (or the whole transfer model) takes the trained weights for the export
        return new FineTuneResult(transfer.ToOnnx(train.ClassNames), history["loss"], featureTime, clock.Elapsed);
    }

    /// <summary>Accuracy of an exported classifier on <paramref name="test"/>, run in batches through a Predictor.</summary>
    public static double Accuracy(string modelPath, ArrayDataset test, FineTuneOptions options, int[] baseInputShape)
    {
        var adapter = new BaseInputAdapter(test.SampleShape, baseInputShape, options.Mean, options.Std);
        using var predictor = Predictor.Load(modelPath);
        var correct = 0;
        foreach (var indices in Batches(test.Count, 64))
        {
            var y = (float[])predictor.Predict(Adapt(test, indices, adapter, baseInputShape)).Data;
            var classes = y.Length / indices.Length;
            for (var i = 0; i < indices.Length; i++)
                if (TensorPrimitives.IndexOfMax(y.AsSpan(i * classes, classes)) == test.Labels[indices[i]]) correct++;
        }
        return (double)correct / test.Count;
    }

    /// <summary>The base's output at the cut for every sample, adapted and run in batches on the fine-tuning device.</summary>
    private static ArrayDataset Features(TransferModel transfer, ArrayDataset data, BaseInputAdapter adapter, FineTuneOptions options)
    {
        using var predictor = Predictor.Load(transfer.BaseToCut(), options.Device, options.AllowCpuFallback);
        var size = transfer.CutShape.Aggregate(1, (a, d) => a * d);
        var features = new float[data.Count * size];
        foreach (var indices in Batches(data.Count, options.BatchSize))
        {
            var y = (float[])predictor.Predict(Adapt(data, indices, adapter, transfer.BaseInputShape)).Data;
            y.CopyTo(features, indices[0] * size);
        }
        return new ArrayDataset(features, data.Labels, transfer.CutShape, data.ClassNames);
    }

    private static TensorData Adapt(ArrayDataset data, int[] indices, BaseInputAdapter adapter, int[] baseInputShape)
    {
        var x = new float[indices.Length * adapter.OutputSize];
        for (var i = 0; i < indices.Length; i++) adapter.Adapt(data.Sample(indices[i]), x.AsSpan(i * adapter.OutputSize, adapter.OutputSize));
        return TensorData.Of(x, [indices.Length, .. baseInputShape.Select(d => (long)d)]);
    }

    private static IEnumerable<int[]> Batches(int count, int batchSize) => Enumerable.Range(0, count).Chunk(batchSize);

    /// <summary>Forwards each epoch's mean training loss to <see cref="FineTuneOptions.OnEpoch"/>.</summary>
    private sealed class EpochReporter(Action<int, double> report) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control) => report(epoch + 1, logs["loss"]); // FitLoop counts from 0
    }
}
