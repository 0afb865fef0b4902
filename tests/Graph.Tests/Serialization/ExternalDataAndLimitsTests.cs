namespace Onnxdl.Graph.Tests.Serialization;

/// <summary>
/// External data may only be read from inside the model's folder and within the file's bounds; absurd
/// tensor sizes and deep subgraph nesting are refused before anything is allocated.
/// </summary>
public sealed class ExternalDataAndLimitsTests : IDisposable
{
    private readonly TempDir _root = new();
    private string ModelDir => Path.Combine(_root, "model");

    public void Dispose() => _root.Dispose();

    private OnnxFormatException Refused(Google.Protobuf.IMessage model) =>
        Assert.Throws<OnnxFormatException>(() => ModelSerializer.Load(HostileFiles.Save((Onnxdl.Graph.Proto.ModelProto)model, ModelDir)));

    [Fact]
    public void External_data_inside_the_folder_is_read()
    {
        Directory.CreateDirectory(Path.Combine(ModelDir, "weights"));
        File.WriteAllBytes(Path.Combine(ModelDir, "weights", "w.bin"), HostileFiles.WeightBytes(padding: 8));
        var model = ModelSerializer.Load(HostileFiles.Save(HostileFiles.WithExternalWeight("weights/w.bin", offset: 8, length: 16), ModelDir));
        Assert.Equal([1f, 2f, 3f, 4f], model.Graph.Initializer("w")!.ToFloats());
    }

    [Fact]
    public void An_absolute_location_is_refused()
    {
        var outside = Path.Combine(_root, "secret.bin");
        File.WriteAllBytes(outside, HostileFiles.WeightBytes());
        Assert.Contains("is an absolute path", Refused(HostileFiles.WithExternalWeight(outside)).Message);
    }

    [Theory]
    [InlineData("../secret.bin")]
    [InlineData("weights/../../secret.bin")]
    [InlineData("..\\secret.bin")]
    public void A_location_climbing_out_is_refused(string location)
    {
        File.WriteAllBytes(Path.Combine(_root, "secret.bin"), HostileFiles.WeightBytes());
        var e = Refused(HostileFiles.WithExternalWeight(location));
        Assert.Contains("climbs out of the model's folder", e.Message);
        Assert.Contains("tensor 'w'", e.Message);
    }

    [Fact]
    public void A_symbolic_link_to_a_file_outside_is_refused()
    {
        File.WriteAllBytes(Path.Combine(_root, "secret.bin"), HostileFiles.WeightBytes());
        Directory.CreateDirectory(ModelDir);
        File.CreateSymbolicLink(Path.Combine(ModelDir, "w.bin"), Path.Combine(_root, "secret.bin"));
        Assert.Contains("'w.bin' is a symbolic link", Refused(HostileFiles.WithExternalWeight("w.bin")).Message);
    }

    [Fact]
    public void A_symbolic_link_to_a_folder_outside_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(_root, "elsewhere"));
        File.WriteAllBytes(Path.Combine(_root, "elsewhere", "w.bin"), HostileFiles.WeightBytes());
        Directory.CreateDirectory(ModelDir);
        Directory.CreateSymbolicLink(Path.Combine(ModelDir, "linked"), Path.Combine(_root, "elsewhere"));
        Assert.Contains("passes through a symbolic link", Refused(HostileFiles.WithExternalWeight("linked/w.bin")).Message);
    }

    [Theory]
    [InlineData(12L, null, "lies beyond the end")] // 12 + 16 > 20 bytes
    [InlineData(long.MaxValue - 4, null, "lies beyond the end")]
    [InlineData(0L, 1L << 40, "does not match the 16 bytes")]
    [InlineData(-1L, null, "expected a non-negative integer")]
    public void Offsets_and_lengths_beyond_the_file_are_refused(long offset, long? length, string expected)
    {
        Directory.CreateDirectory(ModelDir);
        File.WriteAllBytes(Path.Combine(ModelDir, "w.bin"), HostileFiles.WeightBytes(padding: 4));
        Assert.Contains(expected, Refused(HostileFiles.WithExternalWeight("w.bin", offset, length)).Message);
    }

    [Fact]
    public void A_missing_external_file_is_refused()
    {
        Assert.Contains("does not exist next to the model", Refused(HostileFiles.WithExternalWeight("nowhere.bin")).Message);
    }

    [Theory]
    [InlineData(new[] { 1_000_000L, 1_000_000L }, "need 4000000000000 bytes")]
    [InlineData(new[] { 1L << 31, 1L << 31, 1L << 31 }, "w")]
    [InlineData(new[] { -2L, 2L }, "impossible dims")]
    public void Absurd_tensor_sizes_are_refused_before_allocation(long[] dims, string expected)
    {
        var before = GC.GetTotalAllocatedBytes();
        var e = Refused(HostileFiles.WithAbsurdDims(dims));
        Assert.Contains(expected, e.Message);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 64 << 20, "the reader allocated for the claimed size");
    }

    [Fact]
    public void Deeply_nested_subgraphs_are_refused_and_shallow_ones_read()
    {
        Assert.NotNull(ModelSerializer.Load(HostileFiles.Save(HostileFiles.WithNestedGraphs(ProtoReader.MaxGraphDepth), ModelDir)));
        Assert.Contains($"nested deeper than {ProtoReader.MaxGraphDepth} levels",
            Refused(HostileFiles.WithNestedGraphs(ProtoReader.MaxGraphDepth + 1)).Message);
        Assert.Contains("protobuf parse failed", Refused(HostileFiles.WithNestedGraphs(60)).Message);
    }
}
