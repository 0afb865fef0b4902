using System.Runtime.InteropServices;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// Runs validated requests as one session run: each input's bytes are copied once, request after request, into one
/// array along the first (batch) dimension; the outputs are handed back as row ranges, not copied.
/// </summary>
internal static class BatchExecution
{
    /// <summary>One request on its own: its tensors' shapes as given, whole outputs back.</summary>
    public static OutputRows RunAlone(Predictor predictor, InferRequest request) =>
        new(predictor.Run(Inputs(predictor, [request], merged: false)), 0, null);

    /// <summary>Requests merged along the first dimension (<paramref name="rows"/>[i] rows each) into one run.</summary>
    public static OutputRows[] RunMerged(Predictor predictor, IReadOnlyList<InferRequest> requests, IReadOnlyList<int> rows)
    {
        var outputs = predictor.Run(Inputs(predictor, requests, merged: true));
        var total = rows.Sum();
        foreach (var (name, tensor) in outputs)
        {
            if (tensor.Dims.Length == 0 || tensor.Dims[0] != total)
                throw new InvalidOperationException($"{predictor.Name}: output '{name}' has dims [{string.Join(",", tensor.Dims)}] for a batch of {total}; its first dimension must be the batch.");
        }
        var results = new OutputRows[requests.Count];
        for (int i = 0, start = 0; i < requests.Count; start += rows[i], i++) results[i] = new OutputRows(outputs, start, rows[i]);
        return results;
    }

    private static Dictionary<string, TensorData> Inputs(Predictor predictor, IReadOnlyList<InferRequest> requests, bool merged)
    {
        var inputs = new Dictionary<string, TensorData>(predictor.Inputs.Count);
        foreach (var input in predictor.Inputs)
        {
            var parts = requests.Select(r => r.Inputs.First(t => t.Name == input.Name)).ToArray();
            var type = input.Type.ElementType;
            var bytes = parts.Sum(p => p.Bytes.Length);
            var data = TensorDatatype.NewArray(type, bytes / TensorDatatype.SizeOf(type));
            var target = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(data), bytes);
            var offset = 0;
            foreach (var part in parts)
            {
                part.Bytes.Span.CopyTo(target[offset..]);
                offset += part.Bytes.Length;
            }
            long[] dims = merged ? [parts.Sum(p => p.Shape[0]), .. parts[0].Shape[1..]] : parts[0].Shape;
            inputs[input.Name] = new TensorData(dims, data);
        }
        return inputs;
    }
}
