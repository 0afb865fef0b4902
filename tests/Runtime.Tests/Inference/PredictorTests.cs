using Onnxdl.Graph;

namespace Onnxdl.Runtime.Tests;

public class PredictorTests
{
    private static readonly float[] Batch = [1f, 2f, 3f, -1f, 0.5f, 4f, 0f, 0f, 0f];

    [Fact]
    public void Predict_matches_naive_reference()
    {
        using var dir = new TempDir();
        using var predictor = Predictor.Load(TinyModels.Save(dir, TinyModels.DenseRelu(), "m.onnx"));
        var y = predictor.Predict(TensorData.Of(Batch, 3, 3));
        Assert.Equal([3L, 2L], y.Dims);
        var expected = TinyModels.DenseReluReference(Batch);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], y.Floats[i], 5);
    }

    [Fact]
    public void Concurrent_callers_get_their_own_results()
    {
        using var dir = new TempDir();
        using var predictor = Predictor.Load(TinyModels.Save(dir, TinyModels.DenseRelu(), "m.onnx"));
        Parallel.For(0, 64, i =>
        {
            var x = new float[] { i, -i, i * 0.5f };
            var y = predictor.Predict(TensorData.Of(x, 1, 3)).Floats;
            Assert.Equal(TinyModels.DenseReluReference(x), y);
        });
    }

    [Fact]
    public void Truncated_model_gives_clear_error()
    {
        using var dir = new TempDir();
        var path = TinyModels.Save(dir, TinyModels.DenseRelu(), "m.onnx");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<OnnxFormatException>(() => Predictor.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Random_bytes_give_clear_error()
    {
        using var temp = new TempDir();
        var path = temp.File("random.onnx");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<OnnxFormatException>(() => Predictor.Load(path));
        Assert.Contains("random.onnx", e.Message);
    }

    [Fact]
    public void Wrong_shape_names_input_and_both_shapes()
    {
        using var dir = new TempDir();
        using var predictor = Predictor.Load(TinyModels.Save(dir, TinyModels.DenseRelu(), "m.onnx"));
        var e = Assert.Throws<ArgumentException>(() => predictor.Predict(TensorData.Of(new float[8], 2, 4)));
        Assert.Contains("'input'", e.Message);
        Assert.Contains("[N,3]", e.Message);
        Assert.Contains("[2,4]", e.Message);
    }

    [Fact]
    public void Use_after_dispose_is_refused()
    {
        using var dir = new TempDir();
        var predictor = Predictor.Load(TinyModels.Save(dir, TinyModels.DenseRelu(), "m.onnx"));
        predictor.Dispose();
        predictor.Dispose();
        Assert.Throws<ObjectDisposedException>(() => predictor.Predict(TensorData.Of(Batch, 3, 3)));
    }

    [NoGpuFact]
    public void Missing_CUDA_falls_back_to_CPU_with_reason_when_allowed()
    {
        using var dir = new TempDir();
        using var predictor = Predictor.Load(TinyModels.Save(dir, TinyModels.DenseRelu(), "m.onnx"), Device.Cuda(0));
        Assert.Equal(Device.Cpu, predictor.Choice.Actual);
        Assert.Contains("CUDA", predictor.Choice.FallbackReason);
        Assert.Equal(TinyModels.DenseReluReference(Batch), predictor.Predict(TensorData.Of(Batch, 3, 3)).Floats);
    }

    [NoGpuFact]
    public void Missing_CUDA_stops_with_reason_when_fallback_refused()
    {
        using var dir = new TempDir();
        var path = TinyModels.Save(dir, TinyModels.DenseRelu(), "m.onnx");
        var e = Assert.Throws<DeviceUnavailableException>(() => Predictor.Load(path, Device.Cuda(0), allowCpuFallback: false));
        Assert.Contains("cuda:0", e.Message);
    }

    [GpuFact]
    public void CUDA_predicts_what_the_naive_reference_computes()
    {
        using var dir = new TempDir();
        using var predictor = Predictor.Load(TinyModels.Save(dir, TinyModels.DenseRelu(), "m.onnx"), Device.Cuda(0), allowCpuFallback: false);
        Assert.Equal(DeviceKind.Cuda, predictor.Choice.Actual.Kind);
        var y = predictor.Predict(TensorData.Of(Batch, 3, 3)).Floats;
        var expected = TinyModels.DenseReluReference(Batch);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], y[i], 5);
    }

    [Theory]
    [InlineData("cpu", DeviceKind.Cpu, 0)]
    [InlineData("cuda", DeviceKind.Cuda, 0)]
    [InlineData("CUDA:2", DeviceKind.Cuda, 2)]
    public void Device_parses(string text, DeviceKind kind, int id) => Assert.Equal(new Device(kind, id), Device.Parse(text));

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void Bad_device_names_the_accepted_forms(string text) =>
        Assert.Contains("'cuda:ID'", Assert.Throws<ArgumentException>(() => Device.Parse(text)).Message);
}
