namespace Onnxdl.Runtime;

/// <summary>metadata_props keys onnxdl writes into its models.</summary>
public static class MetadataKeys
{
    /// <summary>Class names, a JSON array of strings.</summary>
    public const string Labels = "onnxdl.labels";
    /// <summary>Input preprocessing, JSON (see Onnxdl.Augment.Preprocessing).</summary>
    public const string Preprocessing = "onnxdl.preprocessing";
    /// <summary>The model specification the model was built from, JSON.</summary>
    public const string Spec = "onnxdl.spec";
}
