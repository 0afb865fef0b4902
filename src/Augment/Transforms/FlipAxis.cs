namespace Onnxdl.Augment;

public enum FlipAxis
{
    /// <summary>Mirror left ↔ right.</summary>
    Horizontal,
    /// <summary>Mirror top ↔ bottom.</summary>
    Vertical,
}
