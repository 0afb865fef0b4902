using Onnxdl.Augment;

namespace Onnxdl.Cli;

/// <summary>The kinds of <c>--data</c> source (public for the test theories that take it as a parameter).</summary>
public enum DataKind
{
    /// <summary><c>fashion-mnist[:train|test]</c>.</summary>
    FashionMnist,
    /// <summary><c>idx:DIR[:train|test]</c>.</summary>
    Idx,
    /// <summary><c>folder:DIR</c>.</summary>
    Folder,
    /// <summary><c>csv:FILE:LABEL</c> (or <c>csv:FILE:Y1,Y2</c>, targets of a regression loss).</summary>
    Csv,
    /// <summary><c>list:FILE</c>: a CSV/TSV manifest of image paths and labels.</summary>
    List,
}

/// <summary>
/// The one parser of <c>--data SOURCE</c>: <c>fashion-mnist[:train|test]</c>, <c>idx:DIR[:train|test]</c>
/// (train-images-idx3-ubyte[.gz] or t10k-… in DIR), <c>folder:DIR</c> (the seed's <c>label.n.png</c> layout or
/// one subfolder per class), <c>csv:FILE:LABEL</c> (numeric columns, LABEL the class column, or the target columns
/// <c>Y1,Y2,…</c> of a regression loss) and <c>list:FILE</c> (a CSV/TSV manifest of <c>path,label</c> rows, paths relative to FILE).
/// </summary>
internal sealed record DataSource(DataKind Kind, string Path, bool Train = true, string Label = "")
{
    public const string Forms = "fashion-mnist[:train|test], idx:DIR[:train|test], folder:DIR, csv:FILE:LABEL[,LABEL2…], list:FILE";

    /// <summary>Image files (a folder or a manifest), which can be streamed instead of loaded.</summary>
    public bool IsImageFolder => Kind is DataKind.Folder or DataKind.List;

    public static DataSource Parse(string text)
    {
        var colon = text.IndexOf(':');
        var (kind, rest) = colon < 0 ? (text, "") : (text[..colon], text[(colon + 1)..]);
        return kind.ToLowerInvariant() switch
        {
            "fashion-mnist" => new DataSource(DataKind.FashionMnist, FashionMnist.DefaultDirectory, Split(rest, text)),
            "idx" when rest.Length > 0 => IdxSource(rest, text),
            "folder" when rest.Length > 0 => new DataSource(DataKind.Folder, rest),
            "list" when rest.Length > 0 => new DataSource(DataKind.List, rest),
            "csv" when rest.LastIndexOf(':') is var at and > 0 && at < rest.Length - 1 =>
                new DataSource(DataKind.Csv, rest[..at], Label: rest[(at + 1)..]),
            _ => throw Bad(text),
        };
    }

    /// <summary>
    /// Loads the data in memory. <paramref name="folderPreprocessing"/> turns image files into the model's
    /// input; <paramref name="limit"/> keeps the first N samples (for image files, see <see cref="Images"/>);
    /// <paramref name="badFiles"/> says whether an undecodable image stops loading (the default) or is skipped.
    /// </summary>
    public ArrayDataset Load(int? limit = null, Preprocessing? folderPreprocessing = null, BadFiles? badFiles = null) => Kind switch
    {
        DataKind.FashionMnist => FashionMnist.Load(Train, limit, Path),
        DataKind.Idx => LoadIdx(limit),
        DataKind.Folder or DataKind.List => Images(limit).Load(folderPreprocessing
            ?? throw new InvalidOperationException("An image folder needs the model's preprocessing."), badFiles),
        _ => First(CsvClasses(), limit),
    };

    /// <summary>The csv: columns named after the file: one class column, or a regression's target columns.</summary>
    public IReadOnlyList<string> Columns => Label.Split(',', StringSplitOptions.TrimEntries);

    /// <summary>Loads real-valued targets (a regression loss's data): only <c>csv:FILE:Y1[,Y2…]</c> has them.</summary>
    public TargetArraySource LoadTargets(int? limit = null)
    {
        if (Kind != DataKind.Csv)
            throw new UsageException($"Real-valued targets come from csv:FILE:COLUMN[,COLUMN2…]; --data {Kind} holds classes.");
        var data = CsvDataset.LoadTargets(Existing(Path), Columns);
        return limit is { } n && n < data.Count ? data.SplitAt(n).Head : data;
    }

    /// <summary>One class column; one holding real numbers such as 7.5 is refused, since classes of those are meaningless.</summary>
    private ArrayDataset CsvClasses()
    {
        if (Columns.Count > 1)
            throw new UsageException($"--data csv:{Path}:{Label} names {Columns.Count} columns; several target columns need a regression loss " +
                $"(--loss {string.Join(" or ", Graph.Losses.Loss.RegressionNames)}), a classification loss takes one class column.");
        var data = CsvDataset.Load(Existing(Path), Label);
        var numbers = data.ClassNames.Select(Number).ToArray();
        if (numbers.All(v => v is not null) && numbers.FirstOrDefault(v => v != Math.Floor(v!.Value)) is { } real)
            throw new UsageException($"--data csv:{Path}:{Label}: column '{Label}' holds real numbers (e.g. {real}), not classes; " +
                $"a classification loss needs integer or named classes. For real-valued targets use --loss {string.Join(" or ", Graph.Losses.Loss.RegressionNames)}.");
        return data;
    }

    private static double? Number(string text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>
    /// The image files of a folder or manifest, listed but not decoded; <paramref name="limit"/> keeps N files spread
    /// evenly over the list (a folder's files are sorted by label, so every class stays in).
    /// </summary>
    public ImageFolder Images(int? limit = null)
    {
        var folder = Kind == DataKind.List ? ImageFolder.FromManifest(Existing(Path)) : ImageFolder.Scan(Path);
        return limit is { } n && n < folder.Count
            ? folder.Select([.. Enumerable.Range(0, n).Select(i => (int)((long)i * folder.Count / n))])
            : folder;
    }

    private ArrayDataset LoadIdx(int? limit)
    {
        var prefix = Train ? "train" : "t10k";
        var classes = System.IO.Path.Combine(Path, ImageFolder.ClassesFile);
        return IdxReader.LoadDataset(IdxFile(prefix, "images-idx3-ubyte"), IdxFile(prefix, "labels-idx1-ubyte"),
            File.Exists(classes) ? File.ReadAllLines(classes).Where(l => l.Length > 0).ToArray() : null, limit);
    }

    private string IdxFile(string prefix, string stem)
    {
        var plain = System.IO.Path.Combine(Path, $"{prefix}-{stem}");
        if (File.Exists(plain + ".gz")) return plain + ".gz";
        if (File.Exists(plain)) return plain;
        throw new UsageException($"--data idx:{Path}: '{plain}[.gz]' does not exist.");
    }

    private static ArrayDataset First(ArrayDataset data, int? limit) =>
        limit is { } n && n < data.Count ? data.Subset([.. Enumerable.Range(0, n)]) : data;

    private static string Existing(string file) =>
        File.Exists(file) ? file : throw new UsageException($"Data file '{file}' does not exist.");

    private static DataSource IdxSource(string rest, string text)
    {
        var at = rest.LastIndexOf(':');
        var split = at > 0 ? rest[(at + 1)..] : "";
        return split is "train" or "test"
            ? new DataSource(DataKind.Idx, rest[..at], split == "train")
            : new DataSource(DataKind.Idx, rest);
    }

    private static bool Split(string split, string text) => split switch
    {
        "" or "train" => true,
        "test" => false,
        _ => throw Bad(text),
    };

    private static UsageException Bad(string text) =>
        new($"--data '{text}' is not a data source; expected one of: {Forms}.");
}
