using System.Runtime.InteropServices;
using Onnxdl.Augment;
using Onnxdl.Graph;
using Onnxdl.Graph.Layers;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Onnxdl.Runtime;

/// <summary>
/// Copies an <see cref="Batch"/> into a step's pinned buffers: features as they are, targets as floats
/// (one-hot or regression values) or, for an int64 target input, as class indices (argmax of the row).
/// </summary>
internal static class BatchFeeder
{
    public static void Fill(BatchBuffers buffers, Batch batch)
    {
        batch.FeatureSpan.CopyTo(buffers.Input.Floats);
        if (buffers.Target is not { } target) return;
        if (target.ElementType == ElementType.Int64) WriteClassIndices(MemoryMarshal.Cast<byte, long>(target.Bytes), batch);
        else batch.LabelSpan.CopyTo(target.Floats);
    }

    private static void WriteClassIndices(Span<long> destination, Batch batch)
    {
        var labels = batch.LabelSpan;
        for (var i = 0; i < batch.Count; i++) destination[i] = TensorPrimitives.IndexOfMax(labels.Slice(i * batch.NumClasses, batch.NumClasses));
    }

    /// <summary>Checks the data fits the model before the first step, naming both shapes when not.</summary>
    public static void CheckFits(IBatchSource data, INetwork network, string what)
    {
        var input = SampleShape(network);
        if (!input.SequenceEqual(data.SampleShape))
            throw new ArgumentException(
                $"{what}: samples have shape ({string.Join(",", data.SampleShape)}), the model's input 'input' expects ({string.Join(",", input)}).");
        if (network.OutputType.Shape is [_, { Value: { } width }] && width != data.NumClasses)
            throw new ArgumentException(
                $"{what}: targets have {data.NumClasses} values (classes) per sample, the model's output 'output' has {width}.");
    }

    /// <summary>The per-sample input shape of <paramref name="network"/> (its input type without the batch dimension).</summary>
    public static int[] SampleShape(INetwork network) =>
        [.. network.InputType.Shape!.Skip(1).Select(d => (int)(d.Value ?? throw new ArgumentException(
            $"Model '{network.Name}': input dimension '{d}' has no size; every per-sample dimension must be static.")))];
}
