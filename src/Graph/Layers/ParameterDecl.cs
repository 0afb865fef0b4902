namespace Onnxdl.Graph.Layers;

/// <summary>A parameter a layer declares: name suffix (<c>kernel</c>), shape, trainability and initializer.</summary>
public sealed record ParameterDecl(string Suffix, long[] Shape, bool Trainable, ParameterInit Init);
