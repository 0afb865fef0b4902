namespace Onnxdl.Graph;

/// <summary>Element-wise and matrix ops.</summary>
public sealed partial class GraphBuilder
{
    public Var Add(Var a, Var b) => Op("Add", [a, b]);
    public Var Sub(Var a, Var b) => Op("Sub", [a, b]);
    public Var Mul(Var a, Var b) => Op("Mul", [a, b]);
    public Var Div(Var a, Var b) => Op("Div", [a, b]);
    public Var Pow(Var a, Var b) => Op("Pow", [a, b]);
    public Var Max(params Var[] xs) => Op("Max", xs);
    public Var Min(params Var[] xs) => Op("Min", xs);
    public Var Sum(params Var[] xs) => xs.Length == 1 ? xs[0] : Op("Sum", xs);
    public Var Neg(Var x) => Op("Neg", [x]);
    public Var Abs(Var x) => Op("Abs", [x]);
    public Var Sign(Var x) => Op("Sign", [x]);
    public Var Exp(Var x) => Op("Exp", [x]);
    public Var Log(Var x) => Op("Log", [x]);
    public Var Sqrt(Var x) => Op("Sqrt", [x]);
    public Var Reciprocal(Var x) => Op("Reciprocal", [x]);
    public Var Relu(Var x) => Op("Relu", [x]);
    public Var Sigmoid(Var x) => Op("Sigmoid", [x]);
    public Var Tanh(Var x) => Op("Tanh", [x]);
    public Var LeakyRelu(Var x, float alpha) => Op("LeakyRelu", [x], Attr.Float("alpha", alpha));
    public Var Softmax(Var x, long axis = -1) => Op("Softmax", [x], Attr.Int("axis", axis));
    public Var LogSoftmax(Var x, long axis = -1) => Op("LogSoftmax", [x], Attr.Int("axis", axis));
    public Var Identity(Var x) => Op("Identity", [x]);
    public Var Cast(Var x, ElementType to) => Op("Cast", [x], Attr.Int("to", (long)to));

    /// <summary>Clip with optional bounds (inputs since opset 11).</summary>
    public Var Clip(Var x, Var min, Var max) => Op("Clip", [x, min, max]);

    public Var MatMul(Var a, Var b) => Op("MatMul", [a, b]);

    public Var Gemm(Var a, Var b, Var c, bool transA = false, bool transB = false, float alpha = 1f, float beta = 1f)
    {
        var attrs = new List<Attr>();
        if (alpha != 1f) attrs.Add(Attr.Float("alpha", alpha));
        if (beta != 1f) attrs.Add(Attr.Float("beta", beta));
        if (transA) attrs.Add(Attr.Int("transA", 1));
        if (transB) attrs.Add(Attr.Int("transB", 1));
        return Op("Gemm", c.IsNone ? [a, b] : [a, b, c], [.. attrs]);
    }

    public Var Equal(Var a, Var b) => Op("Equal", [a, b]);
    public Var Greater(Var a, Var b) => Op("Greater", [a, b]);
    public Var Less(Var a, Var b) => Op("Less", [a, b]);
    public Var Not(Var x) => Op("Not", [x]);
    public Var Where(Var condition, Var whenTrue, Var whenFalse) => Op("Where", [condition, whenTrue, whenFalse]);
}
