namespace Onnxdl.Runtime.Tests.Interop;

/// <summary>The theory form of <see cref="NodeFactAttribute"/>.</summary>
public sealed class NodeTheoryAttribute : TheoryAttribute
{
    public NodeTheoryAttribute()
    {
        if (!NodeRuntime.Installed) Skip = NodeRuntime.SkipReason;
    }
}
