using Onnxdl.Augment;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Layers;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Runtime.Tests.Transfer;

/// <summary>
/// Fine-tuning an imported model on Fashion-MNIST (28×28 resized to the base's 14×14): a small CNN exported at
/// opset 11 with a classifier tail, cut after its Flatten, with a new Dense head.
/// </summary>
public class FineTuningTests
{
    private static readonly ArrayDataset Train = FashionMnist.Load(train: true, limit: 1500);
    private static readonly ArrayDataset Test = FashionMnist.Load(train: false, limit: 500);

    private static OnnxModel ImportedBase() =>
        new Sequential("small_base", Input(14, 14, 1), Conv2D(8, 3, activation: "relu"), MaxPooling2D(2), Flatten(), Dense(10, activation: "softmax"))
            .Build(7).ToOnnx(new ExportOptions { Opset = 11 });

    private static Sequential Head() => new("head", Input(288), Dense(10, activation: "softmax"));

    private static double TuneAndMeasure(TransferModel transfer, FineTuneOptions options)
    {
        var result = FineTuning.Run(transfer, Train, options);
        using var temp = new TempDir();
        var path = temp.File("model.onnx");
        ModelSerializer.Save(result.Model, path);
        Assert.True(result.EpochLosses[^1] < result.EpochLosses[0], $"losses {string.Join(", ", result.EpochLosses)}");
        return FineTuning.Accuracy(path, Test, options, transfer.BaseInputShape);
    }

    [Fact]
    public void The_cut_shape_comes_from_running_the_base()
    {
        Assert.Equal([288], FineTuning.CutShape(ImportedBase(), "flatten_1/Flatten"));
        Assert.Equal([8, 12, 12], FineTuning.CutShape(ImportedBase(), "conv2d_1/Relu"));
    }

    [Fact]
    public void A_frozen_base_trains_the_head_on_cached_features()
    {
        var transfer = FineTuning.Prepare(ImportedBase(), "flatten_1/Flatten", Head(), freezeBase: true, seed: 1);
        var before = transfer.ToOnnx().Graph.Initializer("conv2d_1.kernel")!.ToFloats();
        var accuracy = TuneAndMeasure(transfer, new FineTuneOptions { Epochs = 3, LearningRate = 0.01f, Seed = 1 });
        Assert.True(accuracy >= 0.65, $"test accuracy {accuracy:F3}");
        Assert.Equal(before, transfer.ToOnnx().Graph.Initializer("conv2d_1.kernel")!.ToFloats());
    }

    [Fact]
    public void A_trainable_base_is_trained_too()
    {
        var transfer = FineTuning.Prepare(ImportedBase(), "flatten_1/Flatten", Head(), freezeBase: false, seed: 1);
        var before = transfer.ToOnnx().Graph.Initializer("conv2d_1.kernel")!.ToFloats();
        var accuracy = TuneAndMeasure(transfer, new FineTuneOptions { FreezeBase = false, Epochs = 2, LearningRate = 0.003f, Seed = 1 });
        Assert.True(accuracy >= 0.65, $"test accuracy {accuracy:F3}");
        Assert.NotEqual(before, transfer.ToOnnx().Graph.Initializer("conv2d_1.kernel")!.ToFloats());
    }

    /// <summary>
    /// Fine-tuning runs the common fit loop: callbacks see every epoch, and a run stopped after one epoch and resumed
    /// from its checkpoint exports the same bytes as an uninterrupted run (same seeded order, same steps).
    /// </summary>
    [Fact]
    public void A_trainable_base_resumed_from_a_checkpoint_ends_as_an_uninterrupted_run()
    {
        using var dir = new TempDir();
        var data = Train.Subset([.. Enumerable.Range(0, 200)]);
        var checkpoint = dir.File("last.ckpt");
        FineTuneOptions Options(int epochs) => new() { FreezeBase = false, Epochs = epochs, BatchSize = 32, LearningRate = 0.003f, Seed = 4 };
        TransferModel Fresh() => FineTuning.Prepare(ImportedBase(), "flatten_1/Flatten", Head(), freezeBase: false, seed: 1);

        var uninterrupted = FineTuning.Run(Fresh(), data, Options(2));
        var first = FineTuning.Run(Fresh(), data, Options(1) with { Callbacks = [new ModelCheckpoint(checkpoint)] });
        var resumed = FineTuning.Run(Fresh(), data, Options(2) with { ResumeFrom = checkpoint });

        Assert.Equal(uninterrupted.EpochLosses[0], first.EpochLosses[0]);
        Assert.Equal(uninterrupted.EpochLosses[1], resumed.EpochLosses[^1]);
        Assert.Equal(ModelSerializer.ToBytes(uninterrupted.Model), ModelSerializer.ToBytes(resumed.Model));
    }
}
