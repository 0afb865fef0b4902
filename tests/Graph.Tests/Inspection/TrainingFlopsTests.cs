using Onnxdl.Graph.Layers;

namespace Onnxdl.Graph.Tests.Inspection;

public class TrainingFlopsTests
{
    /// <summary>Expected counts from the layer formulas: a Conv2D makes H'·W'·filters outputs of C·kh·kw MACs each, a Dense in·out.</summary>
    [Fact]
    public void Convnet_macs_and_training_flops_follow_the_layer_formulas()
    {
        var model = ModelSpec.Load(Repo.Path("models/convnet.json")).Build(0).ToOnnx();
        long conv1 = 28 * 28 * 32 * (1 * 9), conv2 = 28 * 28 * 32 * (32 * 9), conv3 = 14 * 14 * 64 * (32 * 9), conv4 = 14 * 14 * 64 * (64 * 9);
        long dense1 = 7 * 7 * 64 * 256, dense2 = 256 * 10;
        var flops = TrainingFlops.Of(model);
        Assert.Equal(conv1 + conv2 + conv3 + conv4 + dense1 + dense2, flops.ForwardMacsPerSample);
        // forward + weight gradient everywhere, input gradient everywhere but the first layer (its input is the data)
        Assert.Equal(2 * (2 * conv1 + 3 * (conv2 + conv3 + conv4 + dense1 + dense2)), flops.TrainingFlopsPerSample);
    }

    [Fact]
    public void Seed_cnn_counts_its_conv_and_both_dense_layers()
    {
        var model = ModelSpec.Load(Repo.Path("models/cnn.json")).Build(0).ToOnnx();
        long conv = 26 * 26 * 32 * 9, dense1 = 13 * 13 * 32 * 128, dense2 = 128 * 10;
        Assert.Equal(conv + dense1 + dense2, TrainingFlops.Of(model).ForwardMacsPerSample);
    }

    /// <summary>A Flatten between the data and the first Dense: that Dense still needs no input gradient.</summary>
    [Fact]
    public void A_dense_layer_on_the_flattened_data_counts_no_input_gradient()
    {
        var model = ModelSpec.Load(Repo.Path("models/mlp.json")).Build(0).ToOnnx();
        long dense1 = 784 * 128, dense2 = 128 * 10;
        Assert.Equal(2 * (2 * dense1 + 3 * dense2), TrainingFlops.Of(model).TrainingFlopsPerSample);
    }
}
