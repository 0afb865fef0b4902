namespace Onnxdl.Runtime.Tests;

/// <summary>A fact about a machine without an NVIDIA GPU (e.g. CUDA fallback); skipped, saying why, where there is one.</summary>
public sealed class NoGpuFactAttribute : FactAttribute
{
    public NoGpuFactAttribute()
    {
        if (NvidiaGpu.Present) Skip = "describes a machine without an NVIDIA GPU; this one has /dev/nvidiactl.";
    }
}
