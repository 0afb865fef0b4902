namespace Onnxdl.Runtime;

/// <summary>metadata_props keys onnxdl writes into its models.</summary>
public static class MetadataKeys
{
    public const string Labels = "onnxdl.labels";
    public const string Preprocessing = "onnxdl.preprocessing";
    public const string Spec = "onnxdl.spec";
}
