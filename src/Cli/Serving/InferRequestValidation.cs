using Onnxdl.Graph;

namespace Onnxdl.Cli;

/// <summary>
/// Checks an inference request against its model before it joins a batch, so a malformed request gets its own 400
/// and never reaches a merged run: every input given once with the model's datatype and a shape that fits, the same
/// number of rows in every input of a batched model, and only outputs the model has.
/// </summary>
internal static class InferRequestValidation
{
    /// <summary>Returns the request's rows (its inputs' first dimension; 0 for a model without a batch dimension).</summary>
    public static int Check(ServedModel model, InferRequest request)
    {
        var expected = model.Predictor.Inputs;
        foreach (var given in request.Inputs)
        {
            if (expected.All(e => e.Name != given.Name))
                throw new UsageException($"Model '{model.Name}' has no input '{given.Name}'; its inputs: {Describe(expected)}.");
            if (request.Inputs.Count(i => i.Name == given.Name) > 1)
                throw new UsageException($"Input '{given.Name}' is given more than once.");
        }
        foreach (var input in expected)
        {
            var given = request.Inputs.FirstOrDefault(i => i.Name == input.Name)
                ?? throw new UsageException($"Model '{model.Name}' needs input '{input.Name}' ({Describe(input)}); the request does not give it.");
            CheckOne(model, input, given);
        }
        foreach (var output in request.Outputs.Where(o => model.Predictor.Outputs.All(m => m.Name != o.Name)))
            throw new UsageException($"Model '{model.Name}' has no output '{output.Name}'; its outputs: {Describe(model.Predictor.Outputs)}.");
        return model.HasBatchDimension ? Rows(request) : 0;
    }

    private static void CheckOne(ServedModel model, ValueInfo input, RequestTensor given)
    {
        if (given.Type != input.Type.ElementType)
            throw new UsageException($"Model '{model.Name}': input '{input.Name}' expects {DatatypeOf(input)}, received {TensorDatatype.NameOf(given.Type)}.");
        if (input.Type.Shape is not { } shape) return;
        var fits = shape.Count == given.Shape.Length && shape.Zip(given.Shape).All(p => p.First.Value is not { } v || v == p.Second);
        if (!fits)
            throw new UsageException($"Model '{model.Name}': input '{input.Name}' expects shape {ShapeOf(input)}, received {given.ShapeText}.");
    }

    private static int Rows(InferRequest request)
    {
        var rows = request.Inputs[0].Shape[0];
        if (request.Inputs.Any(i => i.Shape[0] != rows))
            throw new UsageException($"The inputs' first (batch) dimensions differ: {string.Join(", ", request.Inputs.Select(i => $"{i.Name} {i.ShapeText}"))}.");
        return checked((int)rows);
    }

    private static string Describe(IReadOnlyList<ValueInfo> values) => string.Join(", ", values.Select(v => $"{v.Name} {Describe(v)}"));

    private static string Describe(ValueInfo value) => $"{DatatypeOf(value)}{ShapeOf(value)}";

    /// <summary>The protocol's datatype of <paramref name="value"/>, or its ONNX type when the protocol has none here.</summary>
    public static string DatatypeOf(ValueInfo value) => TensorDatatype.NameOf(value.Type.ElementType) ?? value.Type.ElementType.OnnxName();

    /// <summary>The protocol's shape of <paramref name="value"/>: fixed dims as numbers, dynamic ones as -1.</summary>
    public static string ShapeOf(ValueInfo value) => $"[{string.Join(",", value.Type.Dims)}]";
}
