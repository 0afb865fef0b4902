namespace Onnxdl.Augment;

/// <summary>
/// Reads a CSV or TSV manifest of <c>path,label</c> rows (how many image datasets ship): tab-separated when the
/// file ends in .tsv or its first row holds a tab, comma-separated otherwise; paths relative to the manifest's folder
/// (absolute ones are kept); an optional header row, recognised by a first field without an image extension; fields
/// may be wrapped in double quotes. A deliberately small reader: no quoted separators or multi-line fields.
/// </summary>
internal static class ImageManifest
{
    public static (string[] Files, string[] Labels) Read(string manifest)
    {
        if (!File.Exists(manifest))
            throw new DataException($"Manifest '{manifest}' does not exist.", manifest);
        var lines = File.ReadAllLines(manifest);
        var rows = lines.Select((text, i) => (Text: text, Line: i + 1)).Where(r => r.Text.Trim().Length > 0).ToList();
        if (rows.Count == 0) throw Empty(manifest);
        char separator = manifest.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || rows[0].Text.Contains('\t') ? '\t' : ',';
        if (!ImageFolder.ImageExtensions.Contains(Path.GetExtension(Fields(rows[0].Text, separator)[0]))) rows.RemoveAt(0);
        if (rows.Count == 0) throw Empty(manifest);
        var folder = Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        var files = new string[rows.Count];
        var labels = new string[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var fields = Fields(rows[i].Text, separator);
            if (fields.Length != 2 || fields[0].Length == 0 || fields[1].Length == 0)
                throw new DataException(
                    $"{manifest}:{rows[i].Line}: expected 'path{(separator == '\t' ? "<tab>" : ",")}label' (2 non-empty fields), received '{rows[i].Text}'.", manifest);
            files[i] = Path.GetFullPath(Path.Combine(folder, fields[0]));
            labels[i] = fields[1];
        }
        return (files, labels);
    }

    private static string[] Fields(string row, char separator) =>
        row.Split(separator).Select(f => f.Trim().Trim('"')).ToArray();

    private static DataException Empty(string manifest) =>
        new($"Manifest '{manifest}' lists no images; expected rows of 'path,label' (paths relative to the manifest).", manifest);
}
