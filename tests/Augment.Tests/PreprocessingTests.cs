using OpenCvSharp;

namespace Onnxdl.Augment.Tests;

public class PreprocessingTests
{
    [Fact]
    public void Json_round_trip_rebuilds_an_equal_description()
    {
        var original = new Preprocessing(224, 224, 3)
        {
            Resize = ResizeMode.Letterbox, Interpolation = Interpolation.Linear,
            Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f],
        };
        string json = original.ToJson();
        Assert.Contains("\"resize\":\"letterbox\"", json);
        Assert.DoesNotContain("sampleSize", json);
        Assert.Equal(original, Preprocessing.FromJson(json));
    }

    [Fact]
    public void Bad_json_or_values_are_rejected_naming_where_the_json_came_from()
    {
        var syntax = Assert.Throws<DataException>(() => Preprocessing.FromJson("{not json", "model.onnx metadata"));
        Assert.Contains("'model.onnx metadata' is not valid preprocessing JSON", syntax.Message);
        var values = Assert.Throws<ArgumentException>(() => Preprocessing.FromJson("""{"width":28,"height":28,"channels":2}"""));
        Assert.Contains("channels=2", values.Message);
        Assert.Throws<ArgumentException>(() => (new Preprocessing(4, 4, 3) { Mean = [0.5f] }).Validate());
    }

    [Fact]
    public void Mean_and_std_apply_per_channel_after_scaling()
    {
        using var image = TestImages.Solid(1, 1, MatType.CV_8UC3, new Scalar(0, 255, 51)); // R=51, G=255, B=0
        var chw = new float[3];
        new Preprocessing(1, 1, 3) { Mean = [0.2f, 0.5f, 0f], Std = [0.5f, 0.25f, 2f] }.Apply(TestImages.Encode(image), chw);
        Assert.Equal(0f, chw[0], 1e-5f);   // (0.2 − 0.2) / 0.5
        Assert.Equal(2f, chw[1], 1e-5f);   // (1 − 0.5) / 0.25
        Assert.Equal(0f, chw[2], 1e-5f);   // 0 / 2
    }

    [Fact]
    public void A_too_small_destination_is_refused_with_both_sizes()
    {
        using var image = TestImages.Gradient(4, 4);
        var error = Assert.Throws<ArgumentException>(() => new Preprocessing(4, 4, 1).Apply(TestImages.Encode(image), new float[10]));
        Assert.Contains("10", error.Message);
        Assert.Contains("16", error.Message);
    }

    [Fact]
    public void Unsupported_mats_and_sizes_are_refused_before_reaching_opencv()
    {
        using var twoChannels = new Mat(4, 4, MatType.CV_8UC2, Scalar.All(1));
        Assert.Contains("2 channels", Assert.Throws<DataException>(() => new Preprocessing(4, 4, 1).Apply(twoChannels, new float[16])).Message);
        using var floats = new Mat(4, 4, MatType.CV_32FC1, Scalar.All(1));
        Assert.Contains("8- or 16-bit", Assert.Throws<DataException>(() => new Preprocessing(4, 4, 1).Apply(floats, new float[16])).Message);
        using var grey = TestImages.Gradient(4, 4);
        Assert.Contains("width=0", Assert.Throws<ArgumentException>(() => new Preprocessing(0, 4, 1).Apply(grey, new float[16])).Message);
    }
}
