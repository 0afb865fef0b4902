using System.Globalization;
using nietras.SeparatedValues;

namespace Onnxdl.Augment;

/// <summary>
/// The one CSV reader (Sep: RFC 4180 quoting, so <c>"Smith, J."</c> is one field; spaces around fields trimmed; blank
/// lines skipped). The first line must name the columns; every column not named by the caller must hold numbers and
/// becomes a feature; the named columns are kept as text or, for targets, as numbers. Bad data is a
/// <see cref="DataException"/> naming the file, line and column.
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(float[] features, string[] featureColumns, int rows, string[] namedText, float[] namedNumbers)
    {
        Features = features;
        FeatureColumns = featureColumns;
        Rows = rows;
        NamedText = namedText;
        NamedNumbers = namedNumbers;
    }

    /// <summary>The features, row after row (<see cref="Rows"/> × <see cref="Width"/>).</summary>
    public float[] Features { get; }
    /// <summary>The names of the feature columns, in file order.</summary>
    public string[] FeatureColumns { get; }
    /// <summary>Features per row.</summary>
    public int Width => FeatureColumns.Length;
    /// <summary>Data rows read.</summary>
    public int Rows { get; }
    /// <summary>The named columns as text, row after row (empty when read as numbers).</summary>
    public string[] NamedText { get; }
    /// <summary>The named columns as numbers, row after row (empty when read as text).</summary>
    public float[] NamedNumbers { get; }

    /// <summary>
    /// Reads <paramref name="path"/>: the <paramref name="named"/> columns as text, or as numbers when
    /// <paramref name="namedAreNumbers"/> (a regression's targets); every other column as a numeric feature.
    /// </summary>
    public static CsvTable Read(string path, char separator, IReadOnlyList<string> named, bool namedAreNumbers)
    {
        try
        {
            using var reader = Sep.New(separator)
                .Reader(o => o with { Unescape = true, Trim = SepTrim.All, DisableColCountCheck = true })
                .FromFile(path);
            var header = Header(reader, path);
            var namedAt = named.Select(name => IndexOf(header, name, path)).ToArray();
            var featureAt = Enumerable.Range(0, header.Length).Except(namedAt).ToArray();
            var (features, text, numbers) = (new List<float>(), new List<string>(), new List<float>());
            var rows = 0;
            foreach (var row in reader)
            {
                if (row.ColCount == 1 && row.Span.IsEmpty) continue;
                var line = row.LineNumberFrom;
                if (row.ColCount != header.Length)
                    throw new DataException($"{path}:{line}: {row.ColCount} fields; the header has {header.Length}.", path);
                foreach (var c in featureAt) features.Add(Number(row, c, header, path, line, "a number"));
                foreach (var c in namedAt)
                {
                    if (namedAreNumbers) numbers.Add(Number(row, c, header, path, line, "a number (a regression target)"));
                    else text.Add(row[c].ToString());
                }
                rows++;
            }
            if (rows == 0)
                throw new DataException($"CSV file '{path}' has no data rows; expected a header line and at least one row.", path);
            return new CsvTable([.. features], [.. featureAt.Select(c => header[c])], rows, [.. text], [.. numbers]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot read CSV file '{path}': {e.Message}", path, e);
        }
        catch (ArgumentException e)
        {
            throw new DataException($"CSV file '{path}': {e.Message}", path, e); // Sep: a column name given twice
        }
    }

    // NumberStyles.Float, not Sep's Parse<float>: that also takes thousands separators, reading "1,5" as 15.
    private static float Number(SepReader.Row row, int c, string[] header, string path, int line, string expected) =>
        float.TryParse(row[c].Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DataException($"{path}:{line}: column '{header[c]}' holds '{row[c].ToString()}'; expected {expected}.", path);

    private static string[] Header(SepReader reader, string path)
    {
        if (reader.Header.IsEmpty)
            throw new DataException($"CSV file '{path}' is empty; expected a header line naming the columns and at least one row.", path);
        var names = reader.Header.ColNames.ToArray();
        if (names.All(n => float.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw new DataException(
                $"CSV file '{path}' has no header line: its first line ({string.Join(",", names)}) holds numbers; " +
                "expected the column names first, e.g. x1,x2,y.", path);
        return names;
    }

    private static int IndexOf(string[] header, string name, string path)
    {
        var at = Array.IndexOf(header, name);
        return at >= 0 ? at : throw new DataException($"CSV file '{path}' has no column '{name}'; columns: {string.Join(", ", header)}.", path);
    }
}
