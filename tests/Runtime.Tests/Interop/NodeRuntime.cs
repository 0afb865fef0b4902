using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Onnxdl.Runtime.Tests.Interop;

/// <summary>
/// ONNX Runtime for Node.js and its WebAssembly build, installed by <c>build.ps1 setup</c> into
/// interop/node/node_modules and driven through the scripts next to it as child processes.
/// </summary>
internal static class NodeRuntime
{
    public static string Folder { get; } = Repo.Path("interop/node");

    public static bool Installed => Directory.Exists(System.IO.Path.Combine(Folder, "node_modules", "onnxruntime-node"))
                                   && Directory.Exists(System.IO.Path.Combine(Folder, "node_modules", "onnxruntime-web"));

    public const string SkipReason = "interop/node/node_modules is absent: run `dotnet pwsh ./build.ps1 setup` (npm ci) to test with onnxruntime-node/-web.";

    /// <summary>Runs <paramref name="model"/> with named inputs; returns each output's values.</summary>
    public static Dictionary<string, float[]> Run(string model, IReadOnlyDictionary<string, TensorData> inputs, bool wasm)
    {
        var inputPath = model + ".input.json";
        File.WriteAllText(inputPath, JsonSerializer.Serialize(inputs.ToDictionary(kv => kv.Key, kv => Json(kv.Value))));
        var result = Node(wasm ? ["run.mjs", "--wasm", model, inputPath] : ["run.mjs", model, inputPath]);
        return result.AsObject().ToDictionary(kv => kv.Key, kv => Floats(kv.Value!["data"]!));
    }

    public static object Json(TensorData t) => new { dims = t.Dims, data = (float[])t.Data };

    public static float[] Floats(JsonNode node) => [.. node.AsArray().Select(v => (float)v!.GetValue<double>())];

    /// <summary>Runs node with <paramref name="arguments"/> in interop/node; stdout parsed as JSON, stderr in the failure.</summary>
    public static JsonNode Node(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000)) { process.Kill(); Assert.Fail("node did not finish within 120 s."); }
        if (process.ExitCode != 0) Assert.Fail($"node {string.Join(" ", start.ArgumentList)} exited with {process.ExitCode}: {stderr.Result}");
        return JsonNode.Parse(stdout)!;
    }
}
