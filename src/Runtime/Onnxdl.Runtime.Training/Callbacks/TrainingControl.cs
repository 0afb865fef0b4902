namespace Onnxdl.Runtime;

/// <summary>What callbacks may read and change while training runs.</summary>
public sealed class TrainingControl(Model model)
{
    /// <summary>The model being trained.</summary>
    public Model Model { get; } = model;

    /// <summary>Set to end training after the current epoch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>The learning rate the next steps use: <see cref="Model.LearningRate"/>, its one owner.</summary>
    public float LearningRate
    {
        get => Model.LearningRate;
        set => Model.LearningRate = value;
    }

    /// <summary>Why training stopped early (for the history), if it did.</summary>
    public string? StopReason { get; set; }
}
