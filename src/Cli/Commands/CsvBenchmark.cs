using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Onnxdl.Augment;

namespace Onnxdl.Cli;

/// <summary>
/// <c>onnxdl bench --csv ROWS</c>: writes a CSV of ROWS rows (eight float features with up to six decimals and one
/// target, a regression's <c>csv:FILE:y</c>) to a temporary file, reads it with <see cref="CsvDataset.LoadTargets"/>
/// five times and prints the median rows/s and MB/s, ending with one JSON line. The file is deleted afterwards.
/// </summary>
internal static class CsvBenchmark
{
    private const int Features = 8, Rounds = 5;

    public static int Run(TextWriter output, int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"onnxdl-bench-{Environment.ProcessId}.csv");
        try
        {
            Write(path, rows);
            var megabytes = new FileInfo(path).Length / 1e6;
            var seconds = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                var data = CsvDataset.LoadTargets(path, ["y"]);
                seconds.Add(clock.Elapsed.TotalSeconds);
                if (data.Count != rows) throw new InvalidOperationException($"Read {data.Count} rows of {rows}.");
            }
            seconds.Sort();
            var median = seconds[Rounds / 2];
            output.WriteLine($"CSV {rows} rows × {Features + 1} columns ({megabytes:F1} MB): median of {Rounds} reads {median:F3} s " +
                             $"({rows / median:F0} rows/s, {megabytes / median:F1} MB/s; fastest {seconds[0]:F3} s, slowest {seconds[^1]:F3} s)");
            output.WriteLine(JsonSerializer.Serialize(new
            {
                csv_rows = rows, columns = Features + 1, megabytes = Math.Round(megabytes, 1), rounds = Rounds,
                median_s = Math.Round(median, 4), rows_per_s = Math.Round(rows / median), megabytes_per_s = Math.Round(megabytes / median, 1),
            }));
            return ExitCodes.Success;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Write(string path, int rows)
    {
        var random = new Random(42);
        using var writer = new StreamWriter(path);
        writer.WriteLine(string.Join(",", Enumerable.Range(1, Features).Select(i => $"x{i}").Append("y")));
        var line = new System.Text.StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            line.Clear();
            for (var c = 0; c <= Features; c++)
                line.Append(CultureInfo.InvariantCulture, $"{(random.NextDouble() - 0.5) * 200:F6}").Append(c < Features ? ',' : '\n');
            writer.Write(line);
        }
    }
}
