using System.Text.Json;
using Onnxdl.Graph;

namespace Onnxdl.Cli;

/// <summary>How <c>check</c> and <c>summary</c> print <see cref="ModelChecker"/>'s problems.</summary>
internal static class ProblemReport
{
    /// <summary>One line per problem: <c>MODEL: WHERE: MESSAGE [Kind]</c>.</summary>
    public static string Text(string model, IEnumerable<CheckProblem> problems) =>
        string.Concat(problems.Select(p => $"{model}: {p}\n"));

    /// <summary>A JSON list of {"kind","where","message"}.</summary>
    public static string Json(IEnumerable<CheckProblem> problems) =>
        JsonSerializer.Serialize(problems.Select(p => new Dictionary<string, string>
        {
            ["kind"] = p.Kind.ToString(),
            ["where"] = p.Where,
            ["message"] = p.Message,
        })) + "\n";
}
