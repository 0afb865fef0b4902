using System.CommandLine;
using Onnxdl.Augment;

namespace Onnxdl.Cli;

/// <summary><c>onnxdl dataset export-images --data SOURCE --out DIR [--limit N]</c>: PNG files in the seed's folder layout.</summary>
internal static class DatasetCommand
{
    public static Command Create(TextWriter output)
    {
        var data = new Option<string>("--data") { Description = $"Image data in memory: {DataSource.Forms} (not folder).", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Output folder.", Required = true };
        var limit = OptionFactory.Positive("--limit", "Export only the first N images.");
        var export = new Command("export-images",
            "Write images as DIR/<label>.<n>.png plus DIR/classes.txt (the seed's layout). " +
            "Example: onnxdl dataset export-images --data fashion-mnist --out images/ --limit 6000")
            { data, outDir, limit };
        export.SetAction(parse =>
        {
            var source = DataSource.Parse(parse.GetValue(data)!);
            if (source.IsImageFolder) throw new UsageException("export-images reads IDX data (fashion-mnist, idx:DIR); a folder already holds images.");
            var dir = parse.GetValue(outDir)!.FullName;
            var count = IdxImageExporter.Export(source.Load(parse.GetValue(limit)), dir);
            output.WriteLine($"Wrote {count} images to {dir}.");
            return ExitCodes.Success;
        });
        return new Command("dataset", "Dataset utilities.") { export };
    }
}
