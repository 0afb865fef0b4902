using Onnxdl.Graph.Tests.Support;
using Onnxdl.Graph;
using Onnxdl.Graph.Autodiff;

namespace Onnxdl.Graph.Tests.Autodiff;

/// <summary>A graph input for a gradient check: its run-time shape and values, and how its shape is declared.</summary>
internal sealed record Arg(string Name, long[] Shape, double[] Values, bool Differentiate = true, bool SymbolicBatch = false, bool UnknownShape = false)
{
    public static Arg Random(string name, long[] shape, int seed, double lo = -1, double hi = 1) =>
        new(name, shape, Rand(Tensor.ElementCount(shape), seed, lo, hi));

    /// <summary>Shuffled values 0.05 apart, so a ±1e-2 perturbation never changes which element is a maximum.</summary>
    public static Arg Distinct(string name, long[] shape, int seed)
    {
        var count = (int)Tensor.ElementCount(shape);
        var values = Enumerable.Range(0, count).Select(i => (i - count / 2) * 0.05).ToArray();
        new Random(seed).Shuffle(values);
        return new(name, shape, values);
    }

    public static double[] Rand(long count, int seed, double lo = -1, double hi = 1)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, (int)count).Select(_ => lo + (hi - lo) * rng.NextDouble()).ToArray();
    }

    public TensorType Declared(ElementType type) => UnknownShape ? new TensorType(type, null)
        : new TensorType(type, Shape.Select((d, i) => i == 0 && SymbolicBatch ? Dim.Batch : Dim.Of(d)).ToArray());
}

/// <summary>Tolerances for comparing analytic and central-difference gradients.</summary>
internal sealed record Tolerance(double Eps, double Atol, double Rtol)
{
    /// <summary>float64: central differences are accurate to ~eps² ≈ 1e-12 plus rounding ≈ 1e-16/eps.</summary>
    public static readonly Tolerance Double = new(1e-6, 1e-6, 1e-5);

    /// <summary>
    /// float32 (ops with no double kernel on ORT CPU): rounding in a loss of magnitude ~10 is ~1e-6, so the
    /// difference quotient carries ~1e-4 noise at eps = 1e-2, and truncation adds ~eps²·f''' ≈ 1e-4.
    /// </summary>
    public static readonly Tolerance Float = new(1e-2, 3e-3, 2e-2);
}

/// <summary>
/// Checks d loss/d input for loss = Σ f(inputs) ⊙ R (fixed random R) against central finite differences,
/// each perturbed forward pass run by ORT.
/// </summary>
internal static class GradCheck
{
    public static IReadOnlyDictionary<string, double[]> Check(Func<GraphBuilder, Var[], Var> f, Arg[] args,
        ElementType type = ElementType.Double, Tolerance? tolerance = null, long opset = OnnxModel.DefaultOpset,
        GradientTarget target = GradientTarget.Cpu)
    {
        var tol = tolerance ?? (type == ElementType.Double ? Tolerance.Double : Tolerance.Float);
        var feeds = args.Select(a => (a.Name, a.Shape, a.Values)).ToList();

        var probe = new GraphBuilder("probe", opset);
        probe.Output(f(probe, Inputs(probe, args, type)), new TensorType(type, null), "out");
        long[] outShape;
        using (var ort = new Ort(new OnnxModel(probe.Graph, opset))) outShape = ort.Run(feeds, "out")[0].Shape;

        var b = new GraphBuilder("check", opset);
        var output = f(b, Inputs(b, args, type));
        var r = Arg.Rand(Tensor.ElementCount(outShape), 12345);
        var weights = b.Constant(type == ElementType.Double ? Tensor.FromDoubles("R", outShape, r)
            : Tensor.FromFloats("R", outShape, Array.ConvertAll(r, v => (float)v)));
        var loss = b.Output(b.ReduceSum(b.Mul(output, weights), keepDims: false), new TensorType(type, []), "loss");
        var wrt = args.Where(a => a.Differentiate).Select(a => a.Name).ToArray();
        var grads = Gradients.Build(b, loss, wrt, new GradientOptions(Target: target));
        foreach (var name in wrt) b.Output(grads[name], new TensorType(type, null), "grad_" + name);

        using var session = new Ort(new OnnxModel(b.Graph, opset));
        var analytic = session.Run(feeds, [.. wrt.Select(n => "grad_" + n)]);
        var result = new Dictionary<string, double[]>();
        for (var k = 0; k < wrt.Length; k++)
        {
            var arg = args.Single(a => a.Name == wrt[k]);
            Assert.Equal(arg.Shape, analytic[k].Shape);
            var numeric = Numeric(session, feeds, args.ToList().IndexOf(arg), tol.Eps);
            for (var i = 0; i < numeric.Length; i++)
            {
                var (a, n) = (analytic[k].Values[i], numeric[i]);
                Assert.True(Math.Abs(a - n) <= tol.Atol + tol.Rtol * Math.Abs(n),
                    $"d loss/d {arg.Name}[{i}]: autodiff {a:G8}, finite difference {n:G8}.");
            }
            result[arg.Name] = analytic[k].Values;
        }
        return result;
    }

    private static Var[] Inputs(GraphBuilder b, Arg[] args, ElementType type) =>
        [.. args.Select(a => b.Input(a.Name, a.Declared(type)))];

    private static double[] Numeric(Ort session, List<(string Name, long[] Shape, double[] Values)> feeds, int which, double eps)
    {
        var values = feeds[which].Values;
        var grad = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var saved = values[i];
            values[i] = saved + eps;
            var up = session.Run(feeds, "loss")[0].Values[0];
            values[i] = saved - eps;
            var down = session.Run(feeds, "loss")[0].Values[0];
            values[i] = saved;
            grad[i] = (up - down) / (2 * eps);
        }
        return grad;
    }
}
