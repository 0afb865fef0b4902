using System.Globalization;
using nietras.SeparatedValues;
using Onnxdl.Augment;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// <c>onnxdl predict --model MODEL.onnx --input ROWS.csv</c>: each row of a CSV file (header line first, every column a
/// number) is one sample's features; the answer is CSV too, one row of model outputs per input row, its columns named
/// by the model's regression targets, else its class labels, else <c>output_0</c>, <c>output_1</c>, ….
/// </summary>
internal static class PredictRows
{
    public static bool IsCsv(FileInfo file) => file.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase);

    public static void Run(Predictor predictor, FileInfo file, TextWriter output)
    {
        if (!file.Exists) throw new UsageException($"File '{file}' does not exist.");
        var (features, rows, columns) = CsvDataset.LoadFeatures(file.FullName);
        if (predictor.Inputs.Count != 1 || predictor.Inputs[0].Type.Shape is not [_, { Value: var width }] || width != columns.Count)
            throw new UsageException($"'{file.Name}' has {columns.Count} columns ({string.Join(", ", columns)}); a CSV row feeds a model with one input " +
                $"of shape [N, {columns.Count}], and model '{predictor.Name}' takes {string.Join(", ", predictor.Inputs.Select(i => $"'{i.Name}' {i.Type}"))}.");
        var outputs = predictor.Predict(TensorData.Of(features, [rows, columns.Count])).Floats;
        var names = OutputNames(predictor, outputs.Length / rows);
        using var writer = Sep.Writer(o => o with { Escape = true }).To(output);
        for (var r = 0; r < rows; r++)
        {
            using var row = writer.NewRow();
            for (var c = 0; c < names.Count; c++) row[names[c]].Set(outputs[r * names.Count + c].ToString("R", CultureInfo.InvariantCulture));
        }
    }

    private static IReadOnlyList<string> OutputNames(Predictor predictor, int width)
    {
        if (RegressionMetadata.Of(predictor.Metadata, predictor.ModelPath) is { } regression && regression.Targets.Count == width) return regression.Targets;
        if (predictor.Labels.Count == width && predictor.Labels.Distinct().Count() == width) return predictor.Labels;
        return [.. Enumerable.Range(0, width).Select(i => $"output_{i}")];
    }
}
