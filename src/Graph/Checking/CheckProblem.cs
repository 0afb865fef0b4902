namespace Onnxdl.Graph;

/// <summary>One thing <see cref="ModelChecker"/> found wrong.</summary>
/// <param name="Kind">What kind of problem (a stable name).</param>
/// <param name="Where">The model part concerned, e.g. <c>node 'add_1' (Add)</c> or <c>graph input 'x'</c>; subgraph parts are prefixed by their owner.</param>
/// <param name="Message">What was wrong and what would be right.</param>
public sealed record CheckProblem(ProblemKind Kind, string Where, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Where}: {Message} [{Kind}]";
}
