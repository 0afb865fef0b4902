using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>Checks names, element types and shapes before native code sees the data.</summary>
internal static class InputValidation
{
    public static void Check(string model, IReadOnlyList<ValueInfo> expected, IReadOnlyDictionary<string, TensorData> given)
    {
        foreach (var name in given.Keys.Where(n => expected.All(e => e.Name != n)))
            throw new ArgumentException($"{model} has no input '{name}'. Its inputs: {string.Join(", ", expected.Select(Describe))}.");
        foreach (var input in expected)
        {
            if (!given.TryGetValue(input.Name, out var data))
                throw new ArgumentException($"{model}: input '{input.Name}' ({input.Type}) was not given.");
            CheckOne(model, input, data);
        }
    }

    private static void CheckOne(string model, ValueInfo input, TensorData data)
    {
        var type = OrtValues.ElementTypeOf(data.Data);
        if (type != input.Type.ElementType)
            throw new ArgumentException($"{model}: input '{input.Name}' expects {input.Type.ElementType.OnnxName()}, received {type.OnnxName()}.");
        if (data.Dims.Any(d => d < 0) || data.ElementCount != data.Data.LongLength)
            throw new ArgumentException(
                $"{model}: input '{input.Name}' has dims [{string.Join(",", data.Dims)}] but {data.Data.LongLength} values.");
        if (input.Type.Shape is not { } shape) return;
        var fits = shape.Count == data.Dims.Length && shape.Zip(data.Dims).All(p => p.First.Value is not { } v || v == p.Second);
        if (!fits)
            throw new ArgumentException(
                $"{model}: input '{input.Name}' expects shape [{string.Join(",", shape)}], received [{string.Join(",", data.Dims)}].");
    }

    private static string Describe(ValueInfo v) => $"{v.Name} {v.Type}";
}
