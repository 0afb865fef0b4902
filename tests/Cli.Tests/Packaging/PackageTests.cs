using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace Onnxdl.Cli.Tests.Packaging;

/// <summary>
/// The packages as a .NET team meets them: a fresh console app outside the repository that adds only Onnxdl.Runtime
/// and ONNX Runtime's CPU natives predicts correctly and publishes without OpenCV; without natives it is told which
/// package to add; the tool installs from the feed.
/// </summary>
[Collection(PackagingCollection.Name)]
public class PackageTests(PackedFeed feed)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private const string ServiceProgram = """
        using System.Globalization;
        using Microsoft.Extensions.DependencyInjection;
        using Onnxdl.Runtime;

        var services = new ServiceCollection();
        services.AddOnnxPredictor(o => { o.ModelPath = args[0]; o.Device = Device.Parse("cpu"); });
        using var provider = services.BuildServiceProvider();
        var predictor = provider.GetRequiredService<Predictor>();
        float[] pixels = [.. File.ReadAllText(args[1]).Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture))];
        TensorData probabilities = predictor.Predict(TensorData.Of(pixels, 1, 1, 28, 28));
        Console.WriteLine(string.Join(",", probabilities.Floats.Select(p => p.ToString("R", CultureInfo.InvariantCulture))));
        """;

    [Fact]
    public void A_predict_only_console_app_predicts_what_onnx_runtime_computes_and_publishes_without_OpenCV()
    {
        var (model, pixels, input) = ExportedModelAndInput("cnn");

        var service = NewService("service", "Microsoft.ML.OnnxRuntime");
        var publish = Path.Combine(service, "publish");
        ChildProcess.Checked(service, "dotnet", "publish", "-c", "Release", "-o", publish);

        var printed = ChildProcess.Checked(service, "dotnet", Path.Combine(publish, "service.dll"), model, input).Out.Trim();
        var actual = printed.Split(',').Select(v => float.Parse(v, Invariant)).ToArray();
        var expected = OnnxRuntimeOutput(model, pixels);
        Assert.True(expected.Length == actual.Length && expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= 1e-6f),
            $"the service printed {printed}; ONNX Runtime in the test computes {string.Join(",", expected.Select(e => e.ToString("R", Invariant)))}");

        var published = Directory.GetFiles(publish, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Contains("Onnxdl.Runtime.dll", published);
        Assert.Contains("libonnxruntime.so", published);
        Assert.DoesNotContain("libOpenCvSharpExtern.so", published);
        Assert.DoesNotContain(published, f => f!.StartsWith("OpenCvSharp", StringComparison.OrdinalIgnoreCase) || f == "Onnxdl.Augment.dll");
    }

    [Fact]
    public void Without_native_onnx_runtime_the_service_is_told_which_package_to_add()
    {
        var (model, _, input) = ExportedModelAndInput("cnn_for_no_natives");
        var service = NewService("service_without_natives");

        var run = ChildProcess.Run(service, "dotnet", "run", "-c", "Release", "--", model, input);

        Assert.True(run.Code != 0 && run.Err.Contains("Microsoft.ML.OnnxRuntime (CPU) or Microsoft.ML.OnnxRuntime.Gpu.Linux (CUDA",
            StringComparison.Ordinal), $"expected a failure naming both native packages; {run}");
    }

    [Fact]
    public void The_tool_installs_from_the_feed_and_summarizes_the_seed_cnn()
    {
        var tools = Path.Combine(feed.Root, "tools");
        ChildProcess.Checked(feed.Root, "dotnet", "tool", "install", "--tool-path", tools, "--add-source", feed.Feed, "onnxdl", "--version", feed.Version);

        var summary = ChildProcess.Checked(feed.Root, Path.Combine(tools, "onnxdl"), "summary", Repo.Path("models/cnn.json")).Out;

        // models/cnn.json by Keras' formulas: Conv2D 32×3×3 on 1 channel, 2×2 pool of 26×26, Dense 128, Dense 10.
        const int conv = (3 * 3 * 1 + 1) * 32, pooled = (28 - 3 + 1) / 2, hidden = (pooled * pooled * 32 + 1) * 128, classes = (128 + 1) * 10;
        Assert.Contains($"Total params: {(conv + hidden + classes).ToString("N0", Invariant)}", summary);
    }

    /// <summary>A seeded export of models/cnn.json by the tool and a random 28×28 input written as CSV.</summary>
    private (string Model, float[] Pixels, string Input) ExportedModelAndInput(string name)
    {
        var model = Path.Combine(feed.Root, $"{name}.onnx");
        Cli.Run("export", Cli.CnnSpec, "--out", model, "--seed", "3").Succeeded();
        var random = new Random(5);
        var pixels = Enumerable.Range(0, 28 * 28).Select(_ => random.NextSingle()).ToArray();
        var input = Path.Combine(feed.Root, $"{name}.csv");
        File.WriteAllText(input, string.Join(",", pixels.Select(p => p.ToString("R", Invariant))));
        return (model, pixels, input);
    }

    /// <summary>A fresh console app with <see cref="ServiceProgram"/>, Onnxdl.Runtime, the DI container and <paramref name="natives"/>.</summary>
    private string NewService(string name, params string[] natives)
    {
        var service = Directory.CreateDirectory(Path.Combine(feed.Root, name)).FullName;
        ChildProcess.Checked(service, "dotnet", "new", "console", "--no-restore");
        AddPackage(service, "Onnxdl.Runtime", feed.Version);
        AddPackage(service, "Microsoft.Extensions.DependencyInjection", PackedFeed.CentralVersion("Microsoft.Extensions.DependencyInjection"));
        foreach (var package in natives) AddPackage(service, package, PackedFeed.CentralVersion(package));
        File.WriteAllText(Path.Combine(service, "Program.cs"), ServiceProgram);
        return service;
    }

    private static void AddPackage(string project, string package, string version) =>
        ChildProcess.Checked(project, "dotnet", "add", "package", package, "--version", version, "--no-restore");

    private static float[] OnnxRuntimeOutput(string model, float[] pixels)
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [1, 1, 28, 28]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, [session.InputNames.Single()], [input], session.OutputNames);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
