using Onnxdl.Augment;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Metrics;
using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Runtime;

/// <summary>
/// The Keras workflow over ONNX: <see cref="Compile(Loss, Optimizer, IEnumerable{string}, CompileOptions)"/> writes the training artifacts and starts them on
/// a device; <see cref="Fit(IBatchSource, FitOptions)"/>, <see cref="Evaluate"/>, <see cref="Predict"/> run them; <see cref="Save"/>
/// exports model.onnx with the trained weights, labels and preprocessing in its metadata.
/// The trained weights live on the device; <see cref="ToOnnx"/> and <see cref="Predict"/> read them from there
/// and leave <see cref="Network"/> as it was, and <see cref="SyncNetworkWeights"/> copies them into it on request.
/// </summary>
public sealed class Model(INetwork network) : IDisposable
{
    private TrainingEngine? _engine;
    private Predictor? _predictor;
    private long _predictorVersion;
    private FitOptions? _fit;

    /// <summary>What is trained: a <see cref="Graph.Layers.Functional"/> (or <see cref="Graph.Layers.Sequential"/>) model or any other network, e.g. a <see cref="TransferModel"/>.</summary>
    public INetwork Network { get; } = network;
    /// <summary>The training graphs written by Compile, or null before.</summary>
    public TrainingArtifacts? Artifacts { get; private set; }
    /// <summary>The loss given to Compile, or null before.</summary>
    public Loss? Loss { get; private set; }
    /// <summary>The optimizer given to Compile, or null before.</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>Epochs and optimizer steps completed (including those before a resume).</summary>
    public int Epoch { get; private set; }
    /// <summary>Optimizer steps completed (including those before a resume).</summary>
    public long Step { get; private set; }

    /// <summary>
    /// The learning rate the next step uses: the one place it is held. Compile sets it from the optimizer, schedules
    /// change it (through <see cref="TrainingControl"/>), checkpoints save and restore it.
    /// </summary>
    public float LearningRate { get; set; }

    /// <summary>Class names stored in model.onnx's metadata, or null.</summary>
    public IReadOnlyList<string>? Labels { get; set; }

    /// <summary>Preprocessing JSON stored in model.onnx so raw images can be fed to it (see Onnxdl.Augment.Preprocessing).</summary>
    public string? Preprocessing { get; set; }

    /// <summary>
    /// The processes this model trains with (from <see cref="CompileOptions.Communicator"/>), or null: this process alone.
    /// Fit then runs grad_step → all-reduce → apply_step (also for one process). With more than one, Fit averages every step's gradients over them, Evaluate splits the data among them and reduces
    /// the metrics, and only rank 0 writes files (<see cref="Save"/>, <see cref="SaveCheckpoint"/> do nothing elsewhere).
    /// </summary>
    public ICommunicator? Communicator { get; private set; }

    /// <summary>Whether this process writes files: always, except on ranks other than 0 of a data-parallel job.</summary>
    public bool WritesFiles => Communicator is not { Rank: > 0 };

    /// <summary>The device the model trains on (and why, after a fallback), or null before Compile.</summary>
    public DeviceChoice? Device => _engine?.Choice;

    private TrainingEngine Engine => _engine ?? throw new InvalidOperationException($"Model '{Network.Name}' is not compiled; call Compile first.");

    /// <summary>Writes the training graphs for <paramref name="loss"/>, <paramref name="optimizer"/> and the metrics named (e.g. "accuracy"), and starts them on the device of <paramref name="options"/>; builds the network first when needed.</summary>
    public void Compile(Loss loss, Optimizer optimizer, IEnumerable<string>? metrics = null, CompileOptions? options = null)
    {
        var resolved = (metrics ?? []).Select(m => Metric.FromName(m, loss, Network.OutputType)).ToArray();
        Compile(loss, optimizer, resolved, options);
    }

    /// <summary>Like the overload with metric names, with metric objects.</summary>
    public void Compile(Loss loss, Optimizer optimizer, IReadOnlyList<Metric> metrics, CompileOptions? options = null)
    {
        options ??= new CompileOptions();
        if (!Network.IsBuilt) Network.Build(options.Seed);
        var artifacts = TrainingArtifacts.Build(Network, loss, optimizer, metrics,
            new ArtifactOptions(options.Opset, options.Target, options.Seed, options.BatchSize));
        var engine = new TrainingEngine(artifacts.TrainStep, artifacts.EvalStep, options.Device, options.AllowCpuFallback);
        try
        {
            engine.LoadState(_engine is null ? artifacts.InitialState : CarryParameters(artifacts.InitialState));
        }
        catch
        {
            engine.Dispose();
            throw;
        }
        _engine?.Dispose();
        DropPredictor(); // it ran the old engine's weights
        (_engine, Artifacts, Loss, Optimizer, LearningRate, Communicator) = (engine, artifacts, loss, optimizer, optimizer.LearningRate, options.Communicator);
    }

    /// <summary>Trains on <paramref name="train"/>; validation data comes from the options.</summary>
    public History Fit(IBatchSource train, FitOptions options)
    {
        if (options.ValidationSplit > 0)
            throw new ArgumentException("A validation split needs in-memory data: use Fit(ArrayDataset, …) or give ValidationData.");
        return Loop(train, options.ValidationData, options).Run();
    }

    /// <summary>Trains on an in-memory dataset; <see cref="FitOptions.ValidationSplit"/> takes the end of it.</summary>
    public History Fit(ArrayDataset data, FitOptions options, IEnumerable<IAugmentation>? augmentations = null)
    {
        options.Validate();
        Labels ??= data.ClassNames;
        Preprocessing ??= data.Preprocessing?.ToJson();
        var (train, validation) = SplitFromEnd(data.Count, options.ValidationSplit);
        var source = BatchSource.FromArrays(validation.Length == 0 ? data : data.Subset(train), augmentations);
        var validationSource = validation.Length == 0 ? options.ValidationData : BatchSource.FromArrays(data.Subset(validation));
        return Loop(source, validationSource, options with { ValidationSplit = 0 }).Run();
    }

    /// <summary>
    /// Trains on image files streamed from disk (<see cref="BatchSource.StreamImageFolder"/>): only the file list is in memory,
    /// and each batch is decoded, preprocessed and augmented on <paramref name="pipeline"/>'s workers while the previous ones train.
    /// <see cref="FitOptions.ValidationSplit"/> takes the end of the file list, as <see cref="Fit(ArrayDataset, FitOptions, IEnumerable{IAugmentation})"/>
    /// does of <c>folder.Load(preprocessing)</c>, and for the same seed both give the same batches and so the same weights.
    /// </summary>
    public History Fit(ImageFolder folder, Preprocessing preprocessing, FitOptions options, IEnumerable<IAugmentation>? augmentations = null,
        PipelineOptions? pipeline = null, BadFiles? badFiles = null)
    {
        options.Validate();
        var (trainFiles, validationFiles) = SplitFromEnd(folder.Count, options.ValidationSplit);
        var train = BatchSource.StreamImageFolder(folder.Subset(trainFiles), preprocessing, augmentations, pipeline, badFiles);
        var validation = validationFiles.Length == 0
            ? options.ValidationData
            : BatchSource.StreamImageFolder(folder.Subset(validationFiles), train.Preprocessing!, options: pipeline, badFiles: badFiles);
        Labels ??= folder.ClassNames;
        Preprocessing ??= train.Preprocessing!.ToJson();
        return Loop(train, validation, options with { ValidationSplit = 0 }).Run();
    }

    /// <summary>Trains on feature/target arrays (regression or any real-valued targets).</summary>
    public History Fit(float[] x, int[] sampleShape, float[] y, int targetWidth, FitOptions options) =>
        Fit(new TargetArraySource(x, sampleShape, y, targetWidth), options);

    /// <summary>Trains on real-valued targets (regression); <see cref="FitOptions.ValidationSplit"/> takes the end of them.</summary>
    public History Fit(TargetArraySource all, FitOptions options)
    {
        options.Validate();
        var validationCount = FitOptions.ValidationCount(all.Count, options.ValidationSplit);
        var (train, validation) = validationCount > 0 ? all.SplitAt(all.Count - validationCount) : (all, null);
        return Loop(train, validation ?? options.ValidationData, options with { ValidationSplit = 0 }).Run();
    }

    /// <summary>The loop of one Fit call; its options (seed, callbacks) go into the checkpoints written meanwhile.</summary>
    private FitLoop Loop(IBatchSource train, IBatchSource? validation, FitOptions options)
    {
        _fit = options;
        return new FitLoop(this, Engine, train, validation, options);
    }

    /// <summary>
    /// Loss and metrics over <paramref name="data"/> in inference mode; <paramref name="onBatch"/> sees each batch's predictions.
    /// With a <see cref="Communicator"/>, rank r evaluates batches r, r + N, … and the sums are reduced, so every rank returns
    /// the metrics of all the data (and <paramref name="onBatch"/> sees this rank's batches).
    /// </summary>
    public Dictionary<string, double> Evaluate(IBatchSource data, int batchSize = 32, Action<Batch, ReadOnlySpan<float>>? onBatch = null)
    {
        BatchFeeder.CheckFits(data, Network, "Evaluation data");
        var eval = Engine.Eval!;
        var sums = new EpochAccumulator(eval.ScalarNames);
        var (rank, size, index) = (Communicator?.Rank ?? 0, Communicator?.Size ?? 1, 0);
        foreach (var batch in data.Epoch(0, batchSize, shuffle: false, seed: 0))
            using (batch)
            {
                if (index++ % size != rank) continue;
                var buffers = eval.Prepare(batch.Count);
                BatchFeeder.Fill(buffers, batch);
                eval.Run(0, 0, 0);
                sums.Add(eval.Scalars, batch.Count);
                onBatch?.Invoke(batch, buffers.Outputs[ArtifactNames.Output].Floats);
            }
        if (size > 1) sums.Reduce(Communicator!);
        return sums.Means();
    }

    /// <summary>Runs the current weights in inference mode on <paramref name="count"/> samples of <paramref name="x"/>.</summary>
    /// <remarks>One <see cref="Predictor"/> on the training device serves every call until the weights change.</remarks>
    public float[] Predict(float[] x, int count)
    {
        if (_predictor is null || _predictorVersion != Engine.StateVersion)
        {
            DropPredictor();
            _predictorVersion = Engine.StateVersion;
            _predictor = Predictor.Load(ToOnnx(), Engine.Choice.Actual, allowCpuFallback: false);
        }
        return (float[])_predictor.Predict(TensorData.Of(x, [count, .. BatchFeeder.SampleShape(Network).Select(d => (long)d)])).Data;
    }

    private void DropPredictor()
    {
        _predictor?.Dispose();
        _predictor = null;
    }

    /// <summary>The inference model with the current (device) weights, labels and preprocessing; <see cref="Network"/> is not changed.</summary>
    public OnnxModel ToOnnx(long? opset = null) =>
        Network.ToOnnx(new ExportOptions
        {
            Opset = opset ?? OnnxModel.DefaultOpset,
            Labels = Labels,
            Preprocessing = Preprocessing,
            Parameters = CurrentParameters(),
        });

    /// <summary>Copies the current (device) weights into <see cref="Network"/>'s layers, e.g. to export the network elsewhere.</summary>
    public void SyncNetworkWeights() => Network.SetParameters(CurrentParameters());

    /// <summary>Writes model.onnx (current weights, labels, preprocessing) atomically to <paramref name="path"/> (only where <see cref="WritesFiles"/>).</summary>
    public void Save(string path)
    {
        if (WritesFiles) ModelSerializer.Save(ToOnnx(), path);
    }

    /// <summary>Every state tensor (parameters, optimizer states, running statistics) copied to the host.</summary>
    public Dictionary<string, Tensor> ReadState() => Engine.ReadState();

    /// <summary>Replaces the device state with <paramref name="state"/>; throws naming a missing or mis-shaped tensor.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> state) => Engine.LoadState(state);

    /// <summary>
    /// Writes a checkpoint (state, epoch, step, learning rate, and the position within an interrupted epoch) atomically to
    /// <paramref name="path"/> (only where <see cref="WritesFiles"/>: every rank holds the same state).
    /// </summary>
    public void SaveCheckpoint(string path, int batchInEpoch = 0, double[]? epochSums = null)
    {
        if (!WritesFiles) return;
        var checkpoint = new Checkpoint
        {
            Progress = new CheckpointProgress
            {
                Epoch = Epoch,
                Step = Step,
                Seed = _fit?.Seed ?? 0,
                LearningRate = LearningRate,
                BatchInEpoch = batchInEpoch,
                EpochSums = epochSums ?? [],
                Callbacks = Monitors().Where(m => m.Callback.State is not null).ToDictionary(m => m.Key, m => m.Callback.State!),
            },
        };
        foreach (var (name, t) in ReadState()) checkpoint.Tensors[name] = t;
        checkpoint.Save(path);
    }

    /// <summary>Restores state, epoch, step and learning rate; returns the whole progress (the interrupted epoch's batch and sums included).</summary>
    public CheckpointProgress LoadCheckpoint(string path)
    {
        var checkpoint = Checkpoint.Load(path);
        Optimizer?.UpgradeStates(checkpoint.Tensors, Network.ParameterInfos.Select(p => p.Name));
        try
        {
            checkpoint.Validate(Engine.States.ToDictionary(s => s.Name, s => s.Type.Dims));
        }
        catch (CheckpointException e)
        {
            throw new CheckpointException($"Checkpoint '{path}' {e.Message}", e);
        }
        Engine.LoadState(checkpoint.Tensors);
        var progress = checkpoint.Progress;
        (Epoch, Step, LearningRate) = (progress.Epoch, progress.Step, progress.LearningRate);
        foreach (var (key, callback) in Monitors())
            if (progress.Callbacks.TryGetValue(key, out var state)) callback.Restore(state);
        return progress;
    }

    /// <summary>The current Fit's metric-watching callbacks, keyed by position, type and metric (as in a checkpoint).</summary>
    private IEnumerable<(string Key, MonitorCallback Callback)> Monitors() =>
        (_fit?.Callbacks ?? []).Select((callback, i) => (callback, i)).Where(c => c.callback is MonitorCallback)
            .Select(c => ($"{c.i}:{c.callback.GetType().Name}:{((MonitorCallback)c.callback).Monitor}", (MonitorCallback)c.callback));

    internal void Advance(int epoch, long step) => (Epoch, Step) = (epoch, step);

    private Dictionary<string, Tensor> CurrentParameters()
    {
        var state = Engine.ReadState();
        return Network.ParameterInfos.ToDictionary(p => p.Name, p => state[p.Name]);
    }

    /// <summary>On re-compile, trained parameters carry over; optimizer states start again at zero.</summary>
    private Dictionary<string, Tensor> CarryParameters(IReadOnlyDictionary<string, Tensor> initial)
    {
        var carried = new Dictionary<string, Tensor>(initial);
        foreach (var (name, value) in CurrentParameters()) carried[name] = value;
        return carried;
    }

    /// <summary>The indices of the training samples and of the validation samples (the last <paramref name="fraction"/>, as Keras takes them).</summary>
    private static (int[] Train, int[] Validation) SplitFromEnd(int count, double fraction)
    {
        var validationCount = FitOptions.ValidationCount(count, fraction);
        var trainCount = count - validationCount;
        return ([.. Enumerable.Range(0, trainCount)], [.. Enumerable.Range(trainCount, validationCount)]);
    }

    /// <summary>Releases the cached predictor, the ONNX Runtime sessions and the device buffers.</summary>
    public void Dispose()
    {
        DropPredictor();
        _engine?.Dispose();
    }
}
