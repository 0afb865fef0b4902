using System.Text.Json.Nodes;

namespace Onnxdl.Cli;

/// <summary>What <c>evaluate</c> and <c>train --test-data</c> report: a <see cref="ClassificationReport"/> or a <see cref="RegressionReport"/>.</summary>
internal interface IEvaluationReport
{
    /// <summary>Samples evaluated.</summary>
    long Count { get; }

    /// <summary>The scores on one line, e.g. <c>loss 0.3512  accuracy 0.8731  (10000 samples)</c>.</summary>
    string Summary { get; }

    /// <summary>The scores as metrics.json's "test" and <c>evaluate --json</c> write them, with "samples".</summary>
    JsonObject ToJson();

    /// <summary>Sums every rank's share into every rank's report (data-parallel evaluation splits the batches over ranks).</summary>
    void Reduce(Runtime.ICommunicator communicator);
}
