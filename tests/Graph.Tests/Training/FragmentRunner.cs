using Microsoft.ML.OnnxRuntime;

namespace Onnxdl.Graph.Tests.Training;

/// <summary>A value fed to a graph input: float32 or int64 data with its shape.</summary>
internal sealed record Feed(long[] Shape, float[]? Floats = null, long[]? Int64s = null)
{
    public static Feed Of(long[] shape, float[] data) => new(shape, Floats: data);
    public static Feed Of(long[] shape, long[] data) => new(shape, Int64s: data);
    public static Feed Scalar(float value) => new([], Floats: [value]);
    public static Feed Scalar(long value) => new([], Int64s: [value]);

    public TensorType Type => new(Floats is null ? ElementType.Int64 : ElementType.Float, [.. Shape.Select(Dim.Of)]);

    public OrtValue ToOrt() => Floats is not null
        ? OrtValue.CreateTensorValueFromMemory(Floats, Shape)
        : OrtValue.CreateTensorValueFromMemory(Int64s!, Shape);
}

/// <summary>Builds a graph around a fragment and runs it with ONNX Runtime's CPU provider.</summary>
internal sealed class FragmentRunner
{
    private readonly Dictionary<string, Feed> _feeds = [];
    private readonly List<string> _outputs = [];

    public GraphBuilder B { get; } = new("fragment");

    /// <summary>Declares a graph input fed with <paramref name="feed"/>.</summary>
    public Var Input(string name, Feed feed)
    {
        _feeds[name] = feed;
        return B.Input(name, feed.Type);
    }

    /// <summary>Replaces the value fed to input <paramref name="name"/> (same type).</summary>
    public void Feed(string name, Feed feed)
    {
        Assert.Equal(_feeds[name].Type, feed.Type);
        _feeds[name] = feed;
    }

    /// <summary>Declares a float output (shape left to ORT).</summary>
    public void Output(Var value, string name)
    {
        B.Output(value, new TensorType(ElementType.Float, null), name);
        _outputs.Add(name);
    }

    /// <summary>The shapes of the outputs the last <see cref="Run"/> returned, by name.</summary>
    public Dictionary<string, long[]> Shapes { get; } = [];

    /// <summary>Runs the graph; returns every declared output as floats, by name (their shapes in <see cref="Shapes"/>).</summary>
    public Dictionary<string, float[]> Run()
    {
        var bytes = ModelSerializer.ToBytes(new OnnxModel(B.Graph));
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(bytes, options);
        var names = _feeds.Keys.ToArray();
        var values = names.Select(n => _feeds[n].ToOrt()).ToArray();
        try
        {
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, names, values, _outputs);
            var floats = new Dictionary<string, float[]>();
            foreach (var (name, value) in _outputs.Zip(results))
            {
                Shapes[name] = value.GetTensorTypeAndShape().Shape;
                floats[name] = value.GetTensorDataAsSpan<float>().ToArray();
            }
            return floats;
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    public float RunScalar(Var value)
    {
        Output(value, "result");
        var result = Run()["result"];
        Assert.Single(result);
        return result[0];
    }
}

/// <summary>Seeded random test data.</summary>
internal static class TestData
{
    public static float[] Uniform(Random rng, int count, double low, double high) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)(low + (high - low) * rng.NextDouble()))];

    /// <summary>Rows of probabilities (positive, each row summing to 1).</summary>
    public static float[] ProbabilityRows(Random rng, int rows, int classes)
    {
        var p = Uniform(rng, rows * classes, 0.05, 1);
        for (var r = 0; r < rows; r++)
        {
            var sum = p.AsSpan(r * classes, classes).ToArray().Sum();
            for (var c = 0; c < classes; c++) p[r * classes + c] /= sum;
        }
        return p;
    }

    public static long[] Labels(Random rng, int rows, int classes) => [.. Enumerable.Range(0, rows).Select(_ => (long)rng.Next(classes))];

    public static float[] OneHot(long[] labels, int classes)
    {
        var y = new float[labels.Length * classes];
        for (var r = 0; r < labels.Length; r++) y[r * classes + labels[r]] = 1;
        return y;
    }

    public static void Near(double expected, double actual, double relative = 1e-5, double absolute = 1e-6) =>
        Assert.True(Math.Abs(expected - actual) <= absolute + relative * Math.Abs(expected), $"expected {expected}, got {actual}");

    public static void Near(double[] expected, float[] actual, double relative = 1e-5, double absolute = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= absolute + relative * Math.Abs(expected[i]),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
