namespace Onnxdl.Augment;

/// <summary>Where an image folder keeps each image's label.</summary>
public enum FolderLayout
{
    /// <summary>Subfolders with images → <see cref="Subfolders"/>; images at the top → <see cref="FileNamePrefix"/>.</summary>
    Auto,
    /// <summary>The seed's layout: <c>dir/&lt;label&gt;.&lt;n&gt;.png</c>, label = file name up to the first dot.</summary>
    FileNamePrefix,
    /// <summary>One subfolder per class: <c>dir/&lt;class&gt;/*.png</c>.</summary>
    Subfolders,
    /// <summary>Listed in a CSV/TSV manifest of <c>path,label</c> rows (<see cref="ImageFolder.FromManifest"/>; <see cref="ImageFolder.Scan"/> refuses it).</summary>
    Manifest,
}
