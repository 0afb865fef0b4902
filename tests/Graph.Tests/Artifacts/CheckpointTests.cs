using Onnxdl.Graph;

namespace Onnxdl.Graph.Tests;

public class CheckpointTests
{
    private static string TempFile() => Path.Combine(Directory.CreateTempSubdirectory("ckpt-").FullName, "state.ckpt");

    private static Checkpoint Sample() => new()
    {
        Progress = new CheckpointProgress { Epoch = 3, Step = 1234, Seed = 42, Extra = { ["optimizer"] = "adam" } },
        Tensors =
        {
            ["dense.kernel"] = Tensor.FromFloats("dense.kernel", [2, 3], [1, 2, 3, 4, 5, 6]),
            ["dense.bias"] = Tensor.FromFloats("dense.bias", [3], [0.5f, -0.5f, 0]),
        },
    };

    [Fact]
    public void RoundTripKeepsTensorsAndProgress()
    {
        var path = TempFile();
        Sample().Save(path);
        var loaded = Checkpoint.Load(path);
        Assert.Equal(Sample().Progress.Step, loaded.Progress.Step);
        Assert.Equal(3, loaded.Progress.Epoch);
        Assert.Equal("adam", loaded.Progress.Extra["optimizer"]);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, loaded.Tensors["dense.kernel"].ToFloats());
        Assert.Equal(new long[] { 2, 3 }, loaded.Tensors["dense.kernel"].Dims);
    }

    [Fact]
    public void TruncatedFileIsRefusedByName()
    {
        var path = TempFile();
        Sample().Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated or corrupted", e.Message);
    }

    [Fact]
    public void FlippedByteIsRefused()
    {
        var path = TempFile();
        Sample().Save(path);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
    }

    [Fact]
    public void NotACheckpointIsRefused()
    {
        var path = TempFile();
        File.WriteAllText(path, "hello, this is not a checkpoint at all, just some text that is long enough");
        Assert.Contains("not an onnxdl checkpoint", Assert.Throws<CheckpointException>(() => Checkpoint.Load(path)).Message);
    }

    [Fact]
    public void SaveReplacesAtomicallyAndLeavesNoTemporaryFile()
    {
        var path = TempFile();
        Sample().Save(path);
        var second = Sample();
        second.Progress = second.Progress with { Epoch = 4 };
        second.Save(path);
        Assert.Equal(4, Checkpoint.Load(path).Progress.Epoch);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void ValidateNamesEveryMismatch()
    {
        var e = Assert.Throws<CheckpointException>(() => Sample().Validate(new Dictionary<string, long[]>
        {
            ["dense.kernel"] = [3, 2],
            ["dense_1.bias"] = [3],
        }));
        Assert.Contains("missing 'dense_1.bias'", e.Message);
        Assert.Contains("unexpected 'dense.bias'", e.Message);
        Assert.Contains("'dense.kernel' has shape [2,3], the model expects [3,2]", e.Message);
    }
}
