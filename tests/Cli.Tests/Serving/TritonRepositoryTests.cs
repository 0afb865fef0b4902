using System.Net;
using Onnxdl.Runtime;
using static Onnxdl.Cli.Tests.V2Client;

namespace Onnxdl.Cli.Tests;

/// <summary>
/// <c>onnxdl repository add</c> writes Triton's layout with a <c>config.pbtxt</c> whose every field and enum value is
/// declared in Triton's own <c>model_config.proto</c> (vendored beside this test, read by <see cref="ProtoSchema"/>),
/// and <c>onnxdl serve --model-repository</c> serves the folder back.
/// </summary>
public class TritonRepositoryTests(ImageModelFixture fixture) : IClassFixture<ImageModelFixture>
{
    private static readonly ProtoSchema Triton = ProtoSchema.Load(Repo.Path("tests/Cli.Tests/Serving/model_config.proto"));

    [Theory]
    [InlineData("cpu", null, "32", "KIND_CPU")]
    [InlineData("cuda", "4", "4", "KIND_GPU")]
    public void Repository_add_writes_a_config_that_uses_only_fields_of_tritons_model_config(string device, string? maxBatch, string expectedBatch, string kind)
    {
        using var repo = new TempDir();
        string[] batchArgs = maxBatch is null ? [] : ["--max-batch-size", maxBatch];
        Cli.Run(["repository", "add", fixture.LabelledModel, "--name", "cnn", "--repo", repo.Path, "--device", device, .. batchArgs]).Succeeded();

        var checker = new TextFormatChecker(Triton);
        checker.Check(File.ReadAllText(Path.Combine(repo.Path, "cnn", "config.pbtxt")), "ModelConfig");

        Assert.Empty(checker.Problems);
        string Value(string path) => checker.Values.Single(v => v.Path == path).Value;
        Assert.Equal("cnn", Value("name"));
        Assert.Equal("onnxruntime_onnx", Value("platform"));
        Assert.Equal(expectedBatch, Value("max_batch_size"));
        Assert.Equal("input", Value("input.name"));
        Assert.Equal("TYPE_FP32", Value("input.data_type"));
        Assert.Equal(["1", "8", "8"], checker.Values.Where(v => v.Path == "input.dims").Select(v => v.Value));
        Assert.Equal(["3"], checker.Values.Where(v => v.Path == "output.dims").Select(v => v.Value));
        Assert.Equal("labels.txt", Value("output.label_filename"));
        Assert.Equal(kind, Value("instance_group.kind"));
        Assert.Contains("dynamic_batching { }", File.ReadAllText(Path.Combine(repo.Path, "cnn", "config.pbtxt")), StringComparison.Ordinal);
        Assert.Equal(ImageModelFixture.Labels, File.ReadAllLines(Path.Combine(repo.Path, "cnn", "labels.txt")));
        Assert.Equal(File.ReadAllBytes(fixture.LabelledModel), File.ReadAllBytes(Path.Combine(repo.Path, "cnn", "1", "model.onnx")));
    }

    [Fact]
    public async Task Serve_model_repository_serves_each_models_latest_version_with_its_max_batch_size()
    {
        using var repo = new TempDir();
        Cli.Run("repository", "add", fixture.BareModel, "--name", "tiny", "--repo", repo.Path, "--max-batch-size", "4").Succeeded();
        Cli.Run("repository", "add", fixture.LabelledModel, "--name", "labelled", "--repo", repo.Path).Succeeded();
        Directory.CreateDirectory(Path.Combine(repo.Path, "tiny", "3"));
        File.Copy(fixture.BareModel, Path.Combine(repo.Path, "tiny", "3", "model.onnx"));

        var models = TritonRepository.Scan(repo.Path);
        await using var server = await PredictionServer.StartAsync(
            new ServeOptions(models, "http://127.0.0.1:0", Device.Cpu, 1 << 20, BatchingOptions.Default), CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri(server.Urls[0]) };

        Assert.Equal(["labelled", "tiny"], server.Models.All.Select(m => m.Name));
        Assert.Equal([32, 4], server.Models.All.Select(m => m.MaxBatchSize));
        var pixels = Enumerable.Range(0, 64).Select(i => i / 64f).ToArray();
        long[] shape = [1, 1, 8, 8];
        using var response = await client.PostAsync("/v2/models/tiny/versions/3/infer", JsonRequest("input", pixels, shape));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (json, _) = await Read(response);
        Assert.Equal("3", (string)json["model_version"]!);
        Close(Reference(fixture.Predictor, pixels, shape), Floats(json["outputs"]![0]!["data"]!));
    }

    /// <summary>
    /// A model whose weights live in an external data file (in a subfolder, as ONNX allows) gets that file copied beside it,
    /// so the repository's copy loads on its own and answers as the original does.
    /// </summary>
    [Fact]
    public void Repository_add_copies_the_external_data_files_a_model_reads()
    {
        using var dir = new TempDir();
        var model = dir.File("external.onnx");
        var weights = WriteWithExternalWeights(fixture.BareModel, model, "weights/all.bin");
        var repo = Path.Combine(dir.Path, "repo");

        Cli.Run("repository", "add", model, "--name", "ext", "--repo", repo).Succeeded();

        var copied = Path.Combine(repo, "ext", "1", "weights", "all.bin");
        Assert.Equal(weights, File.ReadAllBytes(copied));
        File.Delete(Path.Combine(dir.Path, "weights", "all.bin")); // the copy must not lean on the original
        using var served = Predictor.Load(Path.Combine(repo, "ext", "1", "model.onnx"));
        var pixels = Enumerable.Range(0, 64).Select(i => i / 64f).ToArray();
        long[] shape = [1, 1, 8, 8];
        Close(Reference(fixture.Predictor, pixels, shape), Reference(served, pixels, shape));
    }

    /// <summary>Writes <paramref name="source"/> to <paramref name="target"/> with every raw initializer moved into one external file; returns its bytes.</summary>
    private static byte[] WriteWithExternalWeights(string source, string target, string location)
    {
        var proto = Onnxdl.Graph.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(source));
        using var data = new MemoryStream();
        foreach (var tensor in proto.Graph.Initializer.Where(t => !t.RawData.IsEmpty))
        {
            tensor.ExternalData.Add(new Onnxdl.Graph.Proto.StringStringEntryProto { Key = "location", Value = location });
            tensor.ExternalData.Add(new Onnxdl.Graph.Proto.StringStringEntryProto { Key = "offset", Value = data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            tensor.ExternalData.Add(new Onnxdl.Graph.Proto.StringStringEntryProto { Key = "length", Value = tensor.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            tensor.RawData.WriteTo(data);
            tensor.RawData = Google.Protobuf.ByteString.Empty;
            tensor.DataLocation = Onnxdl.Graph.Proto.TensorProto.Types.DataLocation.External;
        }
        Assert.NotEqual(0, data.Length);
        var path = Path.Combine(Path.GetDirectoryName(target)!, location);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, data.ToArray());
        File.WriteAllBytes(target, Google.Protobuf.MessageExtensions.ToByteArray(proto));
        return data.ToArray();
    }

    [Fact]
    public void Repository_add_refuses_batching_a_model_without_a_batch_dimension()
    {
        using var dir = new TempDir();
        var model = dir.File("fixed.onnx");
        FixedBatchModel.Save(model);

        var result = Cli.Run("repository", "add", model, "--name", "fixed", "--repo", dir.Path, "--max-batch-size", "8");

        Assert.NotEqual(ExitCodes.Success, result.Code);
        Assert.Contains("fixed.onnx cannot be batched", result.Err, StringComparison.Ordinal);
    }
}
