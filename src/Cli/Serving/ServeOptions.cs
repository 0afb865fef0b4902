using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>What <c>onnxdl serve</c> serves and where. <see cref="Urls"/> are Kestrel URLs separated by ';' (port 0 = any free port).</summary>
internal sealed record ServeOptions(string ModelPath, string Urls, Device Device, long MaxBodyBytes)
{
    public const long DefaultMaxBodyBytes = 10 * 1024 * 1024;
    public const string DefaultUrls = "http://127.0.0.1:5000";
}
