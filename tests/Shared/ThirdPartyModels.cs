namespace Onnxdl.Tests;

/// <summary>Models nobody on the project made, fetched by scripts/fetch-third-party-models.sh (build.ps1 setup).</summary>
public static class ThirdPartyModels
{
    /// <summary>ImageNet ResNet18 featurizer from NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (CNTK, opset 8).</summary>
    public static string ResNet18 => Repo.Path("third_party_models/resnet18.onnx");

    /// <summary>A wake-word classifier from npm openwakeword-js 0.1.27 (PyTorch export).</summary>
    public static string WakeWord => Repo.Path("third_party_models/hello_deepa.onnx");

    public static bool Present => File.Exists(Repo.Path("third_party_models/.complete"));

    public const string SkipReason =
        "third_party_models/ is absent: run `bash scripts/fetch-third-party-models.sh` (part of build.ps1 setup; needs the NuGet and npm registries).";
}
