using System.Text;

namespace Onnxdl.Graph;

/// <summary>
/// Structural checks of an ONNX model, what <c>onnx.checker.check_model</c> does before a runtime sees it, plus
/// resource limits (<see cref="CheckOptions"/>):
/// <list type="bullet">
/// <item>ir_version within 1..<see cref="MaxIrVersion"/>; opset imports present, each domain known and its version
/// within what ONNX Runtime 1.31 supports;</item>
/// <item>every node input (and graph output) is a graph input, an initializer, an earlier node's output or, in a
/// subgraph, a value of an enclosing graph; a value read before it is written is told apart as a cycle or as
/// mere disorder; node outputs, graph inputs and initializers unique;</item>
/// <item>operators of ai.onnx, ai.onnx.ml and ai.onnx.preview.training exist in their domain at the imported
/// opset, with as many inputs and outputs as the version in effect takes, its required attributes, no attribute
/// it does not declare, each attribute of its declared type, no required input left empty (from ONNX's operator changelog in
/// Checking/OnnxOperators.txt);</item>
/// <item>inputs whose type the graph declares (graph inputs, initializers, value_info) within the operator's type
/// constraints, inputs sharing a constraint of one type, and declarations matching their initializer's type;</item>
/// <item>If/Loop/Scan (any GRAPH attribute) bodies checked recursively with the outer names visible;</item>
/// <item>declared dims and element counts, attribute sizes, node arity and subgraph depth within the limits.</item>
/// </list>
/// Not checked: deprecated operator versions (accepted as ONNX Runtime still
/// runs several), shape and type inference (types of node outputs no value_info declares), types of values from
/// an enclosing graph, com.microsoft operator names and non-tensor (sequence/map/optional) types.
/// </summary>
public static class ModelChecker
{
    /// <summary>
    /// The highest ir_version ONNX Runtime 1.31 loads: onnxruntime/core/graph/model.cc refuses
    /// <c>ir_version &gt; ONNX_NAMESPACE::Version::IR_VERSION</c> ("Unsupported model IR version: 14, max
    /// supported IR version: 13" from the 1.31.0 NuGet; a Runtime test asks ONNX Runtime and compares).
    /// </summary>
    public const long MaxIrVersion = 13;

    /// <summary>
    /// The highest ai.onnx opset ONNX Runtime 1.31 loads (model_load_utils.h ValidateOpsetForDomain: "Current
    /// official support for domain ai.onnx is till opset 26"; a Runtime test asks ONNX Runtime and compares).
    /// </summary>
    public const long MaxOpset = 26;

    /// <summary>The domains a model may import and the highest opset ONNX Runtime 1.31 supports for each ("" is ai.onnx).</summary>
    public static IReadOnlyDictionary<string, long> MaxOpsets { get; } = new Dictionary<string, long>
    {
        [""] = MaxOpset,
        ["ai.onnx.ml"] = 5,
        ["ai.onnx.preview.training"] = 1,
        ["com.microsoft"] = 1,
    };

    /// <summary>The domains whose operator names are checked against ONNX's operator list.</summary>
    private static readonly HashSet<string> ListedDomains = ["", "ai.onnx.ml", "ai.onnx.preview.training"];

    /// <summary>Every problem found in <paramref name="model"/> (empty when it is valid), checked against <paramref name="options"/> (defaults when null).</summary>
    public static IReadOnlyList<CheckProblem> Check(OnnxModel model, CheckOptions? options = null)
    {
        var run = new Run(options ?? new CheckOptions());
        run.Model(model);
        run.Graph(model.Graph, outer: null, "", depth: 0);
        return run.Problems;
    }

    /// <summary>Throws <see cref="OnnxFormatException"/> naming <paramref name="source"/> and listing every problem of an invalid <paramref name="model"/>.</summary>
    public static void ThrowIfInvalid(OnnxModel model, string source, CheckOptions? options = null)
    {
        var problems = Check(model, options);
        if (problems.Count > 0)
            throw new OnnxFormatException(
                $"{source}: not a valid ONNX model ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):\n{string.Join("\n", problems)}");
    }

    /// <summary>"" for the default domain under either of its names.</summary>
    private static string Normalize(string domain) => domain == "ai.onnx" ? "" : domain;

    private static string Show(string domain) => domain.Length == 0 ? "ai.onnx" : domain;

    /// <summary>The names of an enclosing graph, then of the graphs around it.</summary>
    private sealed record Scope(Dictionary<string, string> Names, Scope? Parent)
    {
        public bool Contains(string name) => Names.ContainsKey(name) || (Parent?.Contains(name) ?? false);
    }

    private sealed class Run(CheckOptions options)
    {
        private readonly Dictionary<string, long> _opsets = [];
        public List<CheckProblem> Problems { get; } = [];

        private void Add(ProblemKind kind, string where, string message) => Problems.Add(new(kind, where, message));

        public void Model(OnnxModel model)
        {
            if (model.IrVersion < 1 || model.IrVersion > MaxIrVersion)
                Add(ProblemKind.IrVersion, "model", $"ir_version {model.IrVersion} is not supported: ONNX Runtime 1.31 loads IR versions 1 to {MaxIrVersion}.");
            if (model.Opsets.Count == 0)
                Add(ProblemKind.MissingOpset, "model", "the model imports no opset; it needs at least one opset_import (ai.onnx, e.g. version 17).");
            foreach (var opset in model.Opsets)
            {
                var domain = Normalize(opset.Domain);
                if (!_opsets.TryAdd(domain, opset.Version))
                    Add(ProblemKind.DuplicateName, $"opset_import '{Show(domain)}'", $"domain {Show(domain)} is imported twice; import each domain once.");
                else if (!MaxOpsets.TryGetValue(domain, out var max))
                    Add(ProblemKind.UnknownDomain, $"opset_import '{domain}'",
                        $"domain '{domain}' is neither an ONNX domain nor one ONNX Runtime implements ({string.Join(", ", MaxOpsets.Keys.Select(Show))}); its operators need a custom-op library.");
                else if (opset.Version < 1 || opset.Version > max)
                    Add(ProblemKind.UnsupportedOpset, $"opset_import '{Show(domain)}'",
                        $"{Show(domain)} opset {opset.Version} is not supported: ONNX Runtime 1.31 supports versions 1 to {max}.");
            }
        }

        /// <summary>Checks one graph; <paramref name="outer"/> holds the names enclosing graphs define before this one's owner (null for the main graph).</summary>
        public void Graph(OnnxGraph graph, Scope? outer, string prefix, int depth)
        {
            var defined = new Dictionary<string, string>();   // name → what defines it, for duplicate messages
            bool Visible(string name) => defined.ContainsKey(name) || Outer(name);
            bool Outer(string name) => outer?.Contains(name) ?? false;

            foreach (var input in graph.Inputs)
            {
                Declared(input, $"{prefix}graph input '{input.Name}'");
                if (!defined.TryAdd(input.Name, "a graph input"))
                    Add(ProblemKind.DuplicateName, $"{prefix}graph input '{input.Name}'", $"graph input '{input.Name}' is declared twice; graph input names must be unique.");
            }
            var initializers = new HashSet<string>();
            foreach (var tensor in graph.Initializers)
            {
                var where = $"{prefix}initializer '{tensor.Name}'";
                if (!initializers.Add(tensor.Name))
                    Add(ProblemKind.DuplicateName, where, $"initializer '{tensor.Name}' is stored twice; initializer names must be unique.");
                defined.TryAdd(tensor.Name, "an initializer");   // an input of the same name is the initializer's overridable input
                Elements(tensor.Dims, where);
            }
            foreach (var info in graph.ValueInfos) Declared(info, $"{prefix}value_info '{info.Name}'");
            foreach (var output in graph.Outputs) Declared(output, $"{prefix}graph output '{output.Name}'");
            var types = KnownTypes(graph, prefix);

            var writers = FirstWriters(graph);
            var readsLater = new List<(int Reader, int Writer, string Value)>();
            for (var i = 0; i < graph.Nodes.Count; i++)
            {
                var node = graph.Nodes[i];
                var where = prefix + Describe(node, i);
                Arity(node, where);
                Operator(node, where, types);
                foreach (var attr in node.Attributes) Attribute(attr, where, defined, outer, depth);
                foreach (var input in node.Inputs.Where(v => v.Length > 0 && !Visible(v)).Distinct())
                {
                    if (writers.TryGetValue(input, out var writer) && writer >= i) readsLater.Add((i, writer, input));
                    else Add(ProblemKind.UndefinedValue, where,
                        $"input '{input}' is not defined: it must be a graph input, an initializer or an earlier node's output{(depth > 0 ? " (or a value of an enclosing graph)" : "")}.");
                }
                foreach (var output in node.Outputs.Where(v => v.Length > 0))
                {
                    var owner = defined.GetValueOrDefault(output) ?? (Outer(output) ? "a value of an enclosing graph" : null);
                    if (owner is not null)
                        Add(ProblemKind.DuplicateName, where, $"output '{output}' is already {owner}; each value must be written exactly once.");
                    else defined[output] = $"written by {Describe(node, i)}";
                }
            }
            foreach (var output in graph.Outputs.Where(o => !Visible(o.Name)))
                Add(ProblemKind.UndefinedValue, $"{prefix}graph output '{output.Name}'",
                    $"graph output '{output.Name}' is not defined: no graph input, initializer or node writes it.");
            Order(graph, readsLater, prefix);
        }

        /// <summary>Each value's first writer (by node index), to tell a read of a later output from a read of nothing.</summary>
        private static Dictionary<string, int> FirstWriters(OnnxGraph graph)
        {
            var writers = new Dictionary<string, int>();
            for (var i = 0; i < graph.Nodes.Count; i++)
                foreach (var output in graph.Nodes[i].Outputs.Where(v => v.Length > 0)) writers.TryAdd(output, i);
            return writers;
        }

        /// <summary>Reports each read of a later node's output as a cycle when reader and writer depend on each other, else as disorder.</summary>
        private void Order(OnnxGraph graph, List<(int Reader, int Writer, string Value)> readsLater, string prefix)
        {
            if (readsLater.Count == 0) return;
            var component = StronglyConnectedComponents(graph);
            foreach (var (reader, writer, value) in readsLater)
            {
                var where = prefix + Describe(graph.Nodes[reader], reader);
                var other = Describe(graph.Nodes[writer], writer);
                if (component[reader] == component[writer])
                    Add(ProblemKind.Cycle, where, $"input '{value}' is written by {other}, which depends on this node's own output: a cycle. ONNX graphs must be acyclic.");
                else
                    Add(ProblemKind.NotTopologicallySorted, where, $"input '{value}' is written by {other}, which comes later; nodes must be listed in topological order (writers before readers).");
            }
        }

        /// <summary>
        /// Each node's strongly connected component (Tarjan's algorithm, iterative so a long chain cannot overflow the
        /// stack; linear, so a hostile graph cannot make it quadratic): two nodes depend on each other iff they share one.
        /// </summary>
        private static int[] StronglyConnectedComponents(OnnxGraph graph)
        {
            var readers = new Dictionary<string, List<int>>();
            for (var i = 0; i < graph.Nodes.Count; i++)
                foreach (var input in graph.Nodes[i].Inputs.Where(v => v.Length > 0).Distinct())
                    (readers.TryGetValue(input, out var list) ? list : readers[input] = []).Add(i);
            IEnumerable<int> Successors(int node) =>
                graph.Nodes[node].Outputs.Where(v => v.Length > 0).SelectMany(output => readers.GetValueOrDefault(output, []));

            var count = graph.Nodes.Count;
            var index = new int[count];
            Array.Fill(index, -1);
            var low = new int[count];
            var component = new int[count];
            var onStack = new bool[count];
            var stack = new Stack<int>();
            var work = new Stack<(int Node, IEnumerator<int> Next)>();
            var (visited, components) = (0, 0);
            void Visit(int node)
            {
                index[node] = low[node] = visited++;
                stack.Push(node);
                onStack[node] = true;
                work.Push((node, Successors(node).GetEnumerator()));
            }
            for (var root = 0; root < count; root++)
            {
                if (index[root] >= 0) continue;
                Visit(root);
                while (work.TryPeek(out var top))
                {
                    if (top.Next.MoveNext())
                    {
                        var next = top.Next.Current;
                        if (index[next] < 0) Visit(next);
                        else if (onStack[next]) low[top.Node] = Math.Min(low[top.Node], index[next]);
                        continue;
                    }
                    work.Pop();
                    if (work.TryPeek(out var parent)) low[parent.Node] = Math.Min(low[parent.Node], low[top.Node]);
                    if (low[top.Node] != index[top.Node]) continue;
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component[member] = components;
                    } while (member != top.Node);
                    components++;
                }
            }
            return component;
        }

        private void Arity(Node node, string where)
        {
            if (node.Inputs.Count > options.MaxNodeArity)
                Add(ProblemKind.TooManyInputsOrOutputs, where, $"{node.Inputs.Count} inputs exceed CheckOptions.MaxNodeArity ({options.MaxNodeArity}).");
            if (node.Outputs.Count > options.MaxNodeArity)
                Add(ProblemKind.TooManyInputsOrOutputs, where, $"{node.Outputs.Count} outputs exceed CheckOptions.MaxNodeArity ({options.MaxNodeArity}).");
        }

        /// <summary>
        /// The tensor type of each value the graph types: initializers, then graph inputs, value_info and graph outputs.
        /// A declaration that contradicts its initializer's stored type is a problem (ONNX Runtime refuses it).
        /// </summary>
        private Dictionary<string, string> KnownTypes(OnnxGraph graph, string prefix)
        {
            var types = new Dictionary<string, string>();
            foreach (var tensor in graph.Initializers)
                if (SchemaChecks.TensorType(tensor.ElementType) is { } type) types.TryAdd(tensor.Name, type);
            var initializers = new HashSet<string>(types.Keys);
            foreach (var (info, what) in graph.Inputs.Select(v => (v, "graph input")).Concat(graph.ValueInfos.Select(v => (v, "value_info")))
                         .Concat(graph.Outputs.Select(v => (v, "graph output"))))
            {
                if (SchemaChecks.TensorType(info.Type.ElementType) is not { } declared) continue;
                if (!types.TryAdd(info.Name, declared) && initializers.Contains(info.Name) && types[info.Name] != declared)
                    Add(ProblemKind.InitializerTypeMismatch, $"{prefix}{what} '{info.Name}'",
                        $"declared {declared}, but the initializer '{info.Name}' stores {types[info.Name]}; declare the stored type.");
            }
            return types;
        }

        /// <summary>
        /// Records the output types the schema derives for a node without problems, so later nodes' inputs are checked
        /// against them; a declaration (value_info, graph output) of another type is a problem, as ONNX Runtime refuses it.
        /// </summary>
        private void Infer(Node node, OnnxOperators.Version schema, string where, Dictionary<string, string> types)
        {
            foreach (var (output, type) in SchemaChecks.OutputTypes(node, schema, types))
                if (!types.TryAdd(output, type) && types[output] != type)
                    Add(ProblemKind.InferredTypeMismatch, where,
                        $"output '{output}' is {type} by {node.OpType}-{schema.Since}'s type constraints, but the graph declares it {types[output]}.");
        }

        private void Operator(Node node, string where, Dictionary<string, string> types)
        {
            var domain = Normalize(node.Domain);
            if (!_opsets.TryGetValue(domain, out var version))
            {
                Add(ProblemKind.MissingOpset, where, $"the node's domain {Show(domain)} is not in the model's opset_import; import it (e.g. {Show(domain)} version {MaxOpsets.GetValueOrDefault(domain, 1)}).");
                return;
            }
            if (!ListedDomains.Contains(domain)) return;
            var versions = OnnxOperators.Versions(domain, node.OpType);
            var schema = versions.LastOrDefault(v => v.Since <= version);
            if (versions.Count == 0)
                Add(ProblemKind.UnknownOperator, where, $"ONNX defines no operator '{node.OpType}' in domain {Show(domain)}.");
            else if (schema is null)
                Add(ProblemKind.UnknownOperator, where,
                    $"operator '{node.OpType}' entered {Show(domain)} in opset {versions[0].Since}, but the model imports opset {version}; import opset {versions[0].Since} or later.");
            else if (!schema.Deprecated)
            {
                var before = Problems.Count;
                Count(node.Inputs.Count, "inputs", schema.MinInputs, schema.MaxInputs);
                Count(node.Outputs.Count, "outputs", schema.MinOutputs, schema.MaxOutputs);
                foreach (var (kind, message) in SchemaChecks.Attributes(node, schema).Concat(SchemaChecks.EmptyInputs(node, schema))
                             .Concat(SchemaChecks.InputTypes(node, schema, types)))
                    Add(kind, where, message);
                if (Problems.Count == before) Infer(node, schema, where, types);
            }

            void Count(int count, string what, int min, int max)
            {
                if (count >= min && (max < 0 || count <= max)) return;
                var range = max < 0 ? $"at least {min}" : min == max ? $"{min}" : $"{min} to {max}";
                Add(ProblemKind.WrongInputOrOutputCount, where,
                    $"{count} {what}, but {node.OpType}-{schema.Since} (in effect at {Show(domain)} opset {version}) takes {range} {what}.");
            }
        }

        private void Attribute(Attr attr, string where, Dictionary<string, string> defined, Scope? outer, int depth)
        {
            var bytes = attr.Kind switch
            {
                AttrKind.String => Encoding.UTF8.GetByteCount(attr.S),
                AttrKind.Strings => attr.Strings.Sum(s => (long)Encoding.UTF8.GetByteCount(s)),
                AttrKind.Ints => attr.Ints.LongLength * sizeof(long),
                AttrKind.Floats => attr.Floats.LongLength * sizeof(float),
                AttrKind.Tensor => attr.T?.Raw.LongLength ?? 0,
                AttrKind.TypeProto => attr.Tp?.CalculateSize() ?? 0,
                _ => 0L,
            };
            if (bytes > options.MaxAttributeBytes)
                Add(ProblemKind.AttributeTooLarge, $"{where} attribute '{attr.Name}'",
                    $"{bytes} bytes of {attr.Kind} exceed CheckOptions.MaxAttributeBytes ({options.MaxAttributeBytes}).");
            if (attr.T is { } tensor) Elements(tensor.Dims, $"{where} attribute '{attr.Name}'");
            if (attr.G is not { } body) return;
            if (depth + 1 > options.MaxNestingDepth)
            {
                Add(ProblemKind.NestingTooDeep, $"{where} attribute '{attr.Name}'",
                    $"subgraphs nest {depth + 1} levels deep, beyond CheckOptions.MaxNestingDepth ({options.MaxNestingDepth}).");
                return;
            }
            // The owner's graph as checked so far: exactly the names defined before the owner node (no copy).
            Graph(body, new Scope(defined, outer), $"{where} › {attr.Name} › ", depth + 1);
        }

        /// <summary>A declared type's dims and element count within the limits.</summary>
        private void Declared(ValueInfo info, string where)
        {
            var dims = info.Type.Shape?.Where(d => d.IsFixed).Select(d => d.Value!.Value).ToArray() ?? [];
            var tooLarge = dims.Where(d => d > options.MaxDim).ToArray();
            if (tooLarge.Length > 0)
                Add(ProblemKind.DimensionTooLarge, where,
                    $"declared dimension {tooLarge[0]} exceeds CheckOptions.MaxDim ({options.MaxDim}); shape {info.Type}.");
            else Elements(dims, where);
        }

        private void Elements(IReadOnlyList<long> dims, string where)
        {
            if (dims.Any(d => d == 0)) return;
            var count = 1L;
            foreach (var d in dims.Where(d => d > 0))
            {
                if (count > options.MaxElements / d)
                {
                    Add(ProblemKind.TensorTooLarge, where,
                        $"dims [{string.Join(",", dims)}] hold more than CheckOptions.MaxElements ({options.MaxElements}) elements.");
                    return;
                }
                count *= d;
            }
        }
    }

    private static string Describe(Node node, int index) =>
        node.Name.Length > 0 ? $"node '{node.Name}' ({node.OpType})" : $"node #{index} ({node.OpType})";
}
