namespace Onnxdl.Graph.Optimizers;

/// <summary>A state slot renamed and rescaled: the value now stored under <paramref name="To"/> is <paramref name="Factor"/> times the one stored under <paramref name="From"/>.</summary>
public sealed record SlotUpgrade(string From, string To, double Factor);
