namespace Onnxdl.Augment;

/// <summary>
/// Bad input data: an unreadable image, a malformed IDX or CSV file, an empty dataset, a label
/// that cannot be parsed. The message names the file and says what was expected; <see cref="Path"/>
/// holds the file (or source name) so callers can report or skip it.
/// </summary>
public sealed class DataException(string message, string? path = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The file (or source name) the bad data came from, when known.</summary>
    public string? Path { get; } = path;
}
