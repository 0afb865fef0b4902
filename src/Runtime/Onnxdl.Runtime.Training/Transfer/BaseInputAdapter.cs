using OpenCvSharp;

namespace Onnxdl.Runtime;

/// <summary>
/// Turns dataset images (C', H', W' floats in [0, 1]) into what an imported base expects: bilinear resize to its
/// H × W, grey replicated to its channel count, then per-channel (x − mean) / std (e.g. ImageNet statistics).
/// </summary>
internal sealed class BaseInputAdapter
{
    private readonly int[] _from;
    private readonly int[] _to;
    private readonly float[] _mean;
    private readonly float[] _std;

    /// <param name="from">Per-sample (C, H, W) of the data; C must be 1 or equal the base's.</param>
    /// <param name="to">Per-sample (C, H, W) of the base input.</param>
    /// <param name="mean">Per-channel mean to subtract for the base, or null for none.</param>
    /// <param name="std">Per-channel standard deviation to divide by, or null for none.</param>
    public BaseInputAdapter(int[] from, int[] to, float[]? mean = null, float[]? std = null)
    {
        if (from.Length != 3 || to.Length != 3)
            throw new ArgumentException($"Base input adaptation needs image shapes (C, H, W); data {Format(from)}, base {Format(to)}.");
        if (from[0] != 1 && from[0] != to[0])
            throw new ArgumentException($"Data has {from[0]} channels, the base wants {to[0]}: only grey (1) can be expanded.");
        _mean = PerChannel(mean ?? [0f], to[0], "mean");
        _std = PerChannel(std ?? [1f], to[0], "std");
        (_from, _to) = (from, to);
    }

    public int InputSize => _from[0] * _from[1] * _from[2];
    public int OutputSize => _to[0] * _to[1] * _to[2];

    /// <summary>Per-sample (C, H, W) of the base input.</summary>
    public int[] OutputShape => [.. _to];

    /// <summary>Adapts one sample into <paramref name="output"/> (length <see cref="OutputSize"/>).</summary>
    public void Adapt(ReadOnlySpan<float> sample, Span<float> output)
    {
        var (c, h, w) = (_from[0], _from[1], _from[2]);
        var plane = _to[1] * _to[2];
        using var src = new Mat(h, w, MatType.CV_32FC1);
        using var dst = new Mat();
        for (var k = 0; k < _to[0]; k++)
        {
            var channel = c == 1 ? 0 : k;
            src.SetArray(sample.Slice(channel * h * w, h * w).ToArray());
            Cv2.Resize(src, dst, new Size(_to[2], _to[1]), 0, 0, InterpolationFlags.Linear);
            dst.GetArray(out float[] resized);
            var target = output.Slice(k * plane, plane);
            for (var i = 0; i < plane; i++) target[i] = (resized[i] - _mean[k]) / _std[k];
        }
    }

    private static float[] PerChannel(float[] values, int channels, string what) =>
        values.Length == 1 ? [.. Enumerable.Repeat(values[0], channels)]
        : values.Length == channels ? values
        : throw new ArgumentException($"{what} has {values.Length} values; the base has {channels} channels (give 1 or {channels}).");

    private static string Format(int[] shape) => $"({string.Join(", ", shape)})";
}
