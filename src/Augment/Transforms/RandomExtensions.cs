namespace Onnxdl.Augment;

/// <summary>The distributions augmentations draw from, built on <see cref="Random"/> so a seed fixes them.</summary>
internal static class RandomExtensions
{
    public static double NextUniform(this Random rng, double low, double high) => low + (high - low) * rng.NextDouble();

    /// <summary>Standard normal by Box–Muller (one value per call keeps the stream simple to reason about).</summary>
    public static double NextGaussian(this Random rng)
    {
        double u = 1.0 - rng.NextDouble(); // (0, 1]: avoids log(0)
        double v = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    /// <summary>Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).</summary>
    public static double NextBeta(this Random rng, double a, double b)
    {
        double x = rng.NextGamma(a), y = rng.NextGamma(b);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    /// <summary>Gamma(shape, 1) by Marsaglia–Tsang; shapes below 1 use the boost Gamma(k+1)·U^(1/k).</summary>
    public static double NextGamma(this Random rng, double shape)
    {
        if (shape < 1) return rng.NextGamma(shape + 1) * Math.Pow(rng.NextDouble(), 1.0 / shape);
        double d = shape - 1.0 / 3.0, c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = rng.NextGaussian();
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }
}
