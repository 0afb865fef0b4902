namespace Onnxdl.Runtime;

public enum MonitorMode { Auto, Min, Max }
