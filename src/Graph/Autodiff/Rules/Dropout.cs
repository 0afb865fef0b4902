namespace Onnxdl.Graph.Autodiff;

/// <summary>Dropout: in training mode Y = X·mask/(1 − ratio), so dX = dY·mask/(1 − ratio); in inference mode dX = dY.</summary>
internal static class DropoutRules
{
    [Gradient("Dropout")]
    private static Var?[] Dropout(GradContext g)
    {
        var training = g.Node.Input(2);
        if (training.Length == 0 || TypeInference.ConstBool(g.B.Graph, training) == false) return [g.GO(0), null, null];
        var b = g.B;
        var ratio = g.Node.Input(1).Length > 0 ? g.Cast(g.I(1)) : g.Scalar(0.5);
        var scale = b.Div(g.Scalar(1), b.Sub(g.Scalar(1), ratio));
        // A run-time training flag selects the scale too, since in inference mode the mask is all ones and Y = X.
        if (TypeInference.ConstBool(b.Graph, training) is null) scale = b.Where(new Var(training), scale, g.Scalar(1));
        return [b.Mul(b.Mul(g.GO(0), g.Cast(g.EnsureOutput(1, "mask"))), scale), null, null];
    }
}
