namespace Onnxdl.Runtime;

/// <summary>Training stopped because the loss stopped being a finite number.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
