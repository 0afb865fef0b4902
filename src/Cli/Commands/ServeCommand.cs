using System.CommandLine;

namespace Onnxdl.Cli;

/// <summary><c>onnxdl serve --model MODEL.onnx [--urls URLS] [--device …] [--max-body-bytes N]</c>: the model over HTTP until Ctrl-C.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output)
    {
        var model = new Option<FileInfo>("--model") { Description = "The .onnx model to serve.", Required = true };
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
        var device = OptionFactory.Device();
        var command = new Command("serve",
            "Serve a model over HTTP: POST /predict (an image, or JSON tensors), GET /health, GET /metadata. " +
            "Example: onnxdl serve --model out/model.onnx --urls http://127.0.0.1:8080")
            { model, urls, maxBody, device };
        command.SetAction(async (parse, cancellation) =>
        {
            var file = parse.GetValue(model)!;
            InputFiles.CheckTrainedModel(file, "serve");
            var bytes = parse.GetValue(maxBody);
            if (bytes < 1) throw new UsageException($"--max-body-bytes must be at least 1, received {bytes}.");
            var options = new ServeOptions(file.FullName, parse.GetValue(urls)!, Runtime.Device.Parse(parse.GetValue(device)!), bytes);
            await using var server = await PredictionServer.StartAsync(options, cancellation);
            Announce(server, output);
            await server.WaitForShutdownAsync(cancellation);
            output.WriteLine("Stopped.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Announce(PredictionServer server, TextWriter output)
    {
        var model = server.Model;
        InputFiles.WarnOnFallback(model.Predictor);
        if (model.Images?.DerivedPreprocessingNote is { } note) Console.Error.WriteLine($"note: {note}");
        if (model.WhyNoImages is { } why) Console.Error.WriteLine($"note: only JSON tensors are accepted: {why}");
        output.WriteLine($"Serving {model.Predictor.Name} on {model.Predictor.Choice.Actual}.");
        foreach (var url in server.Urls) output.WriteLine($"Listening on {url}");
        output.WriteLine("Press Ctrl+C to stop.");
        output.Flush();
    }
}
