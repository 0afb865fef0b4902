using nietras.SeparatedValues;

namespace Onnxdl.Augment;

/// <summary>
/// Reads a CSV or TSV manifest of <c>path,label</c> rows (how many image datasets ship) with the same reader as
/// <see cref="CsvDataset"/> (Sep, RFC 4180 quoting, so a path may hold the separator): tab-separated when the file ends
/// in .tsv or its first row holds a tab, comma-separated otherwise; paths relative to the manifest's folder (absolute ones
/// are kept); an optional header row, recognised by a first field without an image extension; blank lines skipped.
/// </summary>
internal static class ImageManifest
{
    public static (string[] Files, string[] Labels) Read(string manifest)
    {
        if (!File.Exists(manifest))
            throw new DataException($"Manifest '{manifest}' does not exist.", manifest);
        try
        {
            var separator = IsTabSeparated(manifest) ? '\t' : ',';
            using var reader = Sep.New(separator)
                .Reader(o => o with { HasHeader = false, Unescape = true, Trim = SepTrim.All, DisableColCountCheck = true })
                .FromFile(manifest);
            var folder = Path.GetDirectoryName(Path.GetFullPath(manifest))!;
            var (files, labels) = (new List<string>(), new List<string>());
            var first = true;
            foreach (var row in reader)
            {
                if (row.ColCount == 1 && row.Span.IsEmpty) continue;
                var header = first && !ImageFolder.ImageExtensions.Contains(Path.GetExtension(row[0].ToString()));
                first = false;
                if (header) continue;
                if (row.ColCount != 2 || row[0].Span.IsEmpty || row[1].Span.IsEmpty)
                    throw new DataException(
                        $"{manifest}:{Line(row)}: expected 'path{(separator == '\t' ? "<tab>" : ",")}label' (2 non-empty fields), " +
                        $"received '{row.Span.ToString()}'.", manifest);
                files.Add(Path.GetFullPath(Path.Combine(folder, row[0].ToString())));
                labels.Add(row[1].ToString());
            }
            return files.Count > 0
                ? ([.. files], [.. labels])
                : throw new DataException($"Manifest '{manifest}' lists no images; expected rows of 'path,label' (paths relative to the manifest).", manifest);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot read manifest '{manifest}': {e.Message}", manifest, e);
        }
    }

    // Sep 0.17.1 numbers the first row of a header-less file as line 2; it can only have started on line 1.
    private static int Line(SepReader.Row row) => row.RowIndex == 0 ? 1 : row.LineNumberFrom;

    private static bool IsTabSeparated(string manifest) =>
        manifest.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ||
        File.ReadLines(manifest).FirstOrDefault(line => line.Trim().Length > 0)?.Contains('\t') == true;
}
