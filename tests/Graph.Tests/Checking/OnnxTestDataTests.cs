namespace Onnxdl.Graph.Tests.Checking;

/// <summary>
/// The ONNX project's own backend test models (Debian's libonnx-testdata, which build.ps1 installs): an
/// independent corpus of valid models the checker must accept.
/// </summary>
public class OnnxTestDataTests
{
    private const string Root = "/usr/share/libonnx-testdata/data";

    [Fact]
    public void Every_onnx_backend_test_model_is_valid()
    {
        var models = new[] { "node", "pytorch-converted", "pytorch-operator", "simple" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(Root, folder), "model.onnx", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(models.Length > 1000, $"{models.Length} models under {Root}; is libonnx-testdata installed (build.ps1 does it)?");

        var failures = new List<string>();
        foreach (var path in models)
        {
            try
            {
                failures.AddRange(ModelChecker.Check(ModelSerializer.Load(path)).Select(p => $"{path}: {p}"));
            }
            catch (OnnxFormatException e)
            {
                failures.Add(e.Message);
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} problems:\n{string.Join("\n", failures)}");
    }
}
