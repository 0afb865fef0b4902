using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>What <c>onnxdl serve</c> serves and where. <see cref="Urls"/> are Kestrel URLs separated by ';' (port 0 = any free port).
/// The first of <see cref="Models"/> answers <c>/predict</c> and <c>/metadata</c>.</summary>
internal sealed record ServeOptions(IReadOnlyList<ModelSource> Models, string Urls, Device Device, long MaxBodyBytes, BatchingOptions Batching)
{
    public const long DefaultMaxBodyBytes = 10 * 1024 * 1024;
    public const string DefaultUrls = "http://127.0.0.1:5000";

    /// <summary>One model, served under its file name, with default batching.</summary>
    public ServeOptions(string modelPath, string urls, Device device, long maxBodyBytes)
        : this([ModelSource.Parse(modelPath)], urls, device, maxBodyBytes, BatchingOptions.Default)
    {
    }
}
