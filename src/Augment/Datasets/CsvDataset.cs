namespace Onnxdl.Augment;

/// <summary>
/// Tabular data from a CSV file whose first line names the columns, read with Sep (RFC 4180: a quoted field may hold
/// the separator, <c>"Smith, J."</c>, and doubled quotes). Every column except the label or target columns must be
/// numeric (invariant culture) and becomes a feature; spaces around fields and blank lines are ignored.
/// </summary>
public static class CsvDataset
{
    /// <summary>Loads a CSV file with a header row: the column named <paramref name="labelColumn"/> gives the class (indices in <see cref="LabelBinarizer"/>'s order), every other column a float feature. Throws <see cref="DataException"/> naming the file and line of a bad value.</summary>
    public static ArrayDataset Load(string path, string labelColumn, char separator = ',')
    {
        var table = CsvTable.Read(path, separator, [labelColumn], namedAreNumbers: false);
        var binarizer = LabelBinarizer.Fit(table.NamedText);
        return new ArrayDataset(table.Features, binarizer.Encode(table.NamedText), [table.Width], binarizer.Classes);
    }

    /// <summary>
    /// Loads a CSV file with a header row for regression: the columns named in <paramref name="targetColumns"/> are the
    /// real-valued targets (in that order), every other column a float feature. Throws <see cref="DataException"/>
    /// naming the file, line and column of a value that is not a number.
    /// </summary>
    public static TargetArraySource LoadTargets(string path, IReadOnlyList<string> targetColumns, char separator = ',')
    {
        if (targetColumns.Count == 0) throw new ArgumentException("At least one target column is needed.", nameof(targetColumns));
        var table = CsvTable.Read(path, separator, targetColumns, namedAreNumbers: true);
        return new TargetArraySource(table.Features, [table.Width], table.NamedNumbers, targetColumns.Count);
    }

    /// <summary>
    /// Loads a CSV file with a header row whose every column is a float feature (inputs to predict on). Returns the
    /// features row after row and the number of rows; throws <see cref="DataException"/> like <see cref="Load"/>.
    /// </summary>
    public static (float[] Features, int Rows, IReadOnlyList<string> Columns) LoadFeatures(string path, char separator = ',')
    {
        var table = CsvTable.Read(path, separator, [], namedAreNumbers: true);
        return (table.Features, table.Rows, table.FeatureColumns);
    }
}
