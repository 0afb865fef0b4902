using System.CommandLine;

namespace Onnxdl.Cli;

/// <summary>
/// <c>onnxdl repository add MODEL.onnx --name NAME --repo DIR [--max-batch-size N] [--device cpu|cuda]</c>: a model into
/// a Triton model repository, which both Triton Inference Server and <c>onnxdl serve --model-repository</c> serve.
/// </summary>
internal static class RepositoryCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("repository", "Triton model repositories (NAME/config.pbtxt, NAME/1/model.onnx).") { Add(output) };
        return command;
    }

    private static Command Add(TextWriter output)
    {
        var model = new Argument<FileInfo>("MODEL") { Description = "The trained .onnx model." };
        var name = new Option<string>("--name") { Description = "The model's name in the repository and in URLs.", Required = true };
        var repo = new Option<DirectoryInfo>("--repo") { Description = "The repository folder (created when missing).", Required = true };
        var maxBatch = new Option<int?>("--max-batch-size")
        {
            Description = $"Triton's max_batch_size: {BatchingOptions.DefaultMaxBatchSize} when every input and output has a dynamic first dimension, else 0 (no batching).",
        };
        var device = new Option<string>("--device") { Description = "Where Triton runs it: cpu (KIND_CPU) or cuda (KIND_GPU).", DefaultValueFactory = _ => "cpu" };
        var command = new Command("add",
            "Write MODEL as REPO/NAME/1/model.onnx with REPO/NAME/config.pbtxt (and labels.txt). " +
            "Example: onnxdl repository add out/model.onnx --name cnn --repo models-repo")
            { model, name, repo, maxBatch, device };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(model)!;
            InputFiles.CheckTrainedModel(file, "repository add");
            var batch = parse.GetValue(maxBatch);
            if (batch < 0) throw new UsageException($"--max-batch-size must be ≥ 0, received {batch}.");
            var gpu = parse.GetValue(device) switch
            {
                "cpu" => false,
                "cuda" => true,
                var other => throw new UsageException($"--device must be cpu or cuda, received '{other}'."),
            };
            var folder = TritonRepository.Add(file.FullName, parse.GetValue(name)!, parse.GetValue(repo)!.FullName, batch, gpu);
            output.WriteLine($"Wrote {folder} ({TritonRepository.ConfigFile}, 1/{TritonRepository.ModelFile}).");
            return ExitCodes.Success;
        });
        return command;
    }
}
