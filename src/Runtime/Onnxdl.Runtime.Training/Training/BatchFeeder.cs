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
    public static void Fill(BatchBuffers buffers, Batch batch) => Fill(buffers, batch, 0);

    /// <summary>Fills the buffers with <paramref name="batch"/>'s rows from <paramref name="first"/> on, as many as the buffers hold.</summary>
    public static void Fill(BatchBuffers buffers, Batch batch, int first)
    {
        var rows = buffers.Size;
        batch.FeatureSpan.Slice(first * batch.SampleSize, rows * batch.SampleSize).CopyTo(buffers.Input.Floats);
        if (buffers.Target is not { } target) return;
        var labels = batch.LabelSpan.Slice(first * batch.NumClasses, rows * batch.NumClasses);
        if (target.ElementType == ElementType.Int64) WriteClassIndices(MemoryMarshal.Cast<byte, long>(target.Bytes), labels, rows, batch.NumClasses);
        else labels.CopyTo(target.Floats);
    }

    private static void WriteClassIndices(Span<long> destination, ReadOnlySpan<float> labels, int rows, int classes)
    {
        for (var i = 0; i < rows; i++) destination[i] = TensorPrimitives.IndexOfMax(labels.Slice(i * classes, classes));
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
