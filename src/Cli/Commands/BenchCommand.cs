using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Onnxdl.Augment;
using Onnxdl.Graph.Layers;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// <c>onnxdl bench --model cnn|convnet|tfdoc|mlp|SPEC.json --batch-size N --samples N [--epochs N --validation-split F]
/// [--data-dir DIR] [--device …] [--gemm]</c>: training throughput (samples/s and the step's GFLOP/s), peak memory and test
/// accuracy, ending with one JSON line; <c>--pipeline [--data-threads N]</c> measures the image pipeline instead, and whether
/// decoding keeps up with training the model from a streamed folder; <c>--fuzz N [--seed S]
/// [--fuzz-time-limit SECONDS] [--isolate [--findings DIR]]</c> is the fuzzing soak (<see cref="FuzzCampaign"/>, in worker processes with
/// <see cref="IsolatedFuzzRun"/>): N mutated models and N mutated images, verdict counts, exit 1 on a violation;
/// <c>--csv ROWS</c> times the CSV reader on a file of ROWS rows (<see cref="CsvBenchmark"/>).
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output)
    {
        var model = new Option<string>("--model") { Description = "cnn, convnet, tfdoc, mlp, dense (models/*.json) or a spec file.", DefaultValueFactory = _ => "cnn" };
        var batch = OptionFactory.Positive("--batch-size", "Batch size.", 32);
        var samples = OptionFactory.Positive("--samples", "Training samples (first N of Fashion-MNIST), or images with --inference.", 60000);
        var epochs = OptionFactory.Positive("--epochs", "Epochs (5 with --validation-split 0.2 is the seed program's full run).", 1);
        var validationSplit = TrainOptions.ValidationSplitOption();
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory with the Fashion-MNIST IDX .gz files.", DefaultValueFactory = _ => FashionMnist.DefaultDirectory,
        };
        var device = OptionFactory.Device();
        var pipeline = new Option<bool>("--pipeline")
        {
            Description = "Measure the image pipeline (decode, grayscale, resize, augment) instead, and training the model from a streamed " +
                $"folder against the same images in memory (min(--samples, {PipelineImages}) generated images at the model's input size).",
        };
        var dataThreads = new DataOptions().DataThreads;
        var inference = new Option<bool>("--inference") { Description = "Measure deployment inference (model.onnx through a Predictor) instead; --samples images." };
        var gemm = new Option<bool>("--gemm") { Description = "Also measure this machine's SGEMM peak through ONNX Runtime (1024³ MatMul), the ceiling for the step's GFLOP/s." };
        var fuzz = new Option<int?>("--fuzz")
        {
            Description = "Fuzz instead: N mutated models through the reader and checker, N mutated images through the decoder; exit 1 on a crash, hang or memory blow-up.",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the --fuzz mutations.", DefaultValueFactory = _ => 42 };
        var isolate = new Option<bool>("--isolate")
        {
            Description = "With --fuzz: judge the inputs in worker processes, so a native crash or hang is a finding (input saved under --findings) and the run goes on.",
        };
        var timeLimit = new Option<double>("--fuzz-time-limit")
        {
            Description = "With --fuzz: seconds one input may take before it counts as a hang (raise it on a busy machine).", DefaultValueFactory = _ => 2,
        };
        var findings = new Option<string>("--findings") { Description = "With --isolate: where violating inputs are saved.", DefaultValueFactory = _ => "fuzz-findings" };
        // The worker side of --isolate (IsolatedFuzzRun.ToolWorker starts it): not for people.
        var worker = new Option<string?>("--fuzz-worker") { Hidden = true };
        var from = new Option<int>("--fuzz-from") { Hidden = true };
        var csv = OptionFactory.Positive("--csv", "Time the CSV reader instead, on a generated file of N rows (9 numeric columns), e.g. 1000000.");
        var command = new Command("bench",
            "Measure training throughput. Example: onnxdl bench --model cnn --batch-size 32 --samples 60000")
            { model, batch, samples, epochs, validationSplit, dataDir, device, pipeline, dataThreads, inference, gemm, fuzz, seed, timeLimit, isolate, findings, worker, from, csv };
        command.SetAction(parse =>
        {
            if (parse.GetValue(csv) is { } rows) return CsvBenchmark.Run(output, rows);
            if (parse.GetValue(fuzz) is { } inputs && parse.GetValue(worker) is { } target)
            {
                IsolatedFuzzRun.Serve(FuzzCampaign.Named(target, parse.GetValue(seed)), parse.GetValue(from), inputs, output);
                return ExitCodes.Success;
            }
            if (parse.GetValue(fuzz) is { } soak)
                return RunFuzz(output, soak, parse.GetValue(seed), parse.GetValue(timeLimit), parse.GetValue(isolate) ? parse.GetValue(findings)! : null);
            var (name, network) = ResolveModel(parse.GetValue(model)!);
            var batchSize = parse.GetValue(batch)!.Value;
            var count = parse.GetValue(samples)!.Value;
            if (parse.GetValue(pipeline))
            {
                var workers = parse.GetValue(dataThreads) ?? PipelineOptions.DefaultWorkers(Environment.ProcessorCount);
                return RunPipeline(output, network, batchSize, Math.Min(count, PipelineImages), new PipelineOptions { Workers = workers },
                    Runtime.Device.Parse(parse.GetValue(device)!));
            }
            if (parse.GetValue(inference)) return RunInference(output, name, network, batchSize, count, parse.GetValue(device)!);
            var options = new TrainingBenchmarkOptions(batchSize, count, parse.GetValue(epochs)!.Value, parse.GetValue(validationSplit) ?? 0);
            var onDevice = Runtime.Device.Parse(parse.GetValue(device)!);
            var peak = parse.GetValue(gemm) ? RunGemm(output, onDevice) : null;
            var started = DateTime.Now;
            var result = TrainingBenchmark.Run(name, network, options, onDevice, dataDirectory: parse.GetValue(dataDir)!);
            output.WriteLine($"{result.Model}: {result.Samples} samples, {result.Epochs} epoch(s), batch {result.Batch}, {result.Device}: " +
                             $"{result.SamplesPerSecond:F0} samples/s ({result.Gflops:F1} GFLOP/s), fit {result.FitSeconds:F1} s, " +
                             $"peak {result.PeakMegabytes:F0} MB, test accuracy {result.TestAccuracy:F4}");
            output.WriteLine(JsonSerializer.Serialize(new
            {
                model = result.Model, batch = result.Batch, samples_per_s = Math.Round(result.SamplesPerSecond, 1),
                peak_mb = Math.Round(result.PeakMegabytes, 1), test_accuracy = Math.Round(result.TestAccuracy, 4),
                device = result.Device, samples = result.Samples, epochs = result.Epochs, validation_split = result.ValidationSplit,
                fit_s = Math.Round(result.FitSeconds, 2),
                steady_samples_per_s = Finite(result.SteadySamplesPerSecond),
                train_mflop_per_sample = Math.Round(result.TrainingFlopsPerSample / 1e6, 2),
                gflops = Math.Round(result.Gflops, 1), steady_gflops = Finite(result.SteadyGflops),
                sgemm_gflops = peak is null ? (double?)null : Math.Round(peak.BestGflops, 1),
                of_sgemm = peak is null ? (double?)null : Math.Round(result.SteadyGflops / peak.BestGflops, 3),
            }));
            PrintProfile(output, result, started);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// With <c>ONNXDL_ORT_PROFILE=PREFIX</c>, the train step's kernel time by layer from the profiles this run wrote, in
    /// the Markdown table README uses: each layer's forward and backward milliseconds per step and GFLOP/s, its input-
    /// and weight-gradient products' milliseconds and rates against the forward's, and those of the weight gradient's GEMMs
    /// alone.
    /// </summary>
    private static void PrintProfile(TextWriter output, TrainingBenchmarkResult result, DateTime started)
    {
        if (Environment.GetEnvironmentVariable(SessionFactory.ProfileVariable) is not { Length: > 0 } prefix) return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(prefix))!;
        var files = Directory.EnumerateFiles(folder, Path.GetFileName(prefix) + "_*.json").Where(f => File.GetLastWriteTime(f) >= started);
        if (StepProfile.FromFiles(files, result.Flops, result.TrainedSamples) is not { } profile)
        {
            output.WriteLine($"profile: no train-step profile under {prefix}_*.json");
            return;
        }
        static string Rate(double? gflops) => gflops is { } g ? g.ToString("F0", CultureInfo.InvariantCulture) : "";
        static string Ms(StepProfilePart part) => part.Ms > 0 ? part.Ms.ToString("F2", CultureInfo.InvariantCulture) : "";
        static string Share(double? fraction) => fraction is { } f ? f.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "") : "";
        output.WriteLine($"train step, ONNX Runtime kernel time: {profile.StepMs:F2} ms per step over {profile.Steps} steps after the warm-up runs");
        output.WriteLine("| scope | forward ms | forward GFLOP/s | backward ms | backward GFLOP/s | backward / forward rate " +
                         "| input gradient ms | input gradient / forward rate | weight gradient ms | weight gradient / forward rate " +
                         "| its GEMMs ms | its GEMMs / forward rate |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in profile.Rows)
        {
            var (f, b, dx, dw, gemms) = (row.Forward, row.Backward, row.InputGradient, row.WeightGradient, row.WeightGradientGemms);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Scope} | {f.Ms:F2} | {Rate(f.Gflops)} | {b.Ms:F2} | {Rate(b.Gflops)} | {Share(b.RateAgainst(f))} " +
                $"| {Ms(dx)} | {Share(dx.RateAgainst(f))} | {Ms(dw)} | {Share(dw.RateAgainst(f))} | {Ms(gemms)} | {Share(gemms.RateAgainst(f))} |"));
        }
    }

    private static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 1) : null;

    private static GemmBenchmarkResult RunGemm(TextWriter output, Runtime.Device device)
    {
        var peak = GemmBenchmark.Run(device);
        output.WriteLine($"SGEMM {peak.Size}³ through ONNX Runtime, {peak.Device}: best {peak.BestGflops:F1} GFLOP/s, median {peak.MedianGflops:F1}");
        return peak;
    }

    private static int RunInference(TextWriter output, string name, Functional network, int batchSize, int images, string device)
    {
        var r = InferenceBenchmark.Run(name, network, batchSize, images, Runtime.Device.Parse(device));
        output.WriteLine($"{r.Model} inference: batch {r.Batch}, {r.Images} images, {r.Device}: {r.ImagesPerSecond:F0} images/s, {r.LatencyMs:F3} ms per batch");
        output.WriteLine(JsonSerializer.Serialize(new
        {
            model = r.Model, inference = true, batch = r.Batch, images_per_s = Math.Round(r.ImagesPerSecond, 1),
            latency_ms = Math.Round(r.LatencyMs, 4), device = r.Device, images = r.Images,
        }));
        return ExitCodes.Success;
    }

    /// <summary>The soak: each campaign in this process, or in worker processes when <paramref name="findings"/> is given.</summary>
    private static int RunFuzz(TextWriter output, int inputs, int seed, double timeLimit, string? findings)
    {
        if (inputs < 1) throw new UsageException($"--fuzz {inputs}: expected a positive number of inputs.");
        if (!(timeLimit > 0)) throw new UsageException($"--fuzz-time-limit {timeLimit}: expected a positive number of seconds.");
        var violations = 0;
        foreach (var campaign in new[] { FuzzCampaign.Models(seed), FuzzCampaign.Images(seed) })
        {
            campaign.TimeLimit = TimeSpan.FromSeconds(timeLimit);
            var report = findings is null ? campaign.Run(inputs) : new IsolatedFuzzRun(campaign, IsolatedFuzzRun.ToolWorker(campaign), findings).Run(inputs);
            foreach (var violation in report.Violations) output.WriteLine(violation);
            output.WriteLine(report);
            violations += report.Violations.Count;
        }
        return violations == 0 ? ExitCodes.Success : ExitCodes.RuntimeFailure;
    }

    /// <summary>The most images <c>--pipeline</c> generates.</summary>
    private const int PipelineImages = 4000;

    private static int RunPipeline(TextWriter output, Functional network, int batchSize, int images, PipelineOptions options, Runtime.Device device)
    {
        foreach (var result in PipelineBenchmark.RunAll(images: PipelineImages, options: options))
            output.WriteLine(JsonSerializer.Serialize(new { pipeline = result.Case.ToString(), images_per_s = Math.Round(result.ImagesPerSecond), data_threads = options.Workers }));
        var streaming = StreamingBenchmark.Run(network, images, batchSize, options, device);
        output.WriteLine(streaming);
        output.WriteLine(JsonSerializer.Serialize(new
        {
            streaming = network.Name, images = streaming.Images, data_threads = streaming.Workers, batch = batchSize,
            decode_images_per_s = Math.Round(streaming.DecodeImagesPerSecond), in_memory_samples_per_s = Math.Round(streaming.InMemorySamplesPerSecond),
            streamed_samples_per_s = Math.Round(streaming.StreamedSamplesPerSecond), streamed_of_in_memory = Math.Round(streaming.StreamedOfInMemory, 2),
            keeps_up = streaming.KeepsUp,
        }));
        return ExitCodes.Success;
    }

    /// <summary>A bare name (no extension or folder, e.g. "cnn", "convnet") is a spec shipped in models/ next to the tool; anything else is a spec path.</summary>
    private static (string Name, Functional Network) ResolveModel(string model)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "models");
        var bareName = !model.Contains('.') && !model.Contains('/');
        var path = bareName ? Path.Combine(folder, model + ".json") : model;
        if (bareName && !File.Exists(path))
        {
            var names = Directory.EnumerateFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
            throw new UsageException($"--model '{model}': expected one of {string.Join(", ", names)} (the specs shipped with the tool) or a spec file's path.");
        }
        return (Path.GetFileNameWithoutExtension(path), InputFiles.LoadSpec(new FileInfo(path)));
    }
}
