namespace Onnxdl.Runtime.Tests.Interop;

/// <summary>A fact that needs interop/node/node_modules; skipped, saying how to install it, only when that is absent.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (!NodeRuntime.Installed) Skip = NodeRuntime.SkipReason;
    }
}
