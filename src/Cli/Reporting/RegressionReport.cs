using System.Text.Json.Nodes;
using Onnxdl.Graph.Losses;

namespace Onnxdl.Cli;

/// <summary>
/// Regression results computed here from predictions, independent of the training graph, over every target value
/// (Keras's reduction: mean over the last axis, then the batch): the loss the model was trained with (MSE, MAE or Huber),
/// the mean absolute error and the root of the mean squared error.
/// </summary>
internal sealed class RegressionReport(Loss loss, int targetWidth) : IEvaluationReport
{
    private double _squaredSum, _absoluteSum, _huberSum;
    private long _values;

    public long Count => _values / targetWidth;
    public double Mse => _squaredSum / _values;
    public double Mae => _absoluteSum / _values;
    public double Rmse => Math.Sqrt(Mse);
    public double Loss => loss switch
    {
        MeanAbsoluteError => Mae,
        Huber => _huberSum / _values,
        _ => Mse,
    };

    /// <summary>Adds a batch: target rows and the model's prediction rows, <c>targetWidth</c> values each.</summary>
    public void AddBatch(ReadOnlySpan<float> targets, ReadOnlySpan<float> predictions)
    {
        for (var i = 0; i < targets.Length; i++)
        {
            double error = predictions[i] - targets[i];
            _squaredSum += error * error;
            _absoluteSum += Math.Abs(error);
            if (loss is Huber huber) _huberSum += huber.Of(error);
        }
        _values += targets.Length;
    }

    public void Reduce(Runtime.ICommunicator communicator)
    {
        double[] sums = [_squaredSum, _absoluteSum, _huberSum, _values];
        communicator.AllReduceSum(sums);
        (_squaredSum, _absoluteSum, _huberSum, _values) = (sums[0], sums[1], sums[2], (long)sums[3]);
    }

    public string Summary => $"loss {Loss:F4}  mae {Mae:F4}  rmse {Rmse:F4}  ({Count} samples)";

    public JsonObject ToJson() => new() { ["loss"] = JsonNumbers.Finite(Loss), ["mae"] = JsonNumbers.Finite(Mae), ["rmse"] = JsonNumbers.Finite(Rmse), ["samples"] = Count };
}
