namespace Onnxdl.Augment;

/// <summary>The mirror axis of <see cref="RandomFlip"/>.</summary>
public enum FlipAxis
{
    /// <summary>Mirror left ↔ right.</summary>
    Horizontal,
    /// <summary>Mirror top ↔ bottom.</summary>
    Vertical,
}
