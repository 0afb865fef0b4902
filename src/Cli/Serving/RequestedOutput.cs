namespace Onnxdl.Cli;

/// <summary>An output the client asked for; <see cref="Binary"/> is its <c>binary_data</c> parameter (null when not given).</summary>
internal sealed record RequestedOutput(string Name, bool? Binary);
