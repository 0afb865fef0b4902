namespace Onnxdl.Cli;

/// <summary>The tool's exit-code contract: scripts rely on it.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int RuntimeFailure = 1;
    public const int UsageError = 2;

    /// <summary>Ctrl-C during training: a checkpoint was saved and <c>--resume</c> continues (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
