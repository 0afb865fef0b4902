using System.Text.Json;
using System.Text.Json.Serialization;
using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>
/// How raw images become a model's input tensor: decode → channels (1 grey, 3 RGB, 4 RGBA;
/// 0 = as stored) → resize to Width × Height → float × <see cref="Scale"/> → (x − Mean[c]) / Std[c]
/// → CHW. Stored as compact JSON in a model's metadata_props (key onnxdl.preprocessing, which the model writers own) so
/// inference can rebuild exactly what training used. 16-bit images are mapped onto the 8-bit
/// range first, so the default scale 1/255 gives [0, 1] for both depths.
/// </summary>
public sealed record Preprocessing(int Width, int Height, int Channels)
{
    /// <summary>How the image is fitted to Width × Height (default: stretch).</summary>
    public ResizeMode Resize { get; init; } = ResizeMode.Stretch;
    /// <summary>The resampling filter for resizing (default: area, OpenCV INTER_AREA).</summary>
    public Interpolation Interpolation { get; init; } = Interpolation.Area;
    /// <summary>The factor applied to pixel values before normalization (default 1/255: 8-bit to [0, 1]).</summary>
    public float Scale { get; init; } = 1f / 255f;
    /// <summary>Per-channel mean subtracted after scaling; empty = 0.</summary>
    public float[] Mean { get; init; } = [];
    /// <summary>Per-channel standard deviation divided by after the mean; empty = 1.</summary>
    public float[] Std { get; init; } = [];

    /// <summary>C, H, W of one preprocessed sample.</summary>
    [JsonIgnore]
    public int[] SampleShape => [Channels, Height, Width];
    /// <summary>Floats per preprocessed sample: Channels × Height × Width.</summary>
    [JsonIgnore]
    public int SampleSize => Channels * Height * Width;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Compact JSON, the form stored in model metadata (<see cref="FromJson"/> reads it back).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// Rebuilds a description written by <see cref="ToJson"/>; throws <see cref="DataException"/> naming
    /// <paramref name="source"/> (where the JSON came from, e.g. a model's metadata key) on bad JSON or values.
    /// </summary>
    public static Preprocessing FromJson(string json, string source = "preprocessing")
    {
        Preprocessing? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<Preprocessing>(json, Json);
        }
        catch (JsonException e)
        {
            throw new DataException($"'{source}' is not valid preprocessing JSON: {e.Message}. Received: {json}", source, e);
        }
        if (parsed is null) throw new DataException($"'{source}' is null; expected a JSON object.", source);
        parsed.Validate();
        return parsed;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent value.</summary>
    public void Validate()
    {
        if (Width <= 0 || Height <= 0)
            throw new ArgumentException($"Preprocessing size must be positive. Received: width={Width}, height={Height}");
        if (Channels is not (0 or 1 or 3 or 4))
            throw new ArgumentException($"Preprocessing channels must be 1 (grey), 3 (RGB), 4 (RGBA) or 0 (as stored). Received: channels={Channels}");
        if (!float.IsFinite(Scale) || Scale == 0)
            throw new ArgumentException($"Preprocessing scale must be finite and non-zero. Received: scale={Scale}");
        CheckPerChannel(Mean, nameof(Mean));
        CheckPerChannel(Std, nameof(Std));
        if (Std.Any(s => !(s > 0)))
            throw new ArgumentException($"Preprocessing std values must be > 0. Received: std=[{string.Join(", ", Std)}]");
    }

    private void CheckPerChannel(float[] values, string name)
    {
        if (values.Length != 0 && values.Length != Channels)
            throw new ArgumentException($"Preprocessing {name.ToLowerInvariant()} needs one value per channel ({Channels}) or none. Received: {values.Length} values");
    }

    /// <summary>Decodes <paramref name="file"/> and writes the model input into <paramref name="chw"/> (length ≥ <see cref="SampleSize"/>).</summary>
    public void Apply(string file, Span<float> chw)
    {
        using var scope = new MatScope();
        Apply(scope.Own(Decode(file)), chw);
    }

    /// <summary>Decodes encoded bytes (<paramref name="name"/> appears in errors) into <paramref name="chw"/>.</summary>
    public void Apply(ReadOnlySpan<byte> encoded, Span<float> chw, string name = "<bytes>")
    {
        using var scope = new MatScope();
        Apply(scope.Own(ImageDecoder.Decode(encoded, name, DecodeMode)), chw);
    }

    /// <summary>Preprocesses an already decoded BGR(A)/grey image (8- or 16-bit) into <paramref name="chw"/>.</summary>
    public void Apply(Mat decoded, Span<float> chw)
    {
        if (Channels == 0)
            throw new InvalidOperationException("Preprocessing with channels=0 (as stored) cannot fill a fixed-size tensor; set Channels (ImageFolder.Load resolves it).");
        Validate(); // a few comparisons; keeps a zero size or bad std from reaching OpenCV's asserts
        ImageDecoder.CheckDecoded(decoded, "<Mat>");
        using var scope = new MatScope();
        var scaled = scope.New();
        ToScaledFloat(decoded, scaled);
        Normalize(scaled, chw);
    }

    /// <summary>
    /// For grey targets the decoder produces grey itself (same 0.299/0.587/0.114 weights): a JPEG
    /// then skips its colour conversion and the resize works on one channel, about twice as fast
    /// overall. AnyDepth keeps 16-bit samples 16-bit.
    /// </summary>
    private ImreadModes DecodeMode => Channels == 1 ? ImreadModes.Grayscale | ImreadModes.AnyDepth : ImreadModes.Unchanged;

    /// <summary>Decodes a file the way this preprocessing needs it; the caller owns the Mat.</summary>
    internal Mat Decode(string file) => ImageDecoder.Decode(file, DecodeMode);

    /// <summary>Steps before augmentation: channels, resize and scaling into a CV_32F HWC image.</summary>
    internal void ToScaledFloat(Mat decoded, Mat dst)
    {
        using var scope = new MatScope();
        var resized = scope.New();
        var converted = scope.New();
        // Resizing first is cheaper for the usual downscale; both steps are linear, so the
        // order changes results only by rounding.
        Resizer.Resize(decoded, resized, Width, Height, Resize, Interpolation);
        ImageConvert.ToChannels(resized, converted, Channels);
        ImageConvert.ToFloat(converted, dst, Scale);
    }

    /// <summary>Steps after augmentation: per-channel mean/std and HWC → CHW.</summary>
    internal void Normalize(Mat scaled, Span<float> chw) => ChwLayout.Write(scaled, Mean, Std, chw);

    /// <summary>Value equality including the Mean and Std arrays' contents.</summary>
    public bool Equals(Preprocessing? other) =>
        other is not null && Width == other.Width && Height == other.Height && Channels == other.Channels &&
        Resize == other.Resize && Interpolation == other.Interpolation && Scale == other.Scale &&
        Mean.AsSpan().SequenceEqual(other.Mean) && Std.AsSpan().SequenceEqual(other.Std);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Width, Height, Channels, Resize, Interpolation, Scale, Mean.Length, Std.Length);
}
