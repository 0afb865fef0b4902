namespace Onnxdl.Runtime.Tests;

/// <summary>Whether this machine has an NVIDIA GPU (its driver's control device exists): what decides which device tests apply.</summary>
internal static class NvidiaGpu
{
    public static bool Present { get; } = File.Exists("/dev/nvidiactl");
}
