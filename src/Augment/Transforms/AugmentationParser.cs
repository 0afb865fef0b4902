using System.Globalization;

namespace Onnxdl.Augment;

/// <summary>
/// Parses the CLI's <c>--augment LIST</c>. Grammar:
/// <code>
/// list  := item ("," item)*          whitespace around items is ignored; an empty list means none
/// item  := name [":" number]         number in invariant culture, e.g. 0.1
/// </code>
/// Names and (default) argument:
/// flip (0.5 = probability of a horizontal mirror), vflip (0.5, vertical), rotate (10 = max degrees),
/// scale (0.1 = max zoom delta), translate (0.1 = max shift as a fraction of the size),
/// crop (0.8 = min window side fraction), noise (0.05 = std), blur (1 = max σ),
/// brightness (0.1 = max offset), contrast (0.1 = max factor delta),
/// mixup (0.2 = α), cutmix (1 = α).
/// Image augmentations run in the order given; batch ones (mixup, cutmix) after all of them.
/// Example: <c>"flip,rotate:10,translate:0.1,noise:0.05,mixup:0.2"</c>.
/// </summary>
public static class AugmentationParser
{
    private sealed record Entry(double Default, Func<double, IAugmentation> Create);

    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["flip"] = new(0.5, p => new RandomFlip(FlipAxis.Horizontal, p)),
        ["vflip"] = new(0.5, p => new RandomFlip(FlipAxis.Vertical, p)),
        ["rotate"] = new(10, d => new RandomRotate(d)),
        ["scale"] = new(0.1, d => new RandomScale(d)),
        ["translate"] = new(0.1, f => new RandomTranslate(f)),
        ["crop"] = new(0.8, f => new RandomCrop(f)),
        ["noise"] = new(0.05, s => new GaussianNoise(s)),
        ["blur"] = new(1, s => new RandomBlur(s)),
        ["brightness"] = new(0.1, b => new BrightnessContrast(b, 0)),
        ["contrast"] = new(0.1, c => new BrightnessContrast(0, c)),
        ["mixup"] = new(0.2, a => new Mixup(a)),
        ["cutmix"] = new(1, a => new CutMix(a)),
    };

    /// <summary>The augmentation names <c>--augment</c> accepts.</summary>
    public static IReadOnlyList<string> Names => Entries.Keys.ToArray();

    /// <summary>Throws <see cref="FormatException"/> naming the bad item and listing what is valid.</summary>
    public static IReadOnlyList<IAugmentation> Parse(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseItem).ToArray();

    private static IAugmentation ParseItem(string item)
    {
        var parts = item.Split(':', 2, StringSplitOptions.TrimEntries);
        if (!Entries.TryGetValue(parts[0], out var entry))
            throw new FormatException($"Unknown augmentation '{parts[0]}' in '{item}'; expected one of: {string.Join(", ", Entries.Keys)}.");
        if (parts.Length == 1) return entry.Create(entry.Default);
        if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0)
            throw new FormatException($"Augmentation '{item}': '{parts[1]}' is not a non-negative number (e.g. {parts[0]}:{entry.Default.ToString(CultureInfo.InvariantCulture)}).");
        try
        {
            return entry.Create(value);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"Augmentation '{item}': {e.Message}", e);
        }
    }
}
