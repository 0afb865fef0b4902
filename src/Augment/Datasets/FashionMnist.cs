namespace Onnxdl.Augment;

/// <summary>Fashion-MNIST (60k train / 10k test, 28×28 grey, 10 classes) from Debian's dataset-fashion-mnist package.</summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The dataset's class names, in label order.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads the train or test part (the first <paramref name="limit"/> samples when given), scaled to [0, 1], NCHW [N, 1, 28, 28].</summary>
    public static ArrayDataset Load(bool train, int? limit = null, string directory = DefaultDirectory)
    {
        string prefix = train ? "train" : "t10k";
        return IdxReader.LoadDataset(
            Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz"),
            Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz"),
            ClassNames, limit);
    }
}
