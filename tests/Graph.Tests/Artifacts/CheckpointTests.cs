using Onnxdl.Graph;

namespace Onnxdl.Graph.Tests;

public sealed class CheckpointTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string TempFile() => _dir.File("state.ckpt");

    public void Dispose() => _dir.Dispose();

    private static Checkpoint Sample() => new()
    {
        Progress = new CheckpointProgress { Epoch = 3, Step = 1234, Seed = 42, LearningRate = 2.5e-4f, BatchInEpoch = 5, EpochSums = [1.5, 0.25] },
        Tensors =
        {
            ["dense.kernel"] = Tensor.FromFloats("dense.kernel", [2, 3], [1, 2, 3, 4, 5, 6]),
            ["dense.bias"] = Tensor.FromFloats("dense.bias", [3], [0.5f, -0.5f, 0]),
        },
    };

    [Fact]
    public void Round_trip_keeps_tensors_and_progress()
    {
        var path = TempFile();
        Sample().Save(path);
        var loaded = Checkpoint.Load(path);
        Assert.Equal(Sample().Progress.Step, loaded.Progress.Step);
        Assert.Equal(3, loaded.Progress.Epoch);
        Assert.Equal((2.5e-4f, 5), (loaded.Progress.LearningRate, loaded.Progress.BatchInEpoch));
        Assert.Equal([1.5, 0.25], loaded.Progress.EpochSums);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, loaded.Tensors["dense.kernel"].ToFloats());
        Assert.Equal(new long[] { 2, 3 }, loaded.Tensors["dense.kernel"].Dims);
    }

    /// <summary>A version-1 file as the old writer laid it out: progress fields as strings in "Extra" and one tensor 'w' = [1, -2].</summary>
    private string VersionOneFile(string extra)
    {
        var header = System.Text.Encoding.UTF8.GetBytes("""{"Version":1,"Progress":{"Epoch":2,"Step":7,"Seed":0,"Extra":{""" + extra.Trim() +
            """}},"Tensors":[{"Name":"w","ElementType":1,"Dims":[2],"Offset":0,"Length":8}]}""");
        byte[] body = [.. "ONNXDLCK"u8, .. BitConverter.GetBytes(header.Length), .. header, .. BitConverter.GetBytes(1f), .. BitConverter.GetBytes(-2f)];
        var path = TempFile();
        File.WriteAllBytes(path, [.. body, .. System.Security.Cryptography.SHA256.HashData(body)]);
        return path;
    }

    [Fact]
    public void Version_one_file_loads_with_its_string_fields_typed()
    {
        var loaded = Checkpoint.Load(VersionOneFile("""
            "lr":"0.0005","batch":"3","sums":"[1.5,2]","optimizer":"{\"name\":\"adam\"}"
            """));

        Assert.Equal((2, 7L, 5e-4f, 3), (loaded.Progress.Epoch, loaded.Progress.Step, loaded.Progress.LearningRate, loaded.Progress.BatchInEpoch));
        Assert.Equal([1.5, 2], loaded.Progress.EpochSums);
        Assert.Equal(new float[] { 1, -2 }, loaded.Tensors["w"].ToFloats());
    }

    [Fact]
    public void Version_one_file_without_its_learning_rate_is_refused_by_name()
    {
        var path = VersionOneFile("""
            "batch":"0","sums":"[]"
            """);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
        Assert.Equal($"Checkpoint '{path}' is a version-1 checkpoint without its learning rate (\"lr\").", e.Message);
    }

    [Fact]
    public void Truncated_file_is_refused_by_name()
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
    public void Flipped_byte_is_refused()
    {
        var path = TempFile();
        Sample().Save(path);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
    }

    [Fact]
    public void Not_a_checkpoint_is_refused()
    {
        var path = TempFile();
        File.WriteAllText(path, "hello, this is not a checkpoint at all, just some text that is long enough");
        Assert.Contains("not an onnxdl checkpoint", Assert.Throws<CheckpointException>(() => Checkpoint.Load(path)).Message);
    }

    [Fact]
    public void Save_replaces_atomically_and_leaves_no_temporary_file()
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
    public void Validate_names_every_mismatch()
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
