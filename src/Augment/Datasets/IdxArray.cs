namespace Onnxdl.Augment;

/// <summary>An IDX array (MNIST's file format): big-endian dimensions and unsigned bytes.</summary>
public sealed record IdxArray(int[] Dimensions, byte[] Data);
