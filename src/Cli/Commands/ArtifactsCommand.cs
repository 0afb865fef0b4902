using System.CommandLine;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// <c>onnxdl artifacts SPEC.json|MODEL.onnx --loss NAME --optimizer NAME [--lr X] [--metrics accuracy] [--seed N] --out DIR</c>:
/// DIR/train_step.onnx, eval_step.onnx, grad_step.onnx, apply_step.onnx, model.onnx and checkpoint/initial.ckpt, for training with any ONNX Runtime.
/// </summary>
internal static class ArtifactsCommand
{
    public static Command Create(TextWriter output)
    {
        var spec = new Argument<FileInfo>("MODEL") { Description = "The model spec (.json), or a model.onnx written by onnxdl (its trained weights become the initial state)." };
        var loss = new Option<string>("--loss") { Description = $"Loss: {string.Join(", ", Loss.Names)}.", Required = true };
        var optimizer = new Option<string>("--optimizer") { Description = $"Optimizer: {string.Join(", ", Optimizer.Names)}.", Required = true };
        var lr = TrainOptions.LearningRateOption();
        var metrics = TrainOptions.MetricsOption();
        var seed = OptionFactory.Seed();
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Output directory.", Required = true };
        var command = new Command("artifacts",
            "Write the training graphs and initial state of a spec. Example: " +
            "onnxdl artifacts models/cnn.json --loss categorical_crossentropy --optimizer adam --out artifacts/")
            { spec, loss, optimizer, lr, metrics, seed, outDir };
        command.SetAction(parse =>
        {
            var network = InputFiles.LoadNetwork(parse.GetValue(spec)!);
            var dir = parse.GetValue(outDir)!.FullName;
            using var model = new Model(network);
            model.Compile(Loss.FromName(parse.GetValue(loss)!), Optimizer.FromName(parse.GetValue(optimizer)!, (float?)parse.GetValue(lr)),
                TrainOptions.MetricNames(parse.GetValue(metrics)), new CompileOptions { Seed = parse.GetValue(seed) });
            model.Artifacts!.Save(dir);
            model.Save(Path.Combine(dir, "model.onnx"));
            model.SaveCheckpoint(Path.Combine(dir, "checkpoint", "initial.ckpt"));
            output.WriteLine($"Wrote train_step.onnx, eval_step.onnx, grad_step.onnx, apply_step.onnx, model.onnx and checkpoint/initial.ckpt to {dir}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
