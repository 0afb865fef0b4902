using Onnxdl.Graph;

namespace Onnxdl.Cli.Tests;

/// <summary>
/// ONNX Runtime 1.31 dies with SIGSEGV creating a session for a LayerNormalization node whose optional bias is the empty
/// name: the tool, as a real process, refuses such a model (exit 2, naming the node) instead of crashing, and
/// <c>check</c> still calls it valid ONNX with a note.
/// </summary>
public sealed class OrtCrashGuardTests : IDisposable
{
    private const string LayerNormTest = "/usr/share/libonnx-testdata/data/node/test_layer_normalization_2d_axis0";

    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Predict_refuses_a_layer_normalization_with_an_empty_bias_instead_of_crashing()
    {
        var model = EmptyBiasModel();
        var input = _temp.File("x.json");
        File.WriteAllText(input, """{"X": {"dims": [3, 4], "data": [1,2,3,4,5,6,7,8,9,10,11,12]}, "W": {"dims": [3, 4], "data": [1,1,1,1,1,1,1,1,1,1,1,1]}}""");

        using var child = ChildProcess.Start("predict", "--model", model, "--input", input);
        var code = await child.Exit();

        Assert.True(code == ExitCodes.UsageError, $"exit {code}\n{child.Stderr}");
        Assert.Contains($"{model}: LayerNormalization node #0 (unnamed, output 'Y') with an empty optional bias input crashes ONNX Runtime 1.31", child.Stderr);
        Assert.Contains("give it a zero bias tensor", child.Stderr);
    }

    [Fact]
    public void Check_calls_it_valid_onnx_with_a_note_that_onnx_runtime_cannot_load_it()
    {
        var run = Cli.Run("check", EmptyBiasModel());

        Assert.Equal(ExitCodes.Success, run.Code);
        Assert.Contains(run.Lines, l => l.StartsWith("note: LayerNormalization node #0", StringComparison.Ordinal) && l.Contains("crashes ONNX Runtime 1.31"));
    }

    /// <summary>ONNX's own LayerNormalization test model with its bias input given as "" (valid: the input is optional).</summary>
    private string EmptyBiasModel()
    {
        var model = ModelSerializer.Load(Path.Combine(LayerNormTest, "model.onnx"));
        model.Graph.Nodes[0].Inputs[2] = "";
        model.Graph.Inputs.RemoveAll(v => v.Name == "B");
        var path = _temp.File("layer_norm_empty_bias.onnx");
        ModelSerializer.Save(model, path);
        return path;
    }
}
