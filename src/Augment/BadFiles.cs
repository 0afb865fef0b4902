namespace Onnxdl.Augment;

/// <summary>
/// What to do with files that cannot be decoded. By default (<c>skip: false</c>) the first bad
/// file stops loading with a <see cref="DataException"/> naming it; with <c>skip: true</c> every bad file
/// is reported as a warning line on <paramref name="warnings"/> (once, however often it is met) and left out,
/// and a summary line with the count is written at the end of an up-front load. Inspect <see cref="Count"/> and
/// <see cref="Paths"/> after loading or training. Safe to share between threads (a streamed folder meets bad files on its workers).
/// </summary>
public sealed class BadFiles(bool skip, TextWriter? warnings = null)
{
    private readonly List<string> _paths = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>True: bad files are reported and left out; false: the first one throws a <see cref="DataException"/>.</summary>
    public bool Skip { get; } = skip;
    /// <summary>How many distinct files were left out so far.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _paths.Count;
        }
    }

    /// <summary>The files left out so far, in the order they were first met.</summary>
    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_lock) return [.. _paths];
        }
    }

    internal void Handle(DataException error)
    {
        if (!Skip) throw error;
        var path = error.Path ?? "<unknown>";
        lock (_lock)
        {
            if (!_seen.Add(path)) return;
            _paths.Add(path);
            warnings?.WriteLine($"warning: skipping bad file: {error.Message}");
        }
    }

    internal void Summarize(int total)
    {
        if (Count > 0) warnings?.WriteLine($"warning: skipped {Count} bad file(s) of {total}");
    }
}
