namespace Onnxdl.Graph.Layers;

/// <summary>Creates a parameter's initial tensor from its <see cref="ParameterInit"/>.</summary>
internal static class ParameterValues
{
    public static Tensor Create(ParameterInfo info, ParameterInit init, long seed)
    {
        var values = new float[info.Count];
        switch (init)
        {
            case ParameterInit.Constant c:
                Array.Fill(values, c.Value);
                break;
            case ParameterInit.GlorotUniform g:
                // Each parameter has its own stream (seed, name): adding a layer does not change the others.
                var rng = SplitMix64.For(seed, info.Name);
                var limit = (float)g.Limit;
                for (var i = 0; i < values.Length; i++) values[i] = (2 * rng.NextFloat() - 1) * limit;
                break;
            default:
                throw new NotSupportedException($"Parameter '{info.Name}': initializer {init} is not supported.");
        }
        return Tensor.FromFloats(info.Name, info.Shape, values);
    }
}
