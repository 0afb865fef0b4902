using Onnxdl.Graph.Tests.Serialization;

namespace Onnxdl.Cli.Tests;

/// <summary>A hostile model given to the CLI is refused as a bad input file (exit code 2) with a message naming the file and the tensor.</summary>
public class HostileModelTests
{
    [Fact]
    public void Predict_refuses_external_data_outside_the_model_folder()
    {
        using var temp = new TempDir();
        var root = temp.Path;
        File.WriteAllBytes(Path.Combine(root, "secret.bin"), HostileFiles.WeightBytes());
        var model = HostileFiles.Save(HostileFiles.WithExternalWeight("../secret.bin"), Path.Combine(root, "model"));
        var input = Path.Combine(root, "x.json");
        File.WriteAllText(input, """{"x": {"dims": [1, 2], "data": [1, 1]}}""");

        var run = Cli.Run("predict", "--model", model, "--input", input);
        Assert.Equal(ExitCodes.UsageError, run.Code);
        Assert.Contains($"{model}: tensor 'w' external data refused: location '../secret.bin' climbs out", run.Err);
    }
}
