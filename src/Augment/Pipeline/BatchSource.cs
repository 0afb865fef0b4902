using System.Threading.Channels;

namespace Onnxdl.Augment;

/// <summary>
/// The <see cref="IBatchSource"/> for in-memory arrays and image folders. Batches are built on
/// thread-pool workers up to <see cref="PipelineOptions.Prefetch"/> ahead of the consumer, into
/// pooled buffers, and handed out in order; in-memory arrays without augmentation are plain copies, built
/// on the consumer's thread so a training step allocates nothing. Each sample's augmentation draws from a
/// <see cref="Random"/> seeded by (seed, epoch, dataset index) and each batch augmentation from
/// (seed, epoch, batch index), so results do not depend on thread scheduling. At most
/// <see cref="PipelineOptions.Workers"/> batches are built at the same time.
/// </summary>
public sealed class BatchSource : IBatchSource
{
    private readonly ISampleReader _reader;
    private readonly IImageAugmentation[] _imageAugmentations;
    private readonly IBatchAugmentation[] _batchAugmentations;
    private readonly PipelineOptions _options;
    private readonly BadFiles? _badFiles;

    private BatchSource(ISampleReader reader, IEnumerable<IAugmentation>? augmentations, PipelineOptions? options, Preprocessing? preprocessing,
        BadFiles? badFiles = null)
    {
        _reader = reader;
        var all = augmentations?.ToArray() ?? [];
        _imageAugmentations = all.OfType<IImageAugmentation>().ToArray();
        _batchAugmentations = all.OfType<IBatchAugmentation>().ToArray();
        _options = options ?? new PipelineOptions();
        if (_options.Prefetch < 0)
            throw new ArgumentOutOfRangeException(nameof(options), _options.Prefetch, "Prefetch must be ≥ 0");
        if (_options.Workers < 1)
            throw new ArgumentOutOfRangeException(nameof(options), _options.Workers, "Workers must be ≥ 1");
        bool spatial = _imageAugmentations.Length > 0 || _batchAugmentations.OfType<CutMix>().Any();
        if (spatial && reader.SampleShape.Length != 3)
            throw new ArgumentException(
                $"Image augmentations and CutMix need image samples [C, H, W]; these samples have shape [{string.Join(", ", reader.SampleShape)}]. " +
                "Use only mixup (or no augmentation) for tabular data.", nameof(augmentations));
        Preprocessing = preprocessing;
        _badFiles = badFiles;
    }

    /// <summary>Batches from memory; image augmentations need samples shaped [C, H, W].</summary>
    public static BatchSource FromArrays(ArrayDataset data, IEnumerable<IAugmentation>? augmentations = null, PipelineOptions? options = null) =>
        new(new ArraySampleReader(data), augmentations, options, data.Preprocessing);

    /// <summary>
    /// Batches decoded from files while training. Every file is decoded once here, before training
    /// starts, so bad files, an empty folder and mixed channel counts are reported now (bad files
    /// skipped when <paramref name="badFiles"/> says so) rather than in the middle of an epoch.
    /// </summary>
    public static BatchSource FromImageFolder(ImageFolder folder, Preprocessing preprocessing,
        IEnumerable<IAugmentation>? augmentations = null, PipelineOptions? options = null, BadFiles? badFiles = null)
    {
        var (good, resolved) = folder.Validate(preprocessing, badFiles);
        return new(new FolderSampleReader(good, resolved), augmentations, options, resolved);
    }

    /// <summary>
    /// Batches decoded from files while training, with nothing decoded up front (beyond one file when
    /// <see cref="Preprocessing.Channels"/> is 0, to learn the channel count): memory stays bounded by the prefetched
    /// batches however many files the folder holds. A file that cannot be decoded stops the epoch with a
    /// <see cref="DataException"/> naming it, or, when <paramref name="badFiles"/> skips, is reported once and left out of
    /// its batch (which is then smaller). Which files are bad depends only on the files, so batches stay a pure function
    /// of (seed, epoch, step) and a resumed run repeats exactly.
    /// </summary>
    public static BatchSource StreamImageFolder(ImageFolder folder, Preprocessing preprocessing,
        IEnumerable<IAugmentation>? augmentations = null, PipelineOptions? options = null, BadFiles? badFiles = null)
    {
        var resolved = folder.ResolveChannels(preprocessing, badFiles);
        return new(new FolderSampleReader(folder, resolved), augmentations, options, resolved, badFiles);
    }

    /// <inheritdoc/>
    public int Count => _reader.Count;
    /// <inheritdoc/>
    public int[] SampleShape => _reader.SampleShape;
    /// <inheritdoc/>
    public int NumClasses => _reader.ClassNames.Count;
    /// <inheritdoc/>
    public IReadOnlyList<string> ClassNames => _reader.ClassNames;
    /// <summary>How images become samples, when known; the trainer stores it in the model's metadata (onnxdl.preprocessing).</summary>
    public Preprocessing? Preprocessing { get; }

    /// <inheritdoc/>
    public IEnumerable<Batch> Epoch(int epoch, int batchSize, bool shuffle, int seed) => Epoch(epoch, batchSize, shuffle, seed, 0);

    /// <inheritdoc/>
    /// <remarks>The earlier batches are not built: their order and seeds are known without them.</remarks>
    public IEnumerable<Batch> Epoch(int epoch, int batchSize, bool shuffle, int seed, int firstBatch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(firstBatch);
        var order = shuffle ? SeedMix.Permutation(Count, seed, epoch) : Enumerable.Range(0, Count).ToArray();
        var plan = new EpochPlan(order, batchSize, epoch, seed, firstBatch);
        var plainCopies = _reader is ArraySampleReader && _imageAugmentations.Length == 0 && _batchAugmentations.Length == 0;
        return _options.Prefetch == 0 || plainCopies ? Sequential(plan) : Prefetched(plan);
    }

    private sealed record EpochPlan(int[] Order, int BatchSize, int Epoch, int Seed, int FirstBatch)
    {
        public int Batches => (Order.Length + BatchSize - 1) / BatchSize;
        public ArraySegment<int> Members(int batch) =>
            new(Order, batch * BatchSize, Math.Min(BatchSize, Order.Length - batch * BatchSize));
    }

    private IEnumerable<Batch> Sequential(EpochPlan plan)
    {
        for (int b = plan.FirstBatch; b < plan.Batches; b++) yield return Build(plan, b);
    }

    /// <summary>
    /// A producer queues each batch's build task, in order, into a bounded channel; the consumer
    /// takes them in order. When the consumer stops early or a build fails, the rest is cancelled
    /// and every built batch is disposed before the enumeration returns.
    /// </summary>
    private IEnumerable<Batch> Prefetched(EpochPlan plan)
    {
        var channel = Channel.CreateBounded<Task<Batch>>(new BoundedChannelOptions(_options.Prefetch) { SingleReader = true, SingleWriter = true });
        using var stop = new CancellationTokenSource();
        using var workers = new SemaphoreSlim(_options.Workers);
        var producer = Task.Run(() => Produce(plan, channel.Writer, workers, stop.Token));
        try
        {
            for (int b = plan.FirstBatch; b < plan.Batches; b++)
            {
                var build = channel.Reader.ReadAsync().AsTask().GetAwaiter().GetResult();
                yield return build.GetAwaiter().GetResult();
            }
        }
        finally
        {
            stop.Cancel();
            producer.GetAwaiter().GetResult();
            while (channel.Reader.TryRead(out var pending)) DisposeWhenBuilt(pending);
        }
    }

    private async Task Produce(EpochPlan plan, ChannelWriter<Task<Batch>> writer, SemaphoreSlim workers, CancellationToken stop)
    {
        try
        {
            for (int b = plan.FirstBatch; b < plan.Batches && !stop.IsCancellationRequested; b++)
            {
                int batch = b;
                var build = Task.Run(() => BuildOnWorker(plan, batch, workers));
                try
                {
                    await writer.WriteAsync(build, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    DisposeWhenBuilt(build);
                }
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    /// <summary>Builds once one of the <see cref="PipelineOptions.Workers"/> slots is free, so decoding never takes more cores than that.</summary>
    private async Task<Batch> BuildOnWorker(EpochPlan plan, int batchIndex, SemaphoreSlim workers)
    {
        await workers.WaitAsync().ConfigureAwait(false);
        try
        {
            return Build(plan, batchIndex);
        }
        finally
        {
            workers.Release();
        }
    }

    /// <summary>Waits for a build nobody will consume and returns its buffers (a failed build already did).</summary>
    private static void DisposeWhenBuilt(Task<Batch> build)
    {
        try
        {
            build.GetAwaiter().GetResult().Dispose();
        }
        catch (Exception)
        {
            // The consumer stopped or saw the first failure; later failures have nobody to report to.
        }
    }

    private Batch Build(EpochPlan plan, int batchIndex)
    {
        var members = plan.Members(batchIndex);
        var batch = Batch.Rent(members.Count, SampleShape, NumClasses);
        try
        {
            Read(plan, batchIndex, members, batch);
            if (_batchAugmentations.Length == 0) return batch;
            var rng = SeedMix.Rng(plan.Seed, plan.Epoch, batchIndex, SeedMix.BatchStream);
            foreach (var augmentation in _batchAugmentations) augmentation.Apply(batch, rng);
            return batch;
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    private void Read(EpochPlan plan, int batchIndex, ArraySegment<int> members, Batch batch)
    {
        // Scratch images only when augmenting: plain array data then never loads OpenCV's native
        // library (a GPU machine without GTK can still train on IDX data), and allocates nothing.
        using var scope = _imageAugmentations.Length == 0 ? null : new MatScope();
        var (a, b) = scope is null ? (null, null) : (scope.New(), scope.New());
        int filled = 0;
        foreach (int index in members)
        {
            var dst = batch.Features.AsSpan(filled * batch.SampleSize, batch.SampleSize);
            if (!TryRead(index, dst, a, b, plan)) continue;
            batch.Indices[filled] = index;
            batch.Labels[filled * NumClasses + _reader.Label(index)] = 1f;
            filled++;
        }
        if (filled == 0)
            throw new DataException(
                $"Every file of batch {batchIndex + 1} (epoch {plan.Epoch + 1}) was unreadable and skipped (see the warnings); a batch needs at least one readable image.");
        batch.Shrink(filled);
    }

    /// <summary>Reads (and augments) one sample; false when it is a bad file that <see cref="_badFiles"/> skips.</summary>
    private bool TryRead(int index, Span<float> dst, OpenCvSharp.Mat? a, OpenCvSharp.Mat? b, EpochPlan plan)
    {
        try
        {
            if (a is null) _reader.ReadChw(index, dst);
            else Augment(index, a, b!, dst, SeedMix.Rng(plan.Seed, plan.Epoch, index, SeedMix.SampleStream));
            return true;
        }
        catch (DataException e) when (_badFiles is not null)
        {
            _badFiles.Handle(e);
            return false;
        }
    }

    /// <summary>Runs the image augmentations ping-ponging between two scratch Mats, so the source
    /// (freshly read for this sample) is never a cached image that could be modified.</summary>
    private void Augment(int index, OpenCvSharp.Mat current, OpenCvSharp.Mat next, Span<float> dst, Random rng)
    {
        _reader.ReadHwc(index, current);
        foreach (var augmentation in _imageAugmentations)
        {
            augmentation.Apply(current, next, rng);
            (current, next) = (next, current);
        }
        _reader.WriteChw(current, dst);
    }
}
