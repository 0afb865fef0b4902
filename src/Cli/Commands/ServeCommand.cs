using System.CommandLine;

namespace Onnxdl.Cli;

/// <summary>
/// <c>onnxdl serve --model [NAME=]MODEL.onnx… | --model-repository DIR [--urls URLS] [--device …] [--max-body-bytes N]
/// [--max-batch-size N] [--max-queue-delay-us N]</c>: models over HTTP until Ctrl-C.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output)
    {
        var model = new Option<string[]>("--model")
        {
            Description = "A model to serve, as PATH (named after its file) or NAME=PATH; repeatable. The first also answers /predict.",
            AllowMultipleArgumentsPerToken = false,
        };
        var repository = new Option<DirectoryInfo>("--model-repository")
        {
            Description = "Serve every model of a Triton model repository (NAME/config.pbtxt, NAME/VERSION/model.onnx).",
        };
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, ';'-separated (port 0 picks a free port).",
            DefaultValueFactory = _ => ServeOptions.DefaultUrls,
        };
        var maxBody = new Option<long>("--max-body-bytes")
        {
            Description = "Largest request body accepted; bigger ones get 413.",
            DefaultValueFactory = _ => ServeOptions.DefaultMaxBodyBytes,
        };
        var maxBatch = new Option<int?>("--max-batch-size")
        {
            Description = $"Most rows merged into one model run (/v2 inference); default: the repository's max_batch_size, else {BatchingOptions.DefaultMaxBatchSize}; 1 turns batching off.",
        };
        var maxDelay = new Option<int>("--max-queue-delay-us")
        {
            Description = "Longest a request waits for its batch to fill, in microseconds; 0 merges only what queued during the previous run.",
            DefaultValueFactory = _ => 0,
        };
        var device = OptionFactory.Device();
        var command = new Command("serve",
            "Serve models over HTTP: POST /predict (an image, or JSON tensors), GET /health, GET /metadata, the KServe v2 / " +
            "Open Inference Protocol under /v2 (Triton's clients, binary tensors), GET /metrics. " +
            "Example: onnxdl serve --model out/model.onnx --urls http://127.0.0.1:8080")
            { model, repository, urls, maxBody, maxBatch, maxDelay, device };
        command.SetAction(async (parse, cancellation) =>
        {
            var bytes = parse.GetValue(maxBody);
            if (bytes < 1) throw new UsageException($"--max-body-bytes must be at least 1, received {bytes}.");
            var batch = parse.GetValue(maxBatch);
            if (batch < 1) throw new UsageException($"--max-batch-size must be at least 1, received {batch}.");
            var delay = parse.GetValue(maxDelay);
            if (delay < 0) throw new UsageException($"--max-queue-delay-us must be ≥ 0, received {delay}.");
            var options = new ServeOptions(Models(parse.GetValue(model) ?? [], parse.GetValue(repository)), parse.GetValue(urls)!,
                Runtime.Device.Parse(parse.GetValue(device)!), bytes, new BatchingOptions(batch, TimeSpan.FromMicroseconds(delay)));
            await using var server = await PredictionServer.StartAsync(options, cancellation);
            Announce(server, output);
            await server.WaitForShutdownAsync(cancellation);
            output.WriteLine("Stopped.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static List<ModelSource> Models(string[] models, DirectoryInfo? repository)
    {
        var sources = models.Select(ModelSource.Parse).ToList();
        foreach (var source in sources) InputFiles.CheckTrainedModel(new FileInfo(source.Path), "serve");
        if (repository is not null) sources.AddRange(TritonRepository.Scan(repository.FullName));
        return sources.Count > 0 ? sources : throw new UsageException("serve needs --model MODEL.onnx (repeatable) or --model-repository DIR.");
    }

    private static void Announce(PredictionServer server, TextWriter output)
    {
        foreach (var model in server.Models.All)
        {
            InputFiles.WarnOnFallback(model.Predictor);
            if (model.Images?.DerivedPreprocessingNote is { } note) Console.Error.WriteLine($"note: {model.Name}: {note}");
            if (model.WhyNoImages is { } why && model == server.Model) Console.Error.WriteLine($"note: /predict accepts only JSON tensors: {why}");
            var batching = model.MaxBatchSize > 1 ? $"batches of up to {model.MaxBatchSize}" : "unbatched";
            output.WriteLine($"Serving {model.Name} ({model.Predictor.Name}, version {model.Version}) on {model.Predictor.Choice.Actual}, {batching}.");
        }
        foreach (var url in server.Urls) output.WriteLine($"Listening on {url}");
        output.WriteLine("Press Ctrl+C to stop.");
        output.Flush();
    }
}
