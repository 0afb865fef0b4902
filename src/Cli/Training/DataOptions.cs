using System.CommandLine;
using Onnxdl.Augment;

namespace Onnxdl.Cli;

/// <summary>The data-reading options of <c>onnxdl train</c> (<c>--cache</c>, <c>--data-threads</c>, <c>--bad-files</c>) and their reading into <see cref="DataSettings"/>.</summary>
internal sealed class DataOptions
{
    public Option<string> Cache { get; } = CacheOption();
    public Option<int?> DataThreads { get; } = OptionFactory.Positive("--data-threads",
        $"Threads that decode and augment streamed image batches while ONNX Runtime trains (default: a quarter of the cores, at least 1; here {PipelineOptions.DefaultWorkers(Environment.ProcessorCount)}).");
    public Option<string> BadFiles { get; } = BadFilesOption();

    public IEnumerable<Option> All => [Cache, DataThreads, BadFiles];

    /// <summary><c>--cache [auto|always|never]</c>: whether image files are decoded into memory first; a bare <c>--cache</c> is <c>always</c>.</summary>
    private static Option<string> CacheOption()
    {
        var option = new Option<string>("--cache")
        {
            HelpName = "auto|always|never",
            Description = "Decode image files (folder:, list:) into memory before training (always; a bare --cache), or stream them from " +
                $"disk batch by batch, decoding while training (never). auto (the default): in memory when decoded they take at most " +
                $"{DataSettings.AutoCacheBytes >> 20} MiB (files × C × H × W × 4 bytes), streamed when larger.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "auto",
            CustomParser = r => r.Tokens.Count == 0 ? "always" : r.Tokens[0].Value,
        };
        option.AcceptOnlyFromAmong("auto", "always", "never");
        return option;
    }

    /// <summary><c>--bad-files stop|skip</c>: what an image that cannot be decoded does.</summary>
    public static Option<string> BadFilesOption()
    {
        var option = new Option<string>("--bad-files")
        {
            HelpName = "stop|skip",
            Description = "An image file that cannot be read or decoded stops the run with an error naming it (stop, the default), " +
                "or is left out with a warning naming it (skip); metrics.json's skipped_files counts them.",
            DefaultValueFactory = _ => "stop",
        };
        option.AcceptOnlyFromAmong("stop", "skip");
        return option;
    }

    /// <summary>Reads the values; warnings about skipped files go to <paramref name="warnings"/>.</summary>
    public DataSettings Read(ParseResult parse, TextWriter warnings) => new(
        Enum.Parse<CacheMode>(parse.GetValue(Cache)!, ignoreCase: true),
        new PipelineOptions { Workers = parse.GetValue(DataThreads) ?? PipelineOptions.DefaultWorkers(Environment.ProcessorCount) },
        new Augment.BadFiles(parse.GetValue(BadFiles) == "skip", warnings));
}
