namespace Onnxdl.Augment;

/// <summary>
/// What to do with files that cannot be decoded. By default (<c>skip: false</c>) the first bad
/// file stops loading with a <see cref="DataException"/>; with <c>skip: true</c> every bad file
/// is reported as a warning line on <paramref name="warnings"/> and left out, and a summary line
/// with the count is written at the end. Inspect <see cref="Count"/> and <see cref="Paths"/> after loading.
/// </summary>
public sealed class BadFiles(bool skip, TextWriter? warnings = null)
{
    private readonly List<string> _paths = [];

    /// <summary>True: bad files are reported and left out; false: the first one throws a <see cref="DataException"/>.</summary>
    public bool Skip { get; } = skip;
    /// <summary>How many files were left out so far.</summary>
    public int Count => _paths.Count;
    /// <summary>The files left out so far, in the order they were met.</summary>
    public IReadOnlyList<string> Paths => _paths;

    internal void Handle(DataException error)
    {
        if (!Skip) throw error;
        _paths.Add(error.Path ?? "<unknown>");
        warnings?.WriteLine($"warning: skipping bad file: {error.Message}");
    }

    internal void Summarize(int total)
    {
        if (Count > 0) warnings?.WriteLine($"warning: skipped {Count} bad file(s) of {total}");
    }
}
