namespace Onnxdl.Cli;

/// <summary>
/// A model to serve: the name clients use in <c>/v2/models/{name}</c>, its file, its version (a repository's
/// version folder, else "1") and the <c>max_batch_size</c> of its Triton configuration when it has one.
/// </summary>
internal sealed record ModelSource(string Name, string Path, string Version = "1", int? ConfiguredMaxBatchSize = null)
{
    /// <summary>
    /// Parses <c>--model NAME=PATH</c>, or a bare <c>PATH</c> served under its file name without extension
    /// (<c>out/model.onnx</c> → <c>model</c>); an existing file is always a bare PATH, even with an '=' in it.
    /// </summary>
    public static ModelSource Parse(string text)
    {
        var equals = text.IndexOf('=');
        // A file whose path has an '=' is still a bare PATH.
        if (equals < 0 || File.Exists(text)) return new ModelSource(System.IO.Path.GetFileNameWithoutExtension(text), text);
        var (name, path) = (text[..equals], text[(equals + 1)..]);
        if (!IsValidName(name) || path.Length == 0)
            throw new UsageException($"--model '{text}': expected NAME=PATH with a NAME of letters, digits, '_', '-' or '.', or a bare PATH.");
        return new ModelSource(name, path);
    }

    /// <summary>A name that is one URL path segment and one folder name.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name is not ("." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
