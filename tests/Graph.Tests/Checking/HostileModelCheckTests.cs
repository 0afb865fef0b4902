using Google.Protobuf;
using Onnxdl.Graph.Tests.Serialization;

namespace Onnxdl.Graph.Tests.Checking;

/// <summary>The eight kinds of hostile file issue #16 lists: each parses cheaply and the checker refuses it with one clear problem.</summary>
public class HostileModelCheckTests
{
    public static TheoryData<string> Kinds => [.. HostileFiles.Refused.Keys];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_hostile_kind_is_refused_with_one_clear_problem(string kind)
    {
        var expected = HostileFiles.Refused[kind];
        var bytes = expected.Build().ToByteArray();

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var problems = ModelChecker.Check(ModelSerializer.Parse(bytes, $"{kind}.onnx"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        var problem = Assert.Single(problems);
        Assert.Equal(expected.Kind, problem.Kind);
        Assert.Equal(expected.Where, problem.Where);
        Assert.Contains(expected.Message, problem.Message);
        // Parsing and checking cost a small multiple of the file, never what the file claims (10¹² elements, ...).
        Assert.True(allocated < 8L * bytes.Length + (16 << 20), $"{kind}: {allocated} bytes allocated for a {bytes.Length}-byte file");
    }

    [Fact]
    public void The_untouched_model_the_hostile_files_start_from_is_valid()
    {
        Assert.Empty(ModelChecker.Check(ModelSerializer.Parse(HostileFiles.Tiny().ToByteArray())));
    }
}
