using Microsoft.Extensions.DependencyInjection;

namespace Onnxdl.Runtime.Tests;

public class AddOnnxPredictorTests
{
    private static readonly float[] Batch = [1f, 2f, 3f, -1f, 0.5f, 4f];

    [Fact]
    public void Container_gives_one_shared_predictor_and_disposes_it()
    {
        using var dir = new TempDir();
        var path = TinyModels.Save(dir, TinyModels.DenseRelu(), "m.onnx");
        var services = new ServiceCollection().AddOnnxPredictor(o =>
        {
            o.ModelPath = path;
            o.Device = Device.Cpu;
        });
        Predictor predictor;
        using (var provider = services.BuildServiceProvider())
        {
            predictor = provider.GetRequiredService<Predictor>();
            Assert.Same(predictor, provider.GetRequiredService<Predictor>());
            using (var scope = provider.CreateScope()) Assert.Same(predictor, scope.ServiceProvider.GetRequiredService<Predictor>());
            Assert.Equal(TinyModels.DenseReluReference(Batch), predictor.Predict(TensorData.Of(Batch, 2, 3)).Floats);
        }
        Assert.Throws<ObjectDisposedException>(() => predictor.Predict(TensorData.Of(Batch, 2, 3)));
    }

    [Fact]
    public void Missing_model_path_is_refused_at_registration()
    {
        var e = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddOnnxPredictor(o => o.Device = Device.Cpu));
        Assert.Contains("ModelPath", e.Message);
    }
}
