namespace Onnxdl.Cli;

/// <summary>A bad argument or input file the user can fix; reported with exit code 2.</summary>
internal sealed class UsageException(string message, Exception? inner = null) : Exception(message, inner);
