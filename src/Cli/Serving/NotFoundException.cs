namespace Onnxdl.Cli;

/// <summary>A request named a model or version the server does not serve (404).</summary>
internal sealed class NotFoundException(string message) : Exception(message);
