namespace Onnxdl.Graph.Layers;

/// <summary>
/// Batch normalization over the channel axis (Keras' last axis in NHWC is our axis 1), Keras defaults
/// momentum 0.99 and epsilon 1e-3. Parameters: gamma, beta (trainable), moving_mean, moving_variance
/// (non-trainable state).
/// <para>Inference: one ONNX BatchNormalization node with the moving statistics.</para>
/// <para>Training: the batch statistics written out with ReduceMean/Sub/Mul (ONNX BatchNormalization's training_mode
/// is unreliable on CUDA and missing from ONNX Runtime's CPU build) and fed to the same inference-form node, whose
/// gradient rule recognizes them (one normalizing pass forward, a closed-form gradient backward); state updates
/// moving = moving·momentum + batch·(1 − momentum) recorded through <see cref="LayerContext.UpdateState"/>. The batch variance is the biased one (divided by
/// the element count) both for normalizing and for the moving average, as Keras 3 does (ops.moments);
/// PyTorch and tf.keras 2's fused kernel use the unbiased variance for the moving average instead.</para>
/// </summary>
public sealed class BatchNormalization : Layer
{
    /// <summary>Batch normalization over the channel axis, with Keras' defaults (momentum 0.99, epsilon 1e-3).</summary>
    public BatchNormalization(double momentum = 0.99, double epsilon = 1e-3, string? name = null) : base(name)
    {
        if (!(momentum >= 0 && momentum <= 1)) throw new ArgumentException($"{Label}: momentum must be in [0, 1], received {momentum}.");
        if (!(epsilon > 0)) throw new ArgumentException($"{Label}: epsilon must be positive, received {epsilon}.");
        Momentum = momentum;
        Epsilon = epsilon;
    }

    /// <summary>The running statistics' momentum, in [0, 1).</summary>
    public double Momentum { get; }
    /// <summary>The small constant added to the variance.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override string TypeName => "BatchNormalization";
    /// <inheritdoc/>
    public override string NamePrefix => "batch_normalization";

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape) =>
        inputShape.Length is 1 or 3 ? inputShape : throw ShapeError("(C,H,W) or (F)", inputShape);

    /// <inheritdoc/>
    public override IReadOnlyList<ParameterDecl> DeclareParameters(int[] inputShape)
    {
        long[] shape = [OutputShape(inputShape)[0]];
        return
        [
            new("gamma", shape, true, ParameterInit.Ones),
            new("beta", shape, true, ParameterInit.Zeros),
            new("moving_mean", shape, false, ParameterInit.Zeros),
            new("moving_variance", shape, false, ParameterInit.Ones),
        ];
    }

    /// <inheritdoc/>
    public override Var Forward(LayerContext ctx, Var x)
    {
        var (gamma, beta) = (ctx.Param(ParamName("gamma")), ctx.Param(ParamName("beta")));
        var (mean, variance) = (ctx.Param(ParamName("moving_mean")), ctx.Param(ParamName("moving_variance")));
        return ctx.Training
            ? TrainingForward(ctx, x, gamma, beta, mean, variance)
            : ctx.B.BatchNormalization(x, gamma, beta, mean, variance, (float)Epsilon, (float)Momentum);
    }

    private Var TrainingForward(LayerContext ctx, Var x, Var gamma, Var beta, Var movingMean, Var movingVariance)
    {
        var b = ctx.B;
        var image = InputShape.Length == 3;
        long[] axes = image ? [0, 2, 3] : [0];
        long channels = InputShape[0];
        var mean = b.ReduceMean(x, axes, keepDims: false);
        // [C] broadcasts against [N, C] directly; against [N, C, H, W] it must be [C, 1, 1].
        var centered = b.Sub(x, image ? b.Reshape(mean, [channels, 1, 1]) : mean);
        var variance = b.ReduceMean(b.Mul(centered, centered), axes, keepDims: false);
        var y = b.BatchNormalization(x, gamma, beta, mean, variance, (float)Epsilon, (float)Momentum);

        var keep = b.Constant((float)Momentum, "momentum");
        var take = b.Constant((float)(1 - Momentum), "one_minus_momentum");
        ctx.UpdateState(ParamName("moving_mean"), b.Add(b.Mul(movingMean, keep), b.Mul(mean, take)));
        ctx.UpdateState(ParamName("moving_variance"), b.Add(b.Mul(movingVariance, keep), b.Mul(variance, take)));
        return y;
    }

    internal override void WriteSpec(SpecWriter writer)
    {
        writer.Double("momentum", Momentum);
        writer.Double("epsilon", Epsilon);
    }

    internal static BatchNormalization FromSpec(SpecReader r, string? name) =>
        new(r.Number("momentum", 0.99), r.Number("epsilon", 1e-3), name);
}
