namespace Onnxdl.Graph;

public sealed record OpsetId(string Domain, long Version);
