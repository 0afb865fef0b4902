namespace Onnxdl.Graph;

/// <summary>Element-wise and matrix ops.</summary>
public sealed partial class GraphBuilder
{
    /// <summary>Adds <c>Add</c>: a + b, element-wise with NumPy broadcasting; returns the output.</summary>
    public Var Add(Var a, Var b) => Op("Add", [a, b]);
    /// <summary>Adds <c>Sub</c>: a − b, element-wise with broadcasting.</summary>
    public Var Sub(Var a, Var b) => Op("Sub", [a, b]);
    /// <summary>Adds <c>Mul</c>: a × b, element-wise with broadcasting.</summary>
    public Var Mul(Var a, Var b) => Op("Mul", [a, b]);
    /// <summary>Adds <c>Div</c>: a ÷ b, element-wise with broadcasting.</summary>
    public Var Div(Var a, Var b) => Op("Div", [a, b]);
    /// <summary>Adds <c>Pow</c>: a raised to b, element-wise with broadcasting.</summary>
    public Var Pow(Var a, Var b) => Op("Pow", [a, b]);
    /// <summary>Adds <c>Max</c>: the element-wise maximum of all inputs.</summary>
    public Var Max(params Var[] xs) => Op("Max", xs);
    /// <summary>Adds <c>Min</c>: the element-wise minimum of all inputs.</summary>
    public Var Min(params Var[] xs) => Op("Min", xs);
    /// <summary>Adds <c>Sum</c> of all inputs (a single input is returned as is, with no node).</summary>
    public Var Sum(params Var[] xs) => xs.Length == 1 ? xs[0] : Op("Sum", xs);
    /// <summary>Adds <c>Neg</c>: −x.</summary>
    public Var Neg(Var x) => Op("Neg", [x]);
    /// <summary>Adds <c>Abs</c>: |x|.</summary>
    public Var Abs(Var x) => Op("Abs", [x]);
    /// <summary>Adds <c>Sign</c>: −1, 0 or 1 per element.</summary>
    public Var Sign(Var x) => Op("Sign", [x]);
    /// <summary>Adds <c>Exp</c>: eˣ.</summary>
    public Var Exp(Var x) => Op("Exp", [x]);
    /// <summary>Adds <c>Log</c>: the natural logarithm.</summary>
    public Var Log(Var x) => Op("Log", [x]);
    /// <summary>Adds <c>Sqrt</c>: √x.</summary>
    public Var Sqrt(Var x) => Op("Sqrt", [x]);
    /// <summary>Adds <c>Reciprocal</c>: 1 / x.</summary>
    public Var Reciprocal(Var x) => Op("Reciprocal", [x]);
    /// <summary>Adds <c>Relu</c>: max(x, 0).</summary>
    public Var Relu(Var x) => Op("Relu", [x]);
    /// <summary>Adds <c>Sigmoid</c>: 1 / (1 + e⁻ˣ).</summary>
    public Var Sigmoid(Var x) => Op("Sigmoid", [x]);
    /// <summary>Adds <c>Tanh</c>.</summary>
    public Var Tanh(Var x) => Op("Tanh", [x]);
    /// <summary>Adds <c>LeakyRelu</c>: x for x ≥ 0, <paramref name="alpha"/> · x below.</summary>
    public Var LeakyRelu(Var x, float alpha) => Op("LeakyRelu", [x], Attr.Float("alpha", alpha));
    /// <summary>Adds <c>Softmax</c> over <paramref name="axis"/>.</summary>
    public Var Softmax(Var x, long axis = -1) => Op("Softmax", [x], Attr.Int("axis", axis));
    /// <summary>Adds <c>LogSoftmax</c> over <paramref name="axis"/>.</summary>
    public Var LogSoftmax(Var x, long axis = -1) => Op("LogSoftmax", [x], Attr.Int("axis", axis));
    /// <summary>Adds <c>Identity</c>: a copy of x under a new name.</summary>
    public Var Identity(Var x) => Op("Identity", [x]);
    /// <summary>Adds <c>Cast</c> to element type <paramref name="to"/>.</summary>
    public Var Cast(Var x, ElementType to) => Op("Cast", [x], Attr.Int("to", (long)to));

    /// <summary>Clip with optional bounds (inputs since opset 11).</summary>
    public Var Clip(Var x, Var min, Var max) => Op("Clip", [x, min, max]);

    /// <summary>Adds <c>MatMul</c>: the matrix product, batched over leading dimensions.</summary>
    public Var MatMul(Var a, Var b) => Op("MatMul", [a, b]);

    /// <summary>Adds <c>Gemm</c>: alpha · op(a) · op(b) + beta · c, where op transposes when asked; a and b are 2-D.</summary>
    public Var Gemm(Var a, Var b, Var c, bool transA = false, bool transB = false, float alpha = 1f, float beta = 1f)
    {
        var attrs = new List<Attr>();
        if (alpha != 1f) attrs.Add(Attr.Float("alpha", alpha));
        if (beta != 1f) attrs.Add(Attr.Float("beta", beta));
        if (transA) attrs.Add(Attr.Int("transA", 1));
        if (transB) attrs.Add(Attr.Int("transB", 1));
        return Op("Gemm", c.IsNone ? [a, b] : [a, b, c], [.. attrs]);
    }

    /// <summary>Adds <c>Equal</c>: a bool tensor, element-wise with broadcasting.</summary>
    public Var Equal(Var a, Var b) => Op("Equal", [a, b]);
    /// <summary>Adds <c>Greater</c>: a &gt; b as a bool tensor.</summary>
    public Var Greater(Var a, Var b) => Op("Greater", [a, b]);
    /// <summary>Adds <c>Less</c>: a &lt; b as a bool tensor.</summary>
    public Var Less(Var a, Var b) => Op("Less", [a, b]);
    /// <summary>Adds <c>Not</c> of a bool tensor.</summary>
    public Var Not(Var x) => Op("Not", [x]);
    /// <summary>Adds <c>Where</c>: <paramref name="whenTrue"/> where <paramref name="condition"/> holds, else <paramref name="whenFalse"/>.</summary>
    public Var Where(Var condition, Var whenTrue, Var whenFalse) => Op("Where", [condition, whenTrue, whenFalse]);
}
