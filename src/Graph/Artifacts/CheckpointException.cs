namespace Onnxdl.Graph;

/// <summary>A checkpoint that cannot be read or does not match the model; the message names the file and the problem.</summary>
/// <param name="message">What was wrong, with the file and what was expected.</param>
/// <param name="inner">The underlying error, if any.</param>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
