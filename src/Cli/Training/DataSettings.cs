using Onnxdl.Augment;

namespace Onnxdl.Cli;

/// <summary>How <c>onnxdl train</c> reads its data: <see cref="Cache"/> decodes image files into memory instead of streaming them;
/// <see cref="Pipeline"/> sets the decoding threads; <see cref="BadFiles"/> stops at or skips undecodable images.</summary>
internal sealed record DataSettings(bool Cache, PipelineOptions Pipeline, BadFiles BadFiles);
