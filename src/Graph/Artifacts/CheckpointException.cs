namespace Onnxdl.Graph;

/// <summary>A checkpoint that cannot be read or does not match the model; the message names the file and the problem.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
