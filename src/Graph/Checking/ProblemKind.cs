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
    /// <summary>A name defined twice where ONNX requires it to be unique (node outputs, graph inputs, initializers, a node's attributes).</summary>
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
    /// <summary>A required input left empty (""), which only optional inputs may be.</summary>
    MissingInput,
    /// <summary>An attribute the operator's version in effect does not declare.</summary>
    UnknownAttribute,
    /// <summary>A required attribute of the operator's version in effect that the node lacks.</summary>
    MissingAttribute,
    /// <summary>An attribute of another type than the operator declares (e.g. FLOAT where it takes INT).</summary>
    WrongAttributeType,
    /// <summary>An input whose declared type the operator's type constraint does not allow (e.g. Conv on int32).</summary>
    WrongInputType,
    /// <summary>Inputs bound to one type constraint (e.g. both inputs of Add) declared with different types.</summary>
    InputTypesDiffer,
    /// <summary>A graph input, value_info or graph output declaring another element type than its initializer stores.</summary>
    InitializerTypeMismatch,
    /// <summary>A value_info or graph output declaring another element type than the operator writing it produces.</summary>
    InferredTypeMismatch,
}
