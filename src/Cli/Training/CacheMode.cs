namespace Onnxdl.Cli;

/// <summary>Whether <c>onnxdl train</c> decodes image files into memory before training or streams them (<c>--cache</c>).</summary>
internal enum CacheMode
{
    /// <summary>In memory when the decoded images take at most <see cref="DataSettings.AutoCacheBytes"/>, streamed otherwise.</summary>
    Auto,
    /// <summary>Always decoded into memory first.</summary>
    Always,
    /// <summary>Always streamed from disk, batch by batch.</summary>
    Never,
}
