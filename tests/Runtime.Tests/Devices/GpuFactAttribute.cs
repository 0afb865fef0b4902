namespace Onnxdl.Runtime.Tests;

/// <summary>A fact that needs an NVIDIA GPU; skipped, saying why, on a machine without one.</summary>
public sealed class GpuFactAttribute : FactAttribute
{
    public GpuFactAttribute()
    {
        if (!NvidiaGpu.Present) Skip = "needs an NVIDIA GPU (/dev/nvidiactl is absent).";
    }
}
