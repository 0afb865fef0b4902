using System.Globalization;
using Onnxdl.Augment;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>The image form of <c>predict</c>: files in batches through an <see cref="ImageClassifier"/>, one result line per file.</summary>
internal static class PredictImages
{
    public sealed record Settings(int Top, bool Json, bool SkipBad, int BatchSize);

    public static void Run(Predictor predictor, IReadOnlyList<string> files, Settings settings, TextWriter output, TextWriter error)
    {
        var classifier = new ImageClassifier(predictor);
        if (classifier.DerivedPreprocessingNote is { } note) error.WriteLine($"note: {note}");
        var skipped = 0;
        foreach (var chunk in files.Chunk(settings.BatchSize))
        {
            var (good, samples) = Preprocess(classifier, chunk, settings.SkipBad, error);
            skipped += chunk.Length - good.Count;
            if (good.Count == 0) continue;
            var results = classifier.Classify(samples, good.Count, settings.Top);
            for (var i = 0; i < good.Count; i++) output.WriteLine(Format(good[i], results[i], settings));
        }
        if (skipped > 0) error.WriteLine($"warning: skipped {skipped} bad image(s) of {files.Count}.");
    }

    /// <summary>Decodes a batch; returns the files that decoded and their samples packed in order.</summary>
    private static (List<string> Good, float[] Samples) Preprocess(ImageClassifier classifier, string[] files, bool skipBad, TextWriter error)
    {
        var good = new List<string>(files.Length);
        var samples = new float[files.Length * classifier.SampleSize];
        foreach (var file in files)
        {
            try
            {
                classifier.Preprocess(file, samples.AsSpan(good.Count * classifier.SampleSize, classifier.SampleSize));
                good.Add(file);
            }
            catch (DataException e) when (skipBad)
            {
                error.WriteLine($"warning: skipping '{file}': {e.Message}");
            }
            catch (DataException e)
            {
                throw new UsageException($"{e.Message} (use --skip-bad to skip bad images)", e);
            }
        }
        return (good, samples[..(good.Count * classifier.SampleSize)]);
    }

    private static string Format(string file, ClassScore[] ranked, Settings settings)
    {
        if (settings.Json) return ClassificationJson.Of(ranked, settings.Top > 1, file).ToJsonString();
        return file + string.Concat(ranked.Select(s => string.Create(CultureInfo.InvariantCulture, $"\t{s.Label}\t{s.Probability:0.0000}")));
    }
}
