using Google.Protobuf;
using Onnxdl.Graph;
using Onnxdl.Graph.Tests.Serialization;

namespace Onnxdl.Runtime.Tests;

/// <summary>Predictor.Load validates with our reader before ONNX Runtime's native code sees the file.</summary>
public sealed class HostileModelTests : IDisposable
{
    private readonly TempDir _root = new();
    private string ModelDir => Path.Combine(_root, "model");

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Legitimate_external_data_loads_and_runs()
    {
        Directory.CreateDirectory(ModelDir);
        File.WriteAllBytes(Path.Combine(ModelDir, "w.bin"), HostileFiles.WeightBytes());
        using var predictor = Predictor.Load(HostileFiles.Save(HostileFiles.WithExternalWeight("w.bin"), ModelDir));
        // [1, 1] · [[1, 2], [3, 4]] = [4, 6]
        Assert.Equal([4f, 6f], (float[])predictor.Predict(TensorData.Of([1f, 1f], 1, 2)).Data);
    }

    [Fact]
    public void External_data_outside_the_folder_is_refused()
    {
        File.WriteAllBytes(Path.Combine(_root, "secret.bin"), HostileFiles.WeightBytes());
        var path = HostileFiles.Save(HostileFiles.WithExternalWeight("../secret.bin"), ModelDir);
        var e = Assert.Throws<OnnxFormatException>(() => Predictor.Load(path));
        Assert.Contains("tensor 'w' external data refused: location '../secret.bin' climbs out", e.Message);
    }

    [Fact]
    public void A_symbolic_link_is_refused()
    {
        File.WriteAllBytes(Path.Combine(_root, "secret.bin"), HostileFiles.WeightBytes());
        Directory.CreateDirectory(ModelDir);
        File.CreateSymbolicLink(Path.Combine(ModelDir, "w.bin"), Path.Combine(_root, "secret.bin"));
        var path = HostileFiles.Save(HostileFiles.WithExternalWeight("w.bin"), ModelDir);
        Assert.Contains("is a symbolic link", Assert.Throws<OnnxFormatException>(() => Predictor.Load(path)).Message);
    }

    public static TheoryData<string> CheckerKinds => [.. HostileFiles.Refused.Keys];

    [Theory]
    [MemberData(nameof(CheckerKinds))]
    public void The_checker_refuses_each_hostile_kind_before_onnx_runtime_sees_it(string kind)
    {
        var expected = HostileFiles.Refused[kind];
        var path = HostileFiles.Save(expected.Build(), ModelDir, $"{kind}.onnx");
        var e = Assert.Throws<OnnxFormatException>(() => Predictor.Load(path));
        // The checker's wording, not ONNX Runtime's: our check ran first.
        Assert.StartsWith($"{path}: not a valid ONNX model (1 problem):\n{expected.Where}: ", e.Message);
        Assert.Contains(expected.Message, e.Message);
        Assert.DoesNotContain("ONNX Runtime cannot load", e.Message);
    }

    [Fact]
    public void An_invalid_in_memory_model_is_refused_too()
    {
        var model = ModelSerializer.Parse(HostileFiles.Refused["cycle"].Build().ToByteArray());
        Assert.Contains("a cycle", Assert.Throws<OnnxFormatException>(() => Predictor.Load(model)).Message);
    }

    [Fact]
    public void Absurd_sizes_and_deep_nesting_are_refused()
    {
        var absurd = HostileFiles.Save(HostileFiles.WithAbsurdDims([1_000_000, 1_000_000]), ModelDir, "absurd.onnx");
        Assert.Contains("need 4000000000000 bytes", Assert.Throws<OnnxFormatException>(() => Predictor.Load(absurd)).Message);
        var nested = HostileFiles.Save(HostileFiles.WithNestedGraphs(40), ModelDir, "nested.onnx");
        Assert.Throws<OnnxFormatException>(() => Predictor.Load(nested));
    }
}
