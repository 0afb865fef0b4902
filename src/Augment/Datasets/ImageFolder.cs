using System.Globalization;

namespace Onnxdl.Augment;

/// <summary>
/// The labelled image files of a folder, found by <see cref="Scan"/>, or of a manifest (<see cref="FromManifest"/>).
/// Decode them all into memory with <see cref="Load"/> or stream them with <see cref="BatchSource.StreamImageFolder"/>.
/// Class names: subfolder names (ordinal order), or file-name prefixes sorted like
/// <see cref="LabelBinarizer"/>; when prefixes are the integers 0..k−1 and the folder holds a
/// <c>classes.txt</c> (one name per line, as <see cref="IdxImageExporter"/> writes), its names are used.
/// </summary>
public sealed class ImageFolder
{
    /// <summary>The optional file (one class name per line) that fixes the class order of a folder.</summary>
    public const string ClassesFile = "classes.txt";

    /// <summary>File extensions treated as images; other files (READMEs, classes.txt) are ignored.</summary>
    public static IReadOnlySet<string> ImageExtensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { ".png", ".jpg", ".jpeg", ".bmp", ".dib", ".tif", ".tiff", ".webp", ".pgm", ".ppm", ".pbm", ".pnm", ".jp2" };

    private ImageFolder(string directory, FolderLayout layout, string[] files, int[] labels, IReadOnlyList<string> classNames)
    {
        Directory = directory;
        Layout = layout;
        Files = files;
        Labels = labels;
        ClassNames = classNames;
    }

    /// <summary>The folder the images were listed from.</summary>
    public string Directory { get; }
    /// <summary>How labels are read from the folder: file-name prefix or one subfolder per class.</summary>
    public FolderLayout Layout { get; }
    /// <summary>The image files, sorted (ordinal), one per sample.</summary>
    public IReadOnlyList<string> Files { get; }
    /// <summary>The class index of each file in <see cref="Files"/>.</summary>
    public IReadOnlyList<int> Labels { get; }
    /// <summary>The class names; a label is an index into this list.</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>The number of images.</summary>
    public int Count => Files.Count;

    /// <summary>Lists the images and their labels; throws <see cref="DataException"/> for a missing or empty
    /// folder or a file name whose label cannot be parsed.</summary>
    public static ImageFolder Scan(string directory, FolderLayout layout = FolderLayout.Auto)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new DataException($"Image folder '{directory}' does not exist.", directory);
        if (layout == FolderLayout.Manifest)
            throw new ArgumentException("A manifest is read with ImageFolder.FromManifest, not scanned.", nameof(layout));
        if (layout == FolderLayout.Auto) layout = Detect(directory);
        var (files, labelTexts) = layout == FolderLayout.Subfolders ? ListSubfolders(directory) : ListPrefixed(directory);
        if (files.Length == 0)
            throw new DataException($"Image folder '{directory}' holds no images ({layout} layout; extensions {string.Join(" ", ImageExtensions)}).", directory);
        var classNames = ClassNamesFor(directory, labelTexts);
        var binarizer = new LabelBinarizer(classNames.Names);
        return new ImageFolder(directory, layout, files, binarizer.Encode(classNames.Keys(labelTexts)), classNames.Names);
    }

    /// <summary>The images a CSV/TSV manifest lists as <c>path,label</c> rows (paths relative to the manifest), in its order;
    /// class names sorted like <see cref="LabelBinarizer"/>. Throws <see cref="DataException"/> naming the file and line of a malformed row.</summary>
    public static ImageFolder FromManifest(string manifest)
    {
        var (files, labelTexts) = ImageManifest.Read(manifest);
        var classNames = LabelBinarizer.SortedClasses(labelTexts);
        return new ImageFolder(Path.GetDirectoryName(Path.GetFullPath(manifest))!, FolderLayout.Manifest, files,
            new LabelBinarizer(classNames).Encode(labelTexts), classNames);
    }

    /// <summary>The files at <paramref name="indices"/>, in that order, with their labels (e.g. a quick subset).</summary>
    public ImageFolder Select(IReadOnlyList<int> indices) =>
        new(Directory, Layout, [.. indices.Select(i => Files[i])], [.. indices.Select(i => Labels[i])], ClassNames);

    /// <summary>Decodes every image with <paramref name="preprocessing"/> (in parallel) into an in-memory dataset.
    /// Channels = 0 keeps the stored channel count, which must then agree across files.</summary>
    public ArrayDataset Load(Preprocessing preprocessing, BadFiles? badFiles = null)
    {
        var (kept, resolved) = Decode(preprocessing, badFiles, keepPixels: true);
        var features = new float[kept.Count * resolved.SampleSize];
        for (int i = 0; i < kept.Count; i++) kept.Pixels[i].CopyTo(features, i * resolved.SampleSize);
        return new ArrayDataset(features, kept.Indices.Select(i => Labels[i]).ToArray(), resolved.SampleShape, ClassNames, resolved);
    }

    /// <summary>The given files, in the given order, with the same class list (e.g. for a split:
    /// <c>TrainTestSplit.Indices(folder.Count, 0.2, seed, folder.Labels)</c>).</summary>
    public ImageFolder Subset(IReadOnlyList<int> indices) => new(Directory, Layout,
        indices.Select(i => Files[i]).ToArray(), indices.Select(i => Labels[i]).ToArray(), ClassNames);

    /// <summary>Decodes every file once to find bad ones and the channel count, without keeping pixels
    /// (the streaming pipeline's check before training starts). Returns the good files and the resolved preprocessing.</summary>
    internal (ImageFolder Good, Preprocessing Resolved) Validate(Preprocessing preprocessing, BadFiles? badFiles)
    {
        var (kept, resolved) = Decode(preprocessing, badFiles, keepPixels: false);
        return (kept.Count == Count ? this : Subset(kept.Indices), resolved);
    }

    /// <summary>
    /// <paramref name="preprocessing"/> with a known channel count: when it keeps the stored count (0), the first readable
    /// file decides (bad files before it handled by <paramref name="badFiles"/>). Decodes at most until that file.
    /// </summary>
    internal Preprocessing ResolveChannels(Preprocessing preprocessing, BadFiles? badFiles)
    {
        preprocessing.Validate();
        if (preprocessing.Channels != 0) return preprocessing;
        badFiles ??= new BadFiles(skip: false);
        foreach (var file in Files)
        {
            var (_, channels, error) = DecodeOne(file, preprocessing, keepPixels: false);
            if (error is null) return preprocessing with { Channels = channels };
            badFiles.Handle(error);
        }
        throw NoReadableImages();
    }

    private sealed record Decoded(List<int> Indices, List<float[]> Pixels)
    {
        public int Count => Indices.Count;
    }

    private (Decoded Kept, Preprocessing Resolved) Decode(Preprocessing preprocessing, BadFiles? badFiles, bool keepPixels)
    {
        preprocessing.Validate();
        var results = new (float[]? Pixels, int Channels, DataException? Error)[Count];
        Parallel.For(0, Count, i => results[i] = DecodeOne(Files[i], preprocessing, keepPixels));
        // Report in file order, after the parallel part, so warnings are deterministic.
        badFiles ??= new BadFiles(skip: false);
        var kept = new Decoded([], []);
        int channels = 0;
        for (int i = 0; i < Count; i++)
        {
            if (results[i].Error is { } error) { badFiles.Handle(error); continue; }
            if (kept.Count > 0 && results[i].Channels != channels)
                throw new DataException(
                    $"Images have mixed channel counts: '{Files[kept.Indices[0]]}' has {channels}, '{Files[i]}' has {results[i].Channels}. " +
                    "Set Preprocessing.Channels (1 grey, 3 RGB, 4 RGBA) to convert them all.", Files[i]);
            channels = results[i].Channels;
            kept.Indices.Add(i);
            if (results[i].Pixels is { } pixels) kept.Pixels.Add(pixels);
        }
        badFiles.Summarize(Count);
        if (kept.Count == 0)
            throw NoReadableImages();
        return (kept, preprocessing with { Channels = channels });
    }

    private DataException NoReadableImages() => new($"Image folder '{Directory}' has no readable images: all {Count} were bad.", Directory);

    private static (float[]? Pixels, int Channels, DataException? Error) DecodeOne(string file, Preprocessing preprocessing, bool keepPixels)
    {
        try
        {
            using var scope = new MatScope();
            var decoded = scope.Own(preprocessing.Decode(file));
            var scaled = scope.New();
            preprocessing.ToScaledFloat(decoded, scaled);
            int channels = scaled.Channels();
            if (!keepPixels) return (null, channels, null);
            var pixels = new float[channels * preprocessing.Height * preprocessing.Width];
            preprocessing.Normalize(scaled, pixels);
            return (pixels, channels, null);
        }
        catch (DataException e)
        {
            return (null, 0, e);
        }
    }

    private static FolderLayout Detect(string directory)
    {
        bool topImages = System.IO.Directory.EnumerateFiles(directory).Any(IsImage);
        bool subImages = System.IO.Directory.EnumerateDirectories(directory)
            .Any(d => System.IO.Directory.EnumerateFiles(d).Any(IsImage));
        return subImages && !topImages ? FolderLayout.Subfolders : FolderLayout.FileNamePrefix;
    }

    private static bool IsImage(string path) => ImageExtensions.Contains(Path.GetExtension(path));

    private static (string[] Files, string[] Labels) ListPrefixed(string directory)
    {
        var files = System.IO.Directory.EnumerateFiles(directory).Where(IsImage).Order(StringComparer.Ordinal).ToArray();
        return (files, files.Select(PrefixLabel).ToArray());
    }

    private static string PrefixLabel(string file)
    {
        string stem = Path.GetFileNameWithoutExtension(file);
        int dot = stem.IndexOf('.');
        if (dot <= 0)
            throw new DataException($"Cannot parse a label from '{file}': expected a file name like <label>.<n>{Path.GetExtension(file)} (e.g. 3.17.png).", file);
        return stem[..dot];
    }

    private static (string[] Files, string[] Labels) ListSubfolders(string directory)
    {
        var pairs = System.IO.Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal)
            .SelectMany(d => System.IO.Directory.EnumerateFiles(d).Where(IsImage).Order(StringComparer.Ordinal)
                .Select(f => (File: f, Label: Path.GetFileName(d))))
            .ToArray();
        return (pairs.Select(p => p.File).ToArray(), pairs.Select(p => p.Label).ToArray());
    }

    /// <summary>Class names and the key each label text maps to (label text itself, or the name a classes.txt gives its index).</summary>
    private sealed record ClassList(IReadOnlyList<string> Names, Func<string, string> Key)
    {
        public IEnumerable<string> Keys(IEnumerable<string> labels) => labels.Select(Key);
    }

    private static ClassList ClassNamesFor(string directory, string[] labelTexts)
    {
        string classesPath = Path.Combine(directory, ClassesFile);
        var sorted = LabelBinarizer.SortedClasses(labelTexts);
        if (!File.Exists(classesPath)) return new ClassList(sorted, l => l);
        var names = File.ReadAllLines(classesPath).Where(l => l.Length > 0).ToArray();
        bool indices = sorted.All(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k < names.Length);
        if (!indices)
            throw new DataException($"'{classesPath}' lists {names.Length} class names, but the file-name labels ({string.Join(", ", sorted.Take(5))}…) are not indices 0..{names.Length - 1} into it.", classesPath);
        return new ClassList(names, l => names[int.Parse(l, CultureInfo.InvariantCulture)]);
    }
}
