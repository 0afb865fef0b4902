using System.Reflection;

namespace Onnxdl.Graph.Autodiff;

internal delegate Var?[] GradientRule(GradContext g);

internal sealed record RegisteredRule(GradientRule Rule, bool Broadcasts);

/// <summary>
/// All gradient rules (found by <see cref="GradientAttribute"/> in Autodiff/Rules), and the ops through which
/// no gradient flows at all (comparisons, shape queries, index outputs, rounding) — these are fine on a path,
/// unlike an op with no rule, which is an error.
/// </summary>
internal static class GradientRegistry
{
    public static readonly IReadOnlyDictionary<string, RegisteredRule> Rules = Discover();

    public static readonly IReadOnlySet<string> NonDifferentiable = new HashSet<string>
    {
        "Shape", "Size", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Not", "And", "Or", "Xor",
        "ArgMax", "ArgMin", "NonZero", "ConstantOfShape", "Constant", "Range", "OneHot", "EyeLike", "Floor", "Ceil",
        "Round", "Sign", "IsNaN", "IsInf", "RandomUniform", "RandomNormal", "RandomUniformLike", "RandomNormalLike",
        "Bernoulli", "Multinomial",
    };

    public static string Known => string.Join(", ", Rules.Keys.Order(StringComparer.Ordinal));

    private static Dictionary<string, RegisteredRule> Discover()
    {
        var rules = new Dictionary<string, RegisteredRule>();
        var methods = typeof(GradientRegistry).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public));
        foreach (var method in methods)
            foreach (var attr in method.GetCustomAttributes<GradientAttribute>())
            {
                var rule = method.CreateDelegate<GradientRule>();
                if (!rules.TryAdd(attr.OpType, new RegisteredRule(rule, attr.Broadcasts)))
                    throw new InvalidOperationException($"Two gradient rules for op '{attr.OpType}'.");
            }
        return rules;
    }
}
