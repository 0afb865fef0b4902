using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Resampling filter for resizes; our own names so stored JSON does not depend on OpenCV's enum.</summary>
public enum Interpolation
{
    /// <summary>Pixel-area averaging: the best choice when shrinking (OpenCV INTER_AREA).</summary>
    Area,
    /// <summary>Nearest neighbour (OpenCV INTER_NEAREST).</summary>
    Nearest,
    /// <summary>Bilinear (INTER_LINEAR).</summary>
    Linear,
    /// <summary>Bicubic (INTER_CUBIC).</summary>
    Cubic,
}

internal static class InterpolationExtensions
{
    public static InterpolationFlags ToOpenCv(this Interpolation interpolation) => interpolation switch
    {
        Interpolation.Area => InterpolationFlags.Area,
        Interpolation.Nearest => InterpolationFlags.Nearest,
        Interpolation.Linear => InterpolationFlags.Linear,
        Interpolation.Cubic => InterpolationFlags.Cubic,
        _ => throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, "unknown interpolation"),
    };
}
