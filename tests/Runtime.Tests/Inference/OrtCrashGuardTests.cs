using Onnxdl.Graph;

namespace Onnxdl.Runtime.Tests;

/// <summary>
/// <see cref="OrtCrashGuard"/> on ONNX's own LayerNormalization test models (libonnx-testdata): each with its bias input given as
/// "" is refused by <see cref="Predictor.Load(OnnxModel, Device?, bool)"/> before ONNX Runtime sees it (a session would kill this
/// process), while the unchanged model loads.
/// </summary>
public class OrtCrashGuardTests
{
    private const string Root = "/usr/share/libonnx-testdata/data/node";

    public static TheoryData<string> LayerNormalizationTests => [.. Directories()];

    [Fact]
    public void Libonnx_testdata_has_the_nineteen_layer_normalization_node_tests() =>
        Assert.Equal(19, Directories().Length);

    [Theory]
    [MemberData(nameof(LayerNormalizationTests))]
    public void An_empty_bias_is_refused_naming_the_node_and_the_unchanged_model_loads(string test)
    {
        var model = ModelSerializer.Load(Path.Combine(test, "model.onnx"));
        using (Predictor.Load(model)) { }

        model.Graph.Nodes[0].Inputs[2] = "";
        var e = Assert.Throws<OnnxFormatException>(() => Predictor.Load(model));
        Assert.Contains("LayerNormalization node #0 (unnamed, output 'Y') with an empty optional bias input crashes ONNX Runtime 1.31", e.Message);
    }

    [Fact]
    public void An_omitted_trailing_bias_is_no_crash_and_loads()
    {
        var model = ModelSerializer.Load(Path.Combine(Directories()[0], "model.onnx"));
        model.Graph.Nodes[0].Inputs.RemoveAt(2);
        Assert.Empty(OrtCrashGuard.Find(model));
        using (Predictor.Load(model)) { }
    }

    /// <summary>The node tests of LayerNormalization itself (the _expanded ones run its function body instead).</summary>
    private static string[] Directories() =>
        [.. Directory.GetDirectories(Root, "test_layer_normalization_*").Where(d => !d.EndsWith("_expanded", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
