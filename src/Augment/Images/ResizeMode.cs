namespace Onnxdl.Augment;

/// <summary>How an image is brought to the target width × height.</summary>
public enum ResizeMode
{
    /// <summary>Scale each axis independently; the aspect ratio is not kept.</summary>
    Stretch,
    /// <summary>Keep the aspect ratio, fit inside the target and pad the rest with zeros (centered).</summary>
    Letterbox,
    /// <summary>Keep the aspect ratio, cover the target and cut the overhang (centered).</summary>
    CenterCrop,
}
