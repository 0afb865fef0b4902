using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph;

namespace Onnxdl.Runtime.Tests;

public class SessionProfilingTests
{
    [Fact]
    public void Profile_lands_at_the_prefix_and_names_each_nodes_provider()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        using (var options = new SessionOptions())
        {
            SessionFactory.EnableProfiling(options, Path.Combine(dir, "run"));
            using var session = new InferenceSession(ModelSerializer.ToBytes(TinyModels.DenseRelu()), options);
            using var input = OrtValue.CreateTensorValueFromMemory(new float[] { 1f, 2f, 3f }, [1, 3]);
            using var outputs = session.Run(new RunOptions(), ["input"], [input], ["output"]);
        }

        var profile = Assert.Single(Directory.GetFiles(dir, "run_*.json"));
        using var events = JsonDocument.Parse(File.ReadAllText(profile));
        var providers = events.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("cat").GetString() == "Node" && e.GetProperty("args").TryGetProperty("provider", out _))
            .Select(e => e.GetProperty("args").GetProperty("provider").GetString())
            .ToHashSet();
        Assert.Equal(["CPUExecutionProvider"], providers);
    }
}
