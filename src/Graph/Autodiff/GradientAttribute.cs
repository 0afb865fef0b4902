namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// Marks a static method <c>Var?[] Rule(GradContext g)</c> as the gradient rule of <see cref="OpType"/>.
/// With <see cref="Broadcasts"/>, the core reduces each returned gradient back to its input's shape.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
internal sealed class GradientAttribute(string opType) : Attribute
{
    public string OpType { get; } = opType;
    public bool Broadcasts { get; init; }
}
