using Onnxdl.Augment;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Runtime.Tests;

/// <summary>Training on an image folder streamed from disk: the same weights as from memory, and an exact mid-epoch resume.</summary>
public class StreamedFolderTests
{
    private static readonly Preprocessing Colour12 = new(12, 12, 3);
    private static readonly IAugmentation[] FlipAndRotate = [.. AugmentationParser.Parse("flip,rotate:10")];

    private static Model CompiledCnn()
    {
        var model = new Model(new Sequential("tiny_cnn", Input(12, 12, 3), Conv2D(4, 3, activation: "relu"), MaxPooling2D(2), Flatten(),
            Dropout(0.2), Dense(10, activation: "softmax")));
        model.Compile(new CategoricalCrossentropy(), new Adam(), ["accuracy"], new CompileOptions { Seed = 4 });
        return model;
    }

    private static ImageFolder Folder(TempDir dir)
    {
        SyntheticImages.Write(dir.File("images"), 40, 16, colour: true, ".jpg", seed: 8);
        return ImageFolder.Scan(dir.File("images"));
    }

    private static void AssertSameState(Model expected, Model actual)
    {
        foreach (var (name, tensor) in expected.ReadState()) Assert.Equal(tensor.Raw, actual.ReadState()[name].Raw);
    }

    [Fact]
    public void Streaming_trains_the_same_weights_as_the_folder_loaded_into_memory()
    {
        using var dir = new TempDir();
        var folder = Folder(dir);
        var options = new FitOptions { Epochs = 2, BatchSize = 8, ValidationSplit = 0.25, Seed = 6 };
        using var inMemory = CompiledCnn();
        var expected = inMemory.Fit(folder.Load(Colour12), options, FlipAndRotate);
        using var streamed = CompiledCnn();
        var actual = streamed.Fit(folder, Colour12, options, FlipAndRotate, new PipelineOptions { Workers = 2 });

        Assert.Equal(expected["val_loss"], actual["val_loss"]);
        AssertSameState(inMemory, streamed);
        Assert.Equal(inMemory.Preprocessing, streamed.Preprocessing);
        Assert.Equal(folder.ClassNames, streamed.Labels);
    }

    /// <summary>Copies the scheduled mid-epoch checkpoint as it stood after one chosen batch, as a kill right then would leave it.</summary>
    private sealed class Snapshot(string checkpoint, string copy, int epoch, int batch) : Callback
    {
        public override void OnBatchEnd(int e, int b, int batches, IReadOnlyDictionary<string, double> logs)
        {
            if ((e, b) == (epoch, batch)) File.Copy(checkpoint, copy);
        }
    }

    [Fact]
    public void Resuming_mid_epoch_on_a_streamed_folder_repeats_the_uninterrupted_run_exactly()
    {
        using var dir = new TempDir();
        var folder = Folder(dir);
        FitOptions Options(string checkpoint, params Callback[] callbacks) => new()
        {
            Epochs = 2, BatchSize = 8, Seed = 11, InterruptCheckpoint = checkpoint, CheckpointEvery = CheckpointSchedule.EverySteps(2), Callbacks = callbacks,
        };
        using var uninterrupted = CompiledCnn();
        // 40 images at batch 8: steps 1–5 are epoch 0, 6–10 epoch 1; step 8 (epoch 1, batch 3) writes the checkpoint batch 4 sees.
        var expected = uninterrupted.Fit(folder, Colour12, Options(dir.File("last.ckpt"), new Snapshot(dir.File("last.ckpt"), dir.File("killed.ckpt"), 1, 4)),
            FlipAndRotate);
        var progress = Graph.Checkpoint.Load(dir.File("killed.ckpt")).Progress;
        Assert.Equal((1, 8L, 3), (progress.Epoch, progress.Step, progress.BatchInEpoch));

        using var resumed = CompiledCnn();
        var rest = resumed.Fit(folder, Colour12, Options(dir.File("resumed.ckpt")) with { ResumeFrom = dir.File("killed.ckpt") }, FlipAndRotate);

        Assert.Equal(expected["loss"].Skip(1), rest["loss"]);
        AssertSameState(uninterrupted, resumed);
    }
}
