namespace Onnxdl.Cli;

/// <summary>
/// A parsed <c>POST /v2/models/{name}/infer</c>: the request's <c>id</c>, inputs, requested outputs (empty = all) and
/// its <c>binary_data_output</c> parameter. Owns the pooled body and tensor buffers until disposed.
/// </summary>
internal sealed class InferRequest(string? id, IReadOnlyList<RequestTensor> inputs, IReadOnlyList<RequestedOutput> outputs,
    bool binaryOutput, IReadOnlyList<PooledBuffer> buffers) : IDisposable
{
    public string? Id { get; } = id;
    public IReadOnlyList<RequestTensor> Inputs { get; } = inputs;
    public IReadOnlyList<RequestedOutput> Outputs { get; } = outputs;
    public bool BinaryOutput { get; } = binaryOutput;

    public void Dispose()
    {
        foreach (var buffer in buffers) buffer.Dispose();
    }
}
