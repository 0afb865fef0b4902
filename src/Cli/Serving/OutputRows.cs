using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// One request's share of a model run's outputs: rows <see cref="RowStart"/>… of each output's first dimension when
/// the run was a merged batch, the whole tensors when <see cref="Rows"/> is null. The outputs are not copied.
/// </summary>
internal sealed record OutputRows(IReadOnlyDictionary<string, TensorData> Outputs, int RowStart, int? Rows)
{
    /// <summary>The request's dims of <paramref name="output"/> and its range of elements in the run's flat data.</summary>
    public (long[] Dims, int Start, int Count) Slice(TensorData output)
    {
        if (Rows is not { } rows) return (output.Dims, 0, output.Data.Length);
        var rowElements = (int)(output.ElementCount / output.Dims[0]);
        return ([rows, .. output.Dims[1..]], RowStart * rowElements, rows * rowElements);
    }
}
