using Onnxdl.Augment;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// The container's view of the served model: the shared <see cref="Predictor"/> and, when the model takes
/// images, its <see cref="ImageClassifier"/>. A tensor-only model is still served; image requests then get
/// <see cref="WhyNoImages"/>.
/// </summary>
internal sealed class ServedModel
{
    public ServedModel(Predictor predictor)
    {
        Predictor = predictor;
        try
        {
            Images = new ImageClassifier(predictor);
        }
        catch (Exception e) when (e is ArgumentException or DataException)
        {
            WhyNoImages = e.Message;
        }
    }

    public Predictor Predictor { get; }
    public ImageClassifier? Images { get; }
    public string? WhyNoImages { get; }
}
