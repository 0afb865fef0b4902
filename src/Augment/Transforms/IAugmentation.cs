using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Anything <see cref="AugmentationParser.Parse"/> can produce: a per-image or a per-batch augmentation.</summary>
public interface IAugmentation;
