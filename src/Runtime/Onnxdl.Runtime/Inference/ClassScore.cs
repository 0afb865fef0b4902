namespace Onnxdl.Runtime;

/// <summary>One class of a classifier's answer: its index, its label (the index as text when the model has no labels) and probability.</summary>
public readonly record struct ClassScore(int Index, string Label, float Probability);
