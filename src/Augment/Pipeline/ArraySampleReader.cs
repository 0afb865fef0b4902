using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Samples from an <see cref="ArrayDataset"/>; features are used as they are (already scaled/normalized).</summary>
internal sealed class ArraySampleReader(ArrayDataset data) : ISampleReader
{
    public int Count => data.Count;
    public int[] SampleShape => data.SampleShape;
    public IReadOnlyList<string> ClassNames => data.ClassNames;
    public int Label(int index) => data.Labels[index];

    public void ReadChw(int index, Span<float> chw) => data.Sample(index).CopyTo(chw);

    public void ReadHwc(int index, Mat dst)
    {
        if (data.SampleShape is not [var channels, var height, var width])
            throw new InvalidOperationException($"Image augmentations need image samples [C, H, W]; this dataset has shape [{string.Join(", ", data.SampleShape)}].");
        ChwLayout.Read(data.Sample(index), channels, height, width, dst);
    }

    public void WriteChw(Mat hwc, Span<float> chw) => ChwLayout.Write(hwc, [], [], chw);
}
