using System.CommandLine;
using System.Globalization;
using Onnxdl.Augment;
using Onnxdl.Graph;
using Onnxdl.Graph.Layers;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// <c>onnxdl finetune --base MODEL.onnx --cut VALUE --head SPEC.json --data fashion-mnist --out DIR [--freeze-base] …</c>:
/// transfer learning on an imported model; writes DIR/model.onnx (base + head in one graph).
/// </summary>
internal static class FinetuneCommand
{
    public static Command Create(TextWriter output)
    {
        var baseModel = new Option<FileInfo>("--base") { Description = "The imported .onnx model to start from.", Required = true };
        var cut = new Option<string>("--cut") { Description = "The value of the base the head reads (see onnxdl summary / Netron).", Required = true };
        var head = new Option<FileInfo>("--head") { Description = "Head spec (JSON, docs/model-spec.md); its input must equal the cut's per-sample shape (H, W, C).", Required = true };
        var data = new Option<string>("--data") { Description = "Training data: fashion-mnist, or a folder holding its four IDX .gz files.", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Output folder for model.onnx.", Required = true };
        var freeze = new Option<bool>("--freeze-base") { Description = "Keep the base's weights fixed (its features are computed once and cached)." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => 3 };
        var batch = new Option<int>("--batch-size") { Description = "Batch size.", DefaultValueFactory = _ => 32 };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3f };
        var limit = new Option<int?>("--limit") { Description = "Use the first N training images." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Evaluate on the first N test images (default: all 10,000)." };
        var mean = new Option<string?>("--mean") { Description = "Per-channel mean subtracted after scaling to [0, 1], e.g. 0.485,0.456,0.406." };
        var std = new Option<string?>("--std") { Description = "Per-channel std divided by, e.g. 0.229,0.224,0.225." };
        var seed = new Option<int>("--seed") { Description = "Seed of the head's initialization and the shuffling." };
        var command = new Command("finetune",
            "Fine-tune an imported model: cut it at a value, add a head, train. Example: onnxdl finetune --base resnet18.onnx " +
            "--cut Pooling395_Output_0 --head head.json --data fashion-mnist --out out/ft --freeze-base --limit 1000")
            { baseModel, cut, head, data, outDir, freeze, epochs, batch, lr, limit, testLimit, mean, std, seed };
        command.SetAction(parse =>
        {
            var options = new FineTuneOptions
            {
                FreezeBase = parse.GetValue(freeze),
                Epochs = Positive(parse.GetValue(epochs), "--epochs"),
                BatchSize = Positive(parse.GetValue(batch), "--batch-size"),
                LearningRate = parse.GetValue(lr),
                Seed = parse.GetValue(seed),
                Mean = Floats(parse.GetValue(mean), "--mean"),
                Std = Floats(parse.GetValue(std), "--std"),
                OnEpoch = (epoch, loss) => output.WriteLine($"epoch {epoch}: loss {loss:F4}"),
            };
            var directory = DataDirectory(parse.GetValue(data)!);
            var train = FashionMnist.Load(train: true, parse.GetValue(limit), directory);
            var test = FashionMnist.Load(train: false, parse.GetValue(testLimit), directory);

            var spec = ModelSpec.Parse(InputFiles.ReadText(parse.GetValue(head)!), parse.GetValue(head)!.Name);
            var baseOnnx = ModelSerializer.Load(parse.GetValue(baseModel)!.FullName);
            OrtCrashGuard.ThrowIfUnloadable(baseOnnx, parse.GetValue(baseModel)!.ToString());
            var transfer = FineTuning.Prepare(baseOnnx, parse.GetValue(cut)!, spec, options.FreezeBase, options.Seed);
            output.WriteLine($"base input {Shapes.Format(transfer.BaseInputShape)}, cut '{transfer.Cut}' {Shapes.Format(transfer.CutShape)}, " +
                             $"{(options.FreezeBase ? "frozen base" : "trainable base")}, {transfer.ParameterInfos.Sum(p => p.Count):N0} trained parameters");

            var result = FineTuning.Run(transfer, train, options);
            var path = Path.Combine(parse.GetValue(outDir)!.FullName, "model.onnx");
            ModelSerializer.Save(result.Model, path);
            var accuracy = FineTuning.Accuracy(path, test, options, transfer.BaseInputShape);
            output.WriteLine($"features {result.FeatureTime.TotalSeconds:F1}s, training {result.TrainTime.TotalSeconds:F1}s; " +
                             $"test accuracy {accuracy:F4} on {test.Count} images; wrote {path}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string DataDirectory(string data) =>
        data == "fashion-mnist" ? FashionMnist.DefaultDirectory
        : Directory.Exists(data) ? data
        : throw new UsageException($"--data '{data}': expected fashion-mnist or a folder with the Fashion-MNIST IDX files.");

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new UsageException($"{option} must be positive, received {value}.");

    private static float[]? Floats(string? text, string option)
    {
        if (text is null) return null;
        try { return [.. text.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture))]; }
        catch (FormatException e) { throw new UsageException($"{option} '{text}': expected comma-separated numbers.", e); }
    }
}
