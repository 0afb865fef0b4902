using System.Runtime.CompilerServices;

namespace Onnxdl.Augment;

/// <summary>Argument checks for augmentation parameters, so a bad value fails where it is given
/// (and the parser can name the item) rather than as an odd OpenCV result mid-epoch.</summary>
internal static class Check
{
    public static double Within(double value, double min, double max, [CallerArgumentExpression(nameof(value))] string name = "") =>
        value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {max}]. Received: {value}");

    /// <summary>A share of something that must not be empty: (0, 1].</summary>
    public static double Fraction(double value, [CallerArgumentExpression(nameof(value))] string name = "") =>
        value > 0 && value <= 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in (0, 1]. Received: {value}");

    public static double Positive(double value, [CallerArgumentExpression(nameof(value))] string name = "") =>
        value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive number. Received: {value}");
}
