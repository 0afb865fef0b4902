namespace Onnxdl.Graph.Losses;

/// <summary>Shapes int64 class-index targets for losses and metrics that index predictions [N, C].</summary>
internal static class SparseLabels
{
    /// <summary>Labels as [N, 1] (GatherElements indices): [N] is unsqueezed, a known [N, 1] passes through.</summary>
    public static Var AsColumn(GraphBuilder b, Var labels, string user) =>
        KnownRank(b, labels, user) == 2 ? labels : b.Unsqueeze(labels, 1);

    /// <summary>Labels as [N] (to compare with ArgMax): a known [N, 1] is squeezed, [N] passes through.</summary>
    public static Var AsVector(GraphBuilder b, Var labels, string user) =>
        KnownRank(b, labels, user) == 2 ? b.Squeeze(labels, 1) : labels;

    /// <summary>The rank when the graph knows the type (checking it is int64 indices), else null (assumed [N]).</summary>
    private static int? KnownRank(GraphBuilder b, Var labels, string user)
    {
        var type = b.Graph.TypeOf(labels.Name);
        if (type is null) return null;
        if (type.ElementType != ElementType.Int64)
            throw new ArgumentException(
                $"{user}: target '{labels}' must hold int64 class indices, received {type}.");
        if (type.Shape is { Count: not (1 or 2) })
            throw new ArgumentException(
                $"{user}: target '{labels}' must be class indices of shape [N] or [N, 1], received {type}.");
        return type.Shape?.Count;
    }
}
