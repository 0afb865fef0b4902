using System.Diagnostics.CodeAnalysis;

namespace Onnxdl.Runtime;

/// <summary>
/// The processes that <c>mpirun -np N</c> started, over OpenMPI (MPI_COMM_WORLD). <see cref="FromEnvironment"/> gives null
/// outside mpirun, so a plain process never loads libmpi. Dispose calls MPI_Finalize.
/// </summary>
public sealed class MpiCommunicator : ICommunicator, IDisposable
{
    /// <summary>The variable mpirun (OpenMPI) sets in every process it starts: the number of ranks.</summary>
    public const string WorldSizeVariable = "OMPI_COMM_WORLD_SIZE";

    /// <summary>The variable mpirun (OpenMPI) sets in every process it starts: the rank within its machine, which picks its GPU.</summary>
    public const string LocalRankVariable = "OMPI_COMM_WORLD_LOCAL_RANK";

    private readonly MpiLibrary _mpi;
    private bool _finalized;

    private MpiCommunicator(MpiLibrary mpi)
    {
        _mpi = mpi;
        _mpi.Init();
        (Rank, Size) = (_mpi.Rank(), _mpi.Size());
        LocalRank = int.TryParse(Environment.GetEnvironmentVariable(LocalRankVariable), out var local) ? local : 0;
    }

    /// <summary>Joins the job when this process runs under mpirun (<see cref="WorldSizeVariable"/> is set); null otherwise.</summary>
    public static MpiCommunicator? FromEnvironment() =>
        Environment.GetEnvironmentVariable(WorldSizeVariable) is null ? null : new MpiCommunicator(new MpiLibrary());

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <summary>This process's rank among those on its machine (<see cref="LocalRankVariable"/>): the GPU it trains on.</summary>
    public int LocalRank { get; }

    /// <inheritdoc/>
    public void AllReduceSum(Span<float> values) => _mpi.AllReduceSum(values);

    /// <inheritdoc/>
    public void AllReduceSum(Span<double> values) => _mpi.AllReduceSum(values);

    /// <inheritdoc/>
    public void Barrier() => _mpi.Barrier();

    /// <inheritdoc/>
    public void Broadcast(Span<byte> data) => _mpi.Broadcast(data);

    /// <inheritdoc/>
    [DoesNotReturn]
    public void Abort(string message, int exitCode)
    {
        Console.Error.WriteLine($"rank {Rank} of {Size}: {message}");
        Console.Error.Flush();
        _mpi.Abort(exitCode);
        Environment.Exit(exitCode); // MPI_Abort does not return; this only satisfies the compiler's view of it
    }

    /// <summary>Waits for every rank, then MPI_Finalize.</summary>
    public void Dispose()
    {
        if (_finalized) return;
        _finalized = true;
        _mpi.Barrier();
        _mpi.FinalizeMpi();
    }
}
