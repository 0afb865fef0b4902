using System.CommandLine;
using System.Globalization;

namespace Onnxdl.Cli;

/// <summary>Options several commands share, validated at parse time so bad values are usage errors (exit 2).</summary>
internal static class OptionFactory
{
    /// <summary>An integer option that must be ≥ 1 (epochs, batch size, limits).</summary>
    public static Option<int?> Positive(string name, string description, int? defaultValue = null)
    {
        var option = new Option<int?>(name) { Description = description };
        if (defaultValue is { } d) option.DefaultValueFactory = _ => d;
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 and var v) r.AddError($"{name} must be ≥ 1, received {v}.");
        });
        return option;
    }

    /// <summary>A float option that must lie in [low, high) (validation split) or be &gt; 0 (learning rate: low = high = 0).</summary>
    public static Option<double?> Number(string name, string description, Func<double, bool> valid, string expected)
    {
        var option = new Option<double?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && !(double.IsFinite(v) && valid(v)))
                r.AddError($"{name} must be {expected}, received {v.ToString(CultureInfo.InvariantCulture)}.");
        });
        return option;
    }

    public static Option<int> Seed() => new("--seed") { Description = "Seed of initialisation, shuffling and dropout.", DefaultValueFactory = _ => 42 };

    public static Option<FileInfo> Out(string description) => new("--out") { Description = description, Required = true };

    public static Option<string> Device() => new("--device")
    {
        Description = "Execution device: cpu, cuda or cuda:ID.",
        DefaultValueFactory = _ => "cpu",
    };
}
