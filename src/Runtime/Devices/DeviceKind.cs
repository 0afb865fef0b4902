namespace Onnxdl.Runtime;

public enum DeviceKind { Cpu, Cuda }
