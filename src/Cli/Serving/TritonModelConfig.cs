using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Onnxdl.Graph;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// Triton Inference Server's model configuration (<c>config.pbtxt</c>, protobuf text format of <c>ModelConfig</c> in
/// Triton's <c>model_config.proto</c>) for an ONNX model: written by <c>onnxdl repository add</c>, and read back by
/// <c>onnxdl serve --model-repository</c> for its <c>max_batch_size</c>.
/// </summary>
internal static partial class TritonModelConfig
{
    /// <summary>Triton's platform name for ONNX Runtime.</summary>
    public const string Platform = "onnxruntime_onnx";

    /// <summary>The file that holds the labels, one per line, next to <c>config.pbtxt</c>.</summary>
    public const string LabelFile = "labels.txt";

    /// <summary>
    /// The configuration of <paramref name="predictor"/>'s model named <paramref name="name"/>. With a batch dimension
    /// (every input and output's first dim dynamic) and <paramref name="maxBatchSize"/> &gt; 0, dims leave it out and
    /// Triton batches dynamically; otherwise <c>max_batch_size: 0</c> and full dims. Other dynamic dims are -1.
    /// </summary>
    public static string Write(Predictor predictor, string name, int maxBatchSize, bool gpu)
    {
        var batched = maxBatchSize > 0;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"name: \"{name}\"\nplatform: \"{Platform}\"\nmax_batch_size: {maxBatchSize}\n");
        Tensors(text, "input", predictor.Inputs, batched, null);
        Tensors(text, "output", predictor.Outputs, batched, predictor.Labels.Count > 0 ? LabelFile : null);
        if (batched) text.Append("dynamic_batching { }\n");
        text.Append(CultureInfo.InvariantCulture, $"instance_group [\n  {{\n    count: 1\n    kind: {(gpu ? "KIND_GPU" : "KIND_CPU")}\n  }}\n]\n");
        return text.ToString();
    }

    private static void Tensors(StringBuilder text, string field, IReadOnlyList<ValueInfo> values, bool batched, string? labels)
    {
        text.Append(field).Append(" [\n");
        for (var i = 0; i < values.Count; i++)
        {
            var dims = values[i].Type.Dims.Skip(batched ? 1 : 0);
            text.Append(CultureInfo.InvariantCulture, $"  {{\n    name: \"{values[i].Name}\"\n    data_type: TYPE_{InferRequestValidation.DatatypeOf(values[i])}\n");
            text.Append(CultureInfo.InvariantCulture, $"    dims: [ {string.Join(", ", dims)} ]\n");
            // Triton attaches labels to the classification output: the first one.
            if (labels is not null && i == 0) text.Append(CultureInfo.InvariantCulture, $"    label_filename: \"{labels}\"\n");
            text.Append(i == values.Count - 1 ? "  }\n" : "  },\n");
        }
        text.Append("]\n");
    }

    /// <summary>The top-level <c>max_batch_size</c> of <paramref name="config"/>; null when absent (Triton's default, 0).</summary>
    public static int? MaxBatchSize(string config, string source)
    {
        var match = TopLevelMaxBatchSize().Match(config);
        if (!match.Success) return null;
        return int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"{source}: max_batch_size must be a whole number ≥ 0, found '{match.Groups[1].Value}'.");
    }

    [GeneratedRegex(@"^max_batch_size\s*:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelMaxBatchSize();
}
