namespace Onnxdl.Cli.Tests.Packaging;

/// <summary>
/// The packaging tests share one <see cref="PackedFeed"/> and run after the parallel tests, alone: their nested
/// pack, restore and publish would otherwise take cores from the process tests that wait on a child's output.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackagingCollection : ICollectionFixture<PackedFeed>
{
    /// <summary>The collection's name, for <see cref="CollectionAttribute"/>.</summary>
    public const string Name = "Packaging";
}
