namespace Onnxdl.Runtime;

/// <summary>The device a session actually got, and why it differs from the one asked for (if it does).</summary>
public sealed record DeviceChoice(Device Requested, Device Actual, string? FallbackReason);
