namespace Onnxdl.Tests;

/// <summary>A fact that needs the third-party models; skipped, saying how to fetch them, only when they are absent.</summary>
public sealed class ThirdPartyFactAttribute : FactAttribute
{
    public ThirdPartyFactAttribute()
    {
        if (!ThirdPartyModels.Present) Skip = ThirdPartyModels.SkipReason;
    }
}
