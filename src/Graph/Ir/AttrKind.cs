namespace Onnxdl.Graph;

public enum AttrKind { Float, Int, String, Tensor, Graph, Floats, Ints, Strings }
