using Onnxdl.Graph.Tests.Support;
using System.IO.Compression;
using Onnxdl.Graph;
using Onnxdl.Graph.Autodiff;

namespace Onnxdl.Graph.Tests.Autodiff;

/// <summary>
/// MaxPool backward on images with ties (blank backgrounds): the gradient goes to exactly one element per
/// window — the first maximum, as ORT's Indices report — so it sums to the upstream gradient.
/// </summary>
public class MaxPoolTiesTests
{
    private const string Images = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";

    [Theory]
    [InlineData(2, 2, 0, GradientTarget.Cpu)]
    [InlineData(2, 2, 0, GradientTarget.Cuda)]
    [InlineData(3, 2, 1, GradientTarget.Cpu)]
    [InlineData(3, 1, 0, GradientTarget.Cuda)]
    public void Fashion_mnist_images_route_each_window_to_its_first_maximum(long kernel, long stride, long pad, GradientTarget target)
    {
        const int n = 2, size = 28;
        var pixels = ReadImages(n, size);
        var pool = new PoolAttrs([kernel, kernel], [stride, stride], [pad, pad, pad, pad]);
        var outSize = (size + 2 * pad - kernel) / stride + 1;
        var upstream = Arg.Rand(n * outSize * outSize, 7);

        var b = new GraphBuilder("ties");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 1, size, size));
        var r = b.Constant(Tensor.FromFloats("r", [n, 1, outSize, outSize], Array.ConvertAll(upstream, v => (float)v)));
        var loss = b.ReduceSum(b.Mul(b.MaxPool(x, pool), r), keepDims: false);
        b.Output(Gradients.Build(b, loss, ["x"], new GradientOptions(Target: target))["x"], TensorType.Float(Dim.Batch, 1, size, size), "dx");
        using var ort = new Ort(new OnnxModel(b.Graph));
        var dx = ort.Run([("x", [n, 1, size, size], pixels)], "dx")[0].Values;

        var expected = NaiveBackward(pixels, upstream, n, size, (int)kernel, (int)stride, (int)pad, (int)outSize);
        Assert.True(pixels.Count(p => p == 0) > pixels.Length / 3, "the crop should have a tied (zero) background");
        Assert.Equal(upstream.Sum(), dx.Sum(), 1e-4);
        for (var i = 0; i < dx.Length; i++) Assert.True(Math.Abs(expected[i] - dx[i]) < 1e-5, $"dx[{i}]: {dx[i]} vs reference {expected[i]}");
    }

    /// <summary>Plain loops: each window's upstream gradient goes to its first maximum in row-major order.</summary>
    private static double[] NaiveBackward(double[] x, double[] dy, int n, int size, int k, int s, int pad, int outSize)
    {
        var dx = new double[x.Length];
        for (var img = 0; img < n; img++)
            for (var oh = 0; oh < outSize; oh++)
                for (var ow = 0; ow < outSize; ow++)
                {
                    var best = -1;
                    for (var i = 0; i < k; i++)
                        for (var j = 0; j < k; j++)
                        {
                            int h = oh * s + i - pad, w = ow * s + j - pad;
                            if (h < 0 || w < 0 || h >= size || w >= size) continue;
                            var at = (img * size + h) * size + w;
                            if (best < 0 || x[at] > x[best]) best = at;
                        }
                    dx[best] += dy[(img * outSize + oh) * outSize + ow];
                }
        return dx;
    }

    internal static double[] ReadImages(int count, int size)
    {
        using var stream = new GZipStream(File.OpenRead(Images), CompressionMode.Decompress);
        var header = new byte[16];
        stream.ReadExactly(header);
        var bytes = new byte[count * size * size];
        stream.ReadExactly(bytes);
        return Array.ConvertAll(bytes, v => v / 255.0);
    }
}
