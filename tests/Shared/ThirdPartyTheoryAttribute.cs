namespace Onnxdl.Tests;

/// <summary>The theory form of <see cref="ThirdPartyFactAttribute"/>.</summary>
public sealed class ThirdPartyTheoryAttribute : TheoryAttribute
{
    public ThirdPartyTheoryAttribute()
    {
        if (!ThirdPartyModels.Present) Skip = ThirdPartyModels.SkipReason;
    }
}
