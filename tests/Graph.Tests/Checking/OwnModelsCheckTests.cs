using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Metrics;
using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Graph.Tests.Checking;

/// <summary>Everything onnxdl writes passes its own checker: the exported models of the shipped specs and their training artifacts.</summary>
public class OwnModelsCheckTests
{
    public static TheoryData<string> Specs => [.. Directory.GetFiles(Repo.Path("models"), "*.json").Select(f => Path.GetFileName(f)).Order()];

    /// <summary>The model as another tool would meet it: serialized, then parsed back.</summary>
    private static IReadOnlyList<CheckProblem> CheckFile(OnnxModel model) => ModelChecker.Check(ModelSerializer.Parse(ModelSerializer.ToBytes(model)));

    [Theory]
    [MemberData(nameof(Specs))]
    public void Exported_models_and_their_training_artifacts_are_valid(string spec)
    {
        var network = ModelSpec.Load(Repo.Path($"models/{spec}")).Build(0);
        Assert.Empty(CheckFile(network.ToOnnx()));

        // dense.json is the regression seed (one unit); every other spec is a classifier.
        Loss loss = network.ToOnnx().Graph.Outputs[0].Type.Shape![^1].Value == 1 ? new MeanSquaredError() : new CategoricalCrossentropy();
        var artifacts = TrainingArtifacts.Build(network, loss, new Adam(), loss is CategoricalCrossentropy ? [Metric.FromName("accuracy", loss)] : []);
        Assert.Empty(CheckFile(artifacts.TrainStep));
        Assert.Empty(CheckFile(artifacts.EvalStep));
    }
}
