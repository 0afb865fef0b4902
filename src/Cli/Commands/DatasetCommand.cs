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
        return new Command("dataset", "Dataset utilities.") { export, Synthetic(output) };
    }

    /// <summary><c>dataset synthetic --out DIR --count N [--size S] [--grey] [--format png|jpg]</c>: generated pictures to measure the image pipeline on.</summary>
    private static Command Synthetic(TextWriter output)
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Output folder.", Required = true };
        var count = OptionFactory.Positive("--count", "Images to write.", 1000);
        var size = OptionFactory.Positive("--size", "Width and height in pixels (≥ 4).", 64);
        var grey = new Option<bool>("--grey") { Description = "One channel instead of three." };
        var format = new Option<string>("--format") { Description = "File format.", DefaultValueFactory = _ => "jpg" };
        format.AcceptOnlyFromAmong("png", "jpg");
        var command = new Command("synthetic",
            "Write generated pictures (random circles, 10 classes) as DIR/<label>.<n>.<format>, e.g. to measure streaming. " +
            "Example: onnxdl dataset synthetic --out images/ --count 5000 --size 64")
            { outDir, count, size, grey, format };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(outDir)!.FullName;
            var (n, pixels) = (parse.GetValue(count)!.Value, parse.GetValue(size)!.Value);
            if (pixels < 4) throw new UsageException($"--size {pixels}: expected at least 4 pixels.");
            SyntheticImages.Write(dir, n, pixels, colour: !parse.GetValue(grey), "." + parse.GetValue(format));
            output.WriteLine($"Wrote {n} images to {dir}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
