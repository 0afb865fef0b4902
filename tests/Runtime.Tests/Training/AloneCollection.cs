namespace Onnxdl.Runtime.Tests;

/// <summary>
/// Tests that measure process-wide state run after the parallel tests, alone: the batch pool (<c>Batch.Rent</c>) and
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/> are shared by every thread, so another test's batches of another size
/// taken from or left in them would make a reused batch reallocate its buffers mid-measurement.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    /// <summary>The collection's name, for <see cref="CollectionAttribute"/>.</summary>
    public const string Name = "Alone";
}
