using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph;
using Onnxdl.Graph.Proto;
using Onnxdl.Graph.Tests.Serialization;

namespace Onnxdl.Runtime.Tests;

/// <summary>The version limits <see cref="ModelChecker"/> enforces are the ones ONNX Runtime itself enforces, asked directly.</summary>
public class RuntimeLimitsTests
{
    private static ModelProto Tiny(long irVersion, string domain = "", long version = OnnxModel.DefaultOpset)
    {
        var model = HostileFiles.Tiny();
        model.IrVersion = irVersion;
        if (domain.Length == 0) model.OpsetImport[0].Version = version;
        else model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        return model;
    }

    [Fact]
    public void The_highest_ir_version_is_onnx_runtimes()
    {
        Assert.Null(OrtLoad.Error(Tiny(ModelChecker.MaxIrVersion)));
        Assert.Contains($"max supported IR version: {ModelChecker.MaxIrVersion}", OrtLoad.Error(Tiny(ModelChecker.MaxIrVersion + 1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ai.onnx.ml")]
    [InlineData("ai.onnx.preview.training")]
    [InlineData("com.microsoft")]
    public void The_highest_opset_of_each_domain_is_onnx_runtimes(string domain)
    {
        var max = ModelChecker.MaxOpsets[domain];
        Assert.Null(OrtLoad.Error(Tiny(ModelChecker.MaxIrVersion, domain, max)));
        Assert.NotNull(OrtLoad.Error(Tiny(ModelChecker.MaxIrVersion, domain, max + 1)));
        Assert.Single(ModelChecker.Check(ModelSerializer.Parse(Tiny(ModelChecker.MaxIrVersion, domain, max + 1).ToByteArray())));
    }
}
