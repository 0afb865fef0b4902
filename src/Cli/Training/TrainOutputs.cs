namespace Onnxdl.Cli;

/// <summary>The files a training run writes under its output directory (the layout scripts rely on).</summary>
internal sealed record TrainOutputs(string Directory)
{
    public string Model => Path.Combine(Directory, "model.onnx");
    public string Training => Path.Combine(Directory, "training");
    public string LastCheckpoint => Path.Combine(Directory, "checkpoint", "last.ckpt");
    public string BestCheckpoint => Path.Combine(Directory, "checkpoint", "best.ckpt");
    public string History => Path.Combine(Directory, "history.csv");
    public string Metrics => Path.Combine(Directory, "metrics.json");
    public string Curves => Path.Combine(Directory, "curves.png");
}
