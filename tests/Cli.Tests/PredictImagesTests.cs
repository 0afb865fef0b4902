using System.Globalization;
using System.Text.Json.Nodes;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Onnxdl.Cli.Tests;

public class PredictImagesTests(ImageModelFixture fixture) : IClassFixture<ImageModelFixture>
{
    [Fact]
    public void Folder_gives_one_JSON_line_per_image_matching_the_model_on_preprocessed_pixels()
    {
        var run = Cli.Run("predict", "--model", fixture.LabelledModel, fixture.ImageFolder, "--json", "--top", "3", "--batch-size", "4");
        run.Succeeded();
        var lines = run.Lines;
        Assert.Equal(fixture.ImageFiles.Length, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var result = JsonNode.Parse(lines[i])!;
            Assert.Equal(fixture.ImageFiles[i], (string)result["file"]!);
            var expected = fixture.Expected(i, normalized: true);
            var best = TensorPrimitives.IndexOfMax(expected);
            Assert.Equal(ImageModelFixture.Labels[best], (string)result["label"]!);
            Assert.Equal(expected[best], (double)result["probability"]!, 5);
            var top = result["top"]!.AsArray();
            Assert.Equal(3, top.Count);
            var order = Enumerable.Range(0, 3).OrderByDescending(c => expected[c]).ToArray();
            Assert.Equal(order, top.Select(t => (int)t!["index"]!));
            Assert.Equal(order.Select(c => (double)expected[c]), top.Select(t => (double)t!["probability"]!), (a, b) => Math.Abs(a - b) < 1e-5);
        }
    }

    [Fact]
    public void Without_metadata_the_input_shape_and_scale_give_the_tensor_and_indices_are_the_labels()
    {
        var run = Cli.Run("predict", "--model", fixture.BareModel, fixture.ImageFiles[2], fixture.ImageFiles[0]);
        run.Succeeded();
        var lines = run.Lines;
        Assert.Equal(2, lines.Length);
        foreach (var (line, image) in lines.Zip(new[] { 2, 0 }))
        {
            var expected = fixture.Expected(image, normalized: false);
            var best = TensorPrimitives.IndexOfMax(expected);
            var parts = line.Split('\t');
            Assert.Equal(fixture.ImageFiles[image], parts[0]);
            Assert.Equal(best.ToString(CultureInfo.InvariantCulture), parts[1]);
            Assert.Equal(expected[best], float.Parse(parts[2], CultureInfo.InvariantCulture), 4);
        }
    }

    [Fact]
    public void Corrupt_image_names_the_file_and_exits_with_usage_error_unless_skipped()
    {
        using var temp = new TempDir();
        var folder = temp.Path;
        File.Copy(fixture.ImageFiles[0], Path.Combine(folder, "a.png"));
        File.WriteAllBytes(Path.Combine(folder, "b.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        File.Copy(fixture.ImageFiles[1], Path.Combine(folder, "c.png"));

        var failed = Cli.Run("predict", "--model", fixture.LabelledModel, folder);
        Assert.Equal(ExitCodes.UsageError, failed.Code);
        Assert.Contains("b.png", failed.Err);
        Assert.Contains("--skip-bad", failed.Err);

        var skipped = Cli.Run("predict", "--model", fixture.LabelledModel, folder, "--skip-bad", "--json");
        skipped.Succeeded();
        Assert.Equal(["a.png", "c.png"], skipped.Lines.Select(l => Path.GetFileName((string)JsonNode.Parse(l)!["file"]!)));
    }

    [Fact]
    public void Images_and_input_together_are_a_usage_error()
    {
        var run = Cli.Run("predict", "--model", fixture.LabelledModel, "--input", "x.json", fixture.ImageFiles[0]);
        Assert.Equal(ExitCodes.UsageError, run.Code);
        Assert.Contains("--input", run.Err);
    }

    [Fact]
    public void Tensor_JSON_form_still_runs_the_model()
    {
        using var temp = new TempDir();
        var input = temp.File("x.json");
        var x = fixture.Pixels[3].Select(b => b / 255f).ToArray();
        File.WriteAllText(input, new JsonObject
        {
            ["input"] = new JsonObject { ["dims"] = new JsonArray(1, 1, 8, 8), ["data"] = new JsonArray([.. x.Select(v => (JsonNode)v)]) },
        }.ToJsonString());
        var run = Cli.Run("predict", "--model", fixture.BareModel, "--input", input);
        run.Succeeded();
        var data = JsonNode.Parse(run.Out)!["output"]!["data"]!.AsArray().Select(v => (float)v!).ToArray();
        Assert.Equal(fixture.Expected(3, normalized: false), data);
    }
}
