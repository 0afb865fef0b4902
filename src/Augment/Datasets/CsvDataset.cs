using System.Globalization;

namespace Onnxdl.Augment;

/// <summary>
/// Tabular data from a CSV file with a header row: every column except the label column must be
/// numeric (invariant culture) and becomes a feature; the label column may hold any text and is
/// encoded with <see cref="LabelBinarizer"/>'s ordering. Fields are not quoted-comma aware:
/// use a different <c>separator</c> when values contain commas.
/// </summary>
public static class CsvDataset
{
    /// <summary>Loads a CSV file with a header row: the column named <paramref name="labelColumn"/> gives the class (indices in <see cref="LabelBinarizer"/>'s order), every other column a float feature. Throws <see cref="DataException"/> naming the file and line of a bad value.</summary>
    public static ArrayDataset Load(string path, string labelColumn, char separator = ',')
    {
        string[] lines;
        try
        {
            lines = File.ReadLines(path).Where(l => l.Trim().Length > 0).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot read CSV file '{path}': {e.Message}", path, e);
        }
        if (lines.Length < 2)
            throw new DataException($"CSV file '{path}' has no data rows; expected a header line and at least one row.", path);
        var header = Split(lines[0], separator);
        int labelAt = Array.IndexOf(header, labelColumn);
        if (labelAt < 0)
            throw new DataException($"CSV file '{path}' has no column '{labelColumn}'; columns: {string.Join(", ", header)}.", path);
        int width = header.Length - 1;
        var features = new float[(lines.Length - 1) * width];
        var labels = new string[lines.Length - 1];
        for (int row = 1; row < lines.Length; row++)
            labels[row - 1] = ParseRow(lines[row], separator, header, labelAt, features.AsSpan((row - 1) * width, width), path, row + 1);
        var binarizer = LabelBinarizer.Fit(labels);
        return new ArrayDataset(features, binarizer.Encode(labels), [width], binarizer.Classes);
    }

    private static string ParseRow(string line, char separator, string[] header, int labelAt, Span<float> dst, string path, int lineNumber)
    {
        var fields = Split(line, separator);
        if (fields.Length != header.Length)
            throw new DataException($"{path}:{lineNumber}: {fields.Length} fields; the header has {header.Length}.", path);
        for (int c = 0, f = 0; c < fields.Length; c++)
        {
            if (c == labelAt) continue;
            if (!float.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out dst[f++]))
                throw new DataException($"{path}:{lineNumber}: column '{header[c]}' holds '{fields[c]}'; expected a number.", path);
        }
        return fields[labelAt];
    }

    private static string[] Split(string line, char separator) =>
        line.Split(separator).Select(f => f.Trim().Trim('"')).ToArray();
}
