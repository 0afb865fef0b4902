namespace Onnxdl.Graph.Tests.Reference;

/// <summary>TensorFlow's "same" padding, as its documentation defines it: ceil(in/stride) outputs, odd pixel at the end.</summary>
public static class SamePadding
{
    /// <summary>(output size, padding before) for one axis; "valid" is (floor((in − span)/stride) + 1, 0).</summary>
    public static (int Out, int Before) Axis(int input, int kernel, int stride, int dilation, bool same)
    {
        var span = dilation * (kernel - 1) + 1;
        if (!same) return ((input - span) / stride + 1, 0);
        var output = (int)Math.Ceiling(input / (double)stride);
        var total = Math.Max((output - 1) * stride + span - input, 0);
        return (output, total / 2);
    }
}
