using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>
/// Owns the native <see cref="Mat"/>s a piece of code creates and releases them all at once
/// (like OpenCvSharp's ResourcesTracker). It also counts live Mats process-wide, so tests can
/// prove that decoding, augmentation and the pipeline release every native buffer.
/// Every Mat created inside this library goes through a scope, except those handed to a caller.
/// </summary>
internal sealed class MatScope : IDisposable
{
    private static long _live;
    private readonly List<Mat> _owned = [];

    /// <summary>Mats created through any scope and not yet released.</summary>
    internal static long Live => Interlocked.Read(ref _live);

    public Mat New() => Own(new Mat());

    public T Own<T>(T mat) where T : Mat
    {
        _owned.Add(mat);
        Interlocked.Increment(ref _live);
        return mat;
    }

    public void Dispose()
    {
        foreach (var mat in _owned)
        {
            mat.Dispose();
            Interlocked.Decrement(ref _live);
        }
        _owned.Clear();
    }
}
