namespace Onnxdl.Graph;

/// <summary>What a <see cref="CheckProblem"/> is about. The names are stable: scripts match on them (<c>onnxdl check --json</c>).</summary>
public enum ProblemKind
{
    /// <summary>ir_version outside 1..<see cref="ModelChecker.MaxIrVersion"/>.</summary>
    IrVersion,
    /// <summary>No opset_import, or none for a domain a node uses.</summary>
    MissingOpset,
    /// <summary>An imported opset version outside what ONNX Runtime supports for its domain.</summary>
    UnsupportedOpset,
    /// <summary>An opset import or node domain that neither ONNX nor ONNX Runtime defines.</summary>
    UnknownDomain,
    /// <summary>An operator the node's domain does not define at the imported opset.</summary>
    UnknownOperator,
    /// <summary>A node input or graph output that no graph input, initializer or earlier node defines.</summary>
    UndefinedValue,
    /// <summary>Nodes that (transitively) read their own output.</summary>
    Cycle,
    /// <summary>A node reading a value that a later node writes (no cycle: the nodes are just out of order).</summary>
    NotTopologicallySorted,
    /// <summary>A node with fewer or more inputs or outputs than its operator's version in effect takes.</summary>
    WrongInputOrOutputCount,
    /// <summary>A name defined twice where ONNX requires it to be unique (node outputs, graph inputs, initializers).</summary>
    DuplicateName,
    /// <summary>A declared dimension above <see cref="CheckOptions.MaxDim"/> or below 0.</summary>
    DimensionTooLarge,
    /// <summary>A tensor whose element count exceeds <see cref="CheckOptions.MaxElements"/>.</summary>
    TensorTooLarge,
    /// <summary>An attribute payload above <see cref="CheckOptions.MaxAttributeBytes"/>.</summary>
    AttributeTooLarge,
    /// <summary>A node with more inputs or outputs than <see cref="CheckOptions.MaxNodeArity"/>.</summary>
    TooManyInputsOrOutputs,
    /// <summary>Subgraphs nested deeper than <see cref="CheckOptions.MaxNestingDepth"/>.</summary>
    NestingTooDeep,
}
