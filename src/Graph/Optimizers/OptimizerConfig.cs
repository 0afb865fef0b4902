using System.Text.Json;
using System.Text.Json.Serialization;

namespace Onnxdl.Graph.Optimizers;

/// <summary>Names, validation and the JSON form of the hyper-parameters (for metadata and checkpoints).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "name")]
[JsonDerivedType(typeof(Sgd), "sgd")]
[JsonDerivedType(typeof(Adam), "adam")]
[JsonDerivedType(typeof(AdamW), "adamw")]
[JsonDerivedType(typeof(RmsProp), "rmsprop")]
public abstract partial record Optimizer
{
    /// <summary>Every name <see cref="FromName"/> and the JSON <c>name</c> field accept.</summary>
    public static IReadOnlyList<string> Names { get; } = ["adam", "adamw", "rmsprop", "sgd"];

    /// <summary>An optimizer with Keras defaults; <paramref name="learningRate"/> replaces the default rate when given.</summary>
    public static Optimizer FromName(string name, float? learningRate = null)
    {
        Optimizer optimizer = name.Trim().ToLowerInvariant() switch
        {
            "adam" => new Adam(),
            "adamw" => new AdamW(),
            "rmsprop" => new RmsProp(),
            "sgd" => new Sgd(),
            _ => throw new ArgumentException($"Unknown optimizer '{name}'. Valid optimizers: {string.Join(", ", Names)}.", nameof(name)),
        };
        return learningRate is { } lr ? optimizer with { LearningRate = lr } : optimizer;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowOutOfOrderMetadataProperties = true,
    };

    /// <summary>The hyper-parameters as one JSON object, e.g. <c>{"name":"adam","beta_1":0.9,…,"learning_rate":0.001,…}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads <see cref="ToJson"/>'s form; missing fields keep Keras defaults, unknown fields are errors.</summary>
    public static Optimizer FromJson(string json, string source = "<json>")
    {
        Optimizer? optimizer;
        try
        {
            optimizer = JsonSerializer.Deserialize<Optimizer>(json, JsonOptions);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new FormatException(
                $"{source}: not a valid optimizer config ({e.Message}) Expected a JSON object whose \"name\" is one of: {string.Join(", ", Names)}.", e);
        }
        if (optimizer is null) throw new FormatException($"{source}: the optimizer config is null.");
        optimizer.Validate();
        return optimizer;
    }

    /// <summary>Throws when a hyper-parameter is out of range, naming it and the value received.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        Require(problems, "learning_rate", LearningRate, LearningRate > 0, "> 0");
        Require(problems, "weight_decay", WeightDecay, WeightDecay >= 0, ">= 0");
        if (GlobalClipNorm is { } clip) Require(problems, "global_clipnorm", clip, clip > 0, "> 0");
        AddProblems(problems);
        if (problems.Count > 0) throw new ArgumentException($"Optimizer '{Name}': {string.Join("; ", problems)}.");
    }

    /// <summary>Subclasses check their own hyper-parameters with <see cref="Require"/>.</summary>
    protected virtual void AddProblems(List<string> problems) { }

    /// <summary>Adds a problem naming <paramref name="name"/>, its value and <paramref name="expected"/> when <paramref name="ok"/> is false.</summary>
    protected static void Require(List<string> problems, string name, float value, bool ok, string expected)
    {
        if (!ok || !float.IsFinite(value)) problems.Add($"{name} must be finite and {expected}, received {value}");
    }

    /// <summary>Adds a problem when <paramref name="value"/> is outside [0, 1).</summary>
    protected static void RequireFraction(List<string> problems, string name, float value) =>
        Require(problems, name, value, value is >= 0 and < 1, "in [0, 1)");
}
