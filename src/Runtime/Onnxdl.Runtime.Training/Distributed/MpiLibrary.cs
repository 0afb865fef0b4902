using System.Runtime.InteropServices;

namespace Onnxdl.Runtime;

/// <summary>
/// The calls of OpenMPI's <c>libmpi.so.40</c> that <see cref="MpiCommunicator"/> uses, bound by hand: MPI.NET's NuGet
/// package targets Microsoft MPI (<c>msmpi.dll</c>, integer handles), while OpenMPI's handles are the addresses of
/// exported objects (<c>MPI_COMM_WORLD</c> is <c>&amp;ompi_mpi_comm_world</c>), resolved here with
/// <see cref="NativeLibrary.GetExport"/>. The library is opened with RTLD_GLOBAL because OpenMPI's plugins
/// (<c>mca_*.so</c>) resolve their symbols against it.
/// </summary>
internal sealed unsafe class MpiLibrary
{
    public const string FileName = "libmpi.so.40";
    private const int RtldNow = 2;
    private const int RtldGlobal = 0x100;
    private const int ThreadSerialized = 2;

    /// <summary>OpenMPI's MPI_IN_PLACE.</summary>
    private static readonly void* InPlace = (void*)1;

    private readonly delegate* unmanaged<int*, int> _initialized;
    private readonly delegate* unmanaged<int*, nint*, int, int*, int> _initThread;
    private readonly delegate* unmanaged<nint, int*, int> _commRank;
    private readonly delegate* unmanaged<nint, int*, int> _commSize;
    private readonly delegate* unmanaged<void*, void*, int, nint, nint, nint, int> _allreduce;
    private readonly delegate* unmanaged<void*, int, nint, int, nint, int> _bcast;
    private readonly delegate* unmanaged<nint, int> _barrier;
    private readonly delegate* unmanaged<nint, int, int> _abort;
    private readonly delegate* unmanaged<int> _finalize;
    private readonly nint _world, _float, _double, _byte, _sum;

    [DllImport("libc.so.6", EntryPoint = "dlopen")]
    private static extern nint DlOpen(string file, int mode);

    [DllImport("libc.so.6", EntryPoint = "dlerror")]
    private static extern nint DlError();

    [DllImport("libc.so.6", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    /// <summary>Opens libmpi; throws <see cref="DllNotFoundException"/> saying which packages provide it.</summary>
    public MpiLibrary()
    {
        var handle = DlOpen(FileName, RtldNow | RtldGlobal);
        if (handle == 0)
            throw new DllNotFoundException($"Cannot load {FileName} ({Marshal.PtrToStringUTF8(DlError())}); install OpenMPI: apt-get install openmpi-bin libopenmpi-dev.");
        nint Export(string name) => NativeLibrary.GetExport(handle, name);
        _initialized = (delegate* unmanaged<int*, int>)Export("MPI_Initialized");
        _initThread = (delegate* unmanaged<int*, nint*, int, int*, int>)Export("MPI_Init_thread");
        _commRank = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_rank");
        _commSize = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_size");
        _allreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, int>)Export("MPI_Allreduce");
        _bcast = (delegate* unmanaged<void*, int, nint, int, nint, int>)Export("MPI_Bcast");
        _barrier = (delegate* unmanaged<nint, int>)Export("MPI_Barrier");
        _abort = (delegate* unmanaged<nint, int, int>)Export("MPI_Abort");
        _finalize = (delegate* unmanaged<int>)Export("MPI_Finalize");
        (_world, _float, _double, _byte, _sum) = (Export("ompi_mpi_comm_world"), Export("ompi_mpi_float"), Export("ompi_mpi_double"),
            Export("ompi_mpi_byte"), Export("ompi_mpi_op_sum"));
    }

    /// <summary>
    /// MPI_Init_thread (calls may come from any one thread at a time). OpenMPI's own SIGSEGV/SIGBUS handlers are
    /// switched off first (when the user has not set them): .NET turns those signals into NullReferenceExceptions.
    /// </summary>
    public void Init()
    {
        int initialized;
        Check(_initialized(&initialized), "MPI_Initialized");
        if (initialized != 0) return;
        SetEnv("OMPI_MCA_opal_signal", "", overwrite: 0);
        int provided;
        Check(_initThread(null, null, ThreadSerialized, &provided), "MPI_Init_thread");
        if (provided < ThreadSerialized)
            throw new InvalidOperationException($"OpenMPI provides thread level {provided}; onnxdl needs MPI_THREAD_SERIALIZED ({ThreadSerialized}).");
    }

    public int Rank()
    {
        int rank;
        Check(_commRank(_world, &rank), "MPI_Comm_rank");
        return rank;
    }

    public int Size()
    {
        int size;
        Check(_commSize(_world, &size), "MPI_Comm_size");
        return size;
    }

    public void AllReduceSum(Span<float> values) => AllReduceSum(MemoryMarshal.AsBytes(values), sizeof(float), _float);

    public void AllReduceSum(Span<double> values) => AllReduceSum(MemoryMarshal.AsBytes(values), sizeof(double), _double);

    /// <summary>In place, in chunks of at most 2³⁰ elements (MPI counts are ints).</summary>
    private void AllReduceSum(Span<byte> bytes, int elementSize, nint type)
    {
        const int chunk = 1 << 30;
        fixed (byte* start = bytes)
            for (long done = 0, total = bytes.Length / elementSize; done < total; done += chunk)
                Check(_allreduce(InPlace, start + done * elementSize, (int)Math.Min(chunk, total - done), type, _sum, _world), "MPI_Allreduce");
    }

    public void Broadcast(Span<byte> data)
    {
        const int chunk = 1 << 30;
        fixed (byte* start = data)
            for (long done = 0; done < data.Length; done += chunk)
                Check(_bcast(start + done, (int)Math.Min(chunk, data.Length - done), _byte, 0, _world), "MPI_Bcast");
    }

    public void Barrier() => Check(_barrier(_world), "MPI_Barrier");

    public void Abort(int exitCode) => _abort(_world, exitCode);

    public void FinalizeMpi() => Check(_finalize(), "MPI_Finalize");

    private static void Check(int code, string call)
    {
        if (code != 0) throw new InvalidOperationException($"{call} failed with MPI error code {code}.");
    }
}
