using System.Diagnostics;
using System.Globalization;

namespace Onnxdl.Cli;

/// <summary>
/// Runs mutated inputs through a <see cref="FuzzTarget"/> and checks the property every input must keep: a verdict or
/// an allowed refusal, never another exception, within <see cref="TimeLimit"/> and without allocating more than
/// <see cref="MemoryCap"/>. Input <c>i</c> mutates seed <c>i mod seeds</c> with a generator of (seed, target, i) alone,
/// so any input is reproduced from its name.
/// </summary>
internal sealed class FuzzCampaign(FuzzTarget target, IReadOnlyList<(string Name, byte[] Bytes)> seeds, Func<byte[], SplitMix64, byte[]> mutate, long seed)
{
    /// <summary>Mutated models (<see cref="ModelMutator"/>) of <see cref="FuzzSeeds.Models"/>, the specs shipped with the tool, through the reader and the checker.</summary>
    public static FuzzCampaign Models(long seed) =>
        new(FuzzTarget.Models, FuzzSeeds.Models(Path.Combine(AppContext.BaseDirectory, "models")), ModelMutator.Mutate, seed);

    /// <summary>Mutated PNG, JPEG and BMP files (<see cref="ByteMutator"/>) through the image decoder.</summary>
    public static FuzzCampaign Images(long seed) => new(FuzzTarget.Images, FuzzSeeds.Images(), ByteMutator.Mutate, seed);

    /// <summary>The campaign of the target named <paramref name="target"/> (models or images).</summary>
    public static FuzzCampaign Named(string target, long seed) => target switch
    {
        "models" => Models(seed),
        "images" => Images(seed),
        _ => throw new UsageException($"fuzz target '{target}': expected models or images."),
    };

    /// <summary>The target's name (models, images).</summary>
    public string Target => target.Name;

    /// <summary>The seed of the mutations.</summary>
    public long Seed => seed;

    /// <summary>
    /// How long one input may take (default 2 s, generous on an idle machine: a mutated 48 MB model parses in ~0.2 s; a
    /// shared CI machine needs more, and a hang outlives any limit).
    /// </summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The most managed memory one input may allocate: 64 times its size plus 64 MiB.</summary>
    public static long MemoryCap(int inputBytes) => 64L * inputBytes + (64L << 20);

    /// <summary>The name of input <paramref name="index"/>, which says how to reproduce it.</summary>
    public string Name(int index) => $"{seeds[index % seeds.Count].Name} mutation #{index} (seed {seed})";

    /// <summary>Input <paramref name="index"/>'s bytes.</summary>
    public byte[] Input(int index) => mutate(seeds[index % seeds.Count].Bytes, SplitMix64.For(seed, $"{target.Name}/{index}"));

    /// <summary>Runs inputs 0 to <paramref name="count"/> − 1; stops at the first input that outlives the time limit (it may still be running).</summary>
    public FuzzReport Run(int count)
    {
        var verdicts = new Dictionary<string, int>(StringComparer.Ordinal);
        var violations = new List<string>();
        var clock = Stopwatch.StartNew();
        var run = 0;
        for (; run < count; run++)
        {
            var (name, bytes) = (Name(run), Input(run));
            // A thread of its own (not the pool's, which a busy process may be slow to lend) so the clock times only the input.
            var task = Task.Factory.StartNew(() => Outcome(name, bytes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            if (!task.Wait(TimeLimit))
            {
                violations.Add(Hang(run));
                run++;
                break;
            }
            var (verdict, found) = task.Result;
            if (verdict is not null) verdicts[verdict] = verdicts.GetValueOrDefault(verdict) + 1;
            violations.AddRange(found);
        }
        return new FuzzReport(target.Name, run, verdicts, violations, clock.Elapsed);
    }

    /// <summary>The violation of input <paramref name="index"/> outliving <see cref="TimeLimit"/>.</summary>
    public string Hang(int index) =>
        $"{Name(index)}: no verdict within {TimeLimit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s ({Input(index).Length} bytes).";

    /// <summary>
    /// Judges input <paramref name="bytes"/> named <paramref name="name"/> on this thread: its verdict (null when it broke
    /// the contract) and its violations (another exception, allocation over <see cref="MemoryCap"/>), each naming the input.
    /// </summary>
    public (string? Verdict, IReadOnlyList<string> Violations) Outcome(string name, byte[] bytes)
    {
        var (verdict, violation, allocated) = Judge(bytes, name);
        var violations = new List<string>();
        if (violation is not null) violations.Add($"{name}: {violation}");
        if (allocated > MemoryCap(bytes.Length))
            violations.Add($"{name}: allocated {allocated:N0} bytes for a {bytes.Length:N0}-byte input, over the cap of {MemoryCap(bytes.Length):N0}.");
        return (violation is null ? verdict : null, violations);
    }

    /// <summary>The verdict, or the violation, and the bytes allocated on the way (measured on the thread that judged).</summary>
    private (string? Verdict, string? Violation, long Allocated) Judge(byte[] bytes, string name)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        string? verdict, violation = null;
        try
        {
            verdict = target.Verdict(bytes, name);
        }
        catch (Exception e)
        {
            verdict = target.Refusal(e, name);
            if (verdict is null) violation = $"{e.GetType().Name} instead of a verdict or an allowed refusal: {e.Message} {e.StackTrace?.Split('\n')[0].Trim()}";
        }
        return (verdict, violation, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
