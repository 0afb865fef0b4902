namespace Onnxdl.Runtime.Tests;

internal static class Requires
{
    /// <summary>The fallback tests describe a machine without a GPU; on a GPU machine they do not apply.</summary>
    public static void NoGpu()
    {
        if (File.Exists("/dev/nvidiactl")) throw new InvalidOperationException("These tests need a machine without an NVIDIA GPU.");
    }
}
