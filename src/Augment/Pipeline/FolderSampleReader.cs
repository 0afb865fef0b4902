using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Samples decoded from an <see cref="ImageFolder"/>'s files on demand with a <see cref="Preprocessing"/>.</summary>
internal sealed class FolderSampleReader(ImageFolder folder, Preprocessing preprocessing) : ISampleReader
{
    public int Count => folder.Count;
    public int[] SampleShape => preprocessing.SampleShape;
    public IReadOnlyList<string> ClassNames => folder.ClassNames;
    public int Label(int index) => folder.Labels[index];

    public void ReadChw(int index, Span<float> chw) => preprocessing.Apply(folder.Files[index], chw);

    public void ReadHwc(int index, Mat dst)
    {
        using var scope = new MatScope();
        preprocessing.ToScaledFloat(scope.Own(preprocessing.Decode(folder.Files[index])), dst);
    }

    public void WriteChw(Mat hwc, Span<float> chw) => preprocessing.Normalize(hwc, chw);
}
