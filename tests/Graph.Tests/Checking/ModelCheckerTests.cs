namespace Onnxdl.Graph.Tests.Checking;

/// <summary>Each check of <see cref="ModelChecker"/> on a small model built to pass it and one built to fail it.</summary>
public class ModelCheckerTests
{
    private static Node Op(string opType, string name, string[] inputs, params string[] outputs) => new(opType, name, inputs, outputs);

    /// <summary>x [N, 2] → the nodes → the last node's first output.</summary>
    private static OnnxModel Model(params Node[] nodes) => Model(OnnxModel.DefaultOpset, nodes);

    private static OnnxModel Model(long opset, params Node[] nodes)
    {
        var graph = new OnnxGraph("g");
        graph.Inputs.Add(new ValueInfo("x", TensorType.Float(Dim.Batch, 2)));
        graph.Nodes.AddRange(nodes);
        graph.Outputs.Add(new ValueInfo(nodes[^1].Outputs[0], TensorType.Float(Dim.Batch, 2)));
        return new OnnxModel(graph, opset);
    }

    private static CheckProblem Single(OnnxModel model, ProblemKind kind, CheckOptions? options = null)
    {
        var problem = Assert.Single(ModelChecker.Check(model, options));
        Assert.Equal(kind, problem.Kind);
        return problem;
    }

    [Fact]
    public void A_chain_of_known_operators_in_order_is_valid()
    {
        Assert.Empty(ModelChecker.Check(Model(Op("Relu", "r", ["x"], "a"), Op("Add", "add", ["a", "x"], "b"))));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(13, false)]
    [InlineData(14, true)]
    public void Ir_versions_from_1_to_the_runtime_maximum_are_accepted(long irVersion, bool refused)
    {
        var model = Model(Op("Relu", "r", ["x"], "y"));
        model.IrVersion = irVersion;
        var problems = ModelChecker.Check(model);
        Assert.Equal(refused, problems.Any(p => p.Kind == ProblemKind.IrVersion));
        if (refused) Assert.Equal($"ir_version {irVersion} is not supported: ONNX Runtime 1.31 loads IR versions 1 to 13.", problems[0].Message);
    }

    [Fact]
    public void A_model_without_opset_imports_is_refused_and_so_is_each_node()
    {
        var model = Model(Op("Relu", "r", ["x"], "y"));
        model.Opsets.Clear();
        var problems = ModelChecker.Check(model);
        Assert.Equal([ProblemKind.MissingOpset, ProblemKind.MissingOpset], problems.Select(p => p.Kind));
        Assert.Equal("node 'r' (Relu)", problems[1].Where);
        Assert.Contains("domain ai.onnx is not in the model's opset_import", problems[1].Message);
    }

    [Fact]
    public void Opsets_beyond_the_runtime_are_refused_and_the_ai_onnx_alias_is_the_default_domain()
    {
        var problem = Single(Model(27, Op("Relu", "r", ["x"], "y")), ProblemKind.UnsupportedOpset);
        Assert.Equal("ai.onnx opset 27 is not supported: ONNX Runtime 1.31 supports versions 1 to 26.", problem.Message);
        Assert.Empty(ModelChecker.Check(Model(26, Op("Relu", "r", ["x"], "y"))));

        var aliased = Model(Op("Relu", "r", ["x"], "y"));
        aliased.Opsets[0] = new OpsetId("ai.onnx", 17);
        Assert.Empty(ModelChecker.Check(aliased));
        aliased.Opsets.Add(new OpsetId("", 17));
        Assert.Equal(ProblemKind.DuplicateName, Assert.Single(ModelChecker.Check(aliased)).Kind);
    }

    [Fact]
    public void An_unknown_domain_is_refused_and_a_node_of_a_domain_not_imported_too()
    {
        var model = Model(Op("Relu", "r", ["x"], "y"));
        model.Opsets.Add(new OpsetId("com.example", 1));
        Assert.Contains("domain 'com.example' is neither an ONNX domain", Single(model, ProblemKind.UnknownDomain).Message);

        var node = Op("LinearRegressor", "lr", ["x"], "y");
        node.Domain = "ai.onnx.ml";
        var ml = Model(node);
        Assert.Equal("node 'lr' (LinearRegressor)", Single(ml, ProblemKind.MissingOpset).Where);
        ml.Opsets.Add(new OpsetId("ai.onnx.ml", 1));
        Assert.Empty(ModelChecker.Check(ml));
    }

    [Fact]
    public void An_operator_must_exist_in_its_domain_at_the_imported_opset()
    {
        var problem = Single(Model(17, Op("Gelu", "gelu", ["x"], "y")), ProblemKind.UnknownOperator);
        Assert.Equal("operator 'Gelu' entered ai.onnx in opset 20, but the model imports opset 17; import opset 20 or later.", problem.Message);
        Assert.Empty(ModelChecker.Check(Model(20, Op("Gelu", "gelu", ["x"], "y"))));

        var node = Op("Relu", "ml_relu", ["x"], "y");
        node.Domain = "ai.onnx.ml";
        var ml = Model(node);
        ml.Opsets.Add(new OpsetId("ai.onnx.ml", 1));
        Assert.Equal("ONNX defines no operator 'Relu' in domain ai.onnx.ml.", Single(ml, ProblemKind.UnknownOperator).Message);
    }

    [Theory]
    [InlineData(17, "Gemm", 1, 1, "1 inputs, but Gemm-13 (in effect at ai.onnx opset 17) takes 2 to 3 inputs.")]
    [InlineData(17, "Gemm", 3, 1, null)]
    [InlineData(10, "Gemm", 2, 1, "2 inputs, but Gemm-9 (in effect at ai.onnx opset 10) takes 3 inputs.")]
    [InlineData(10, "Clip", 3, 1, "3 inputs, but Clip-6 (in effect at ai.onnx opset 10) takes 1 inputs.")]
    [InlineData(11, "Clip", 3, 1, null)]
    [InlineData(17, "Sum", 7, 1, null)]
    [InlineData(17, "Sum", 0, 1, "0 inputs, but Sum-13 (in effect at ai.onnx opset 17) takes at least 1 inputs.")]
    [InlineData(17, "Relu", 1, 2, "2 outputs, but Relu-14 (in effect at ai.onnx opset 17) takes 1 outputs.")]
    [InlineData(10, "Upsample", 5, 1, null)]   // deprecated versions are not held to a count
    public void Input_and_output_counts_follow_the_operator_version_in_effect(long opset, string op, int inputs, int outputs, string? message)
    {
        var node = Op(op, "n", [.. Enumerable.Repeat("x", inputs)], [.. Enumerable.Range(0, outputs).Select(i => $"y{i}")]);
        var model = Model(opset, node);
        if (message is null) Assert.Empty(ModelChecker.Check(model));
        else Assert.Equal(message, Single(model, ProblemKind.WrongInputOrOutputCount).Message);
    }

    [Fact]
    public void Nodes_out_of_order_are_told_apart_from_a_cycle()
    {
        var problem = Single(Model(Op("Add", "late", ["a", "x"], "b"), Op("Relu", "early", ["x"], "a")), ProblemKind.NotTopologicallySorted);
        Assert.Equal("node 'late' (Add)", problem.Where);
        Assert.Contains("input 'a' is written by node 'early' (Relu), which comes later", problem.Message);

        // a → b → c → a, through a third node: still a cycle.
        var cycle = Single(Model(Op("Add", "a", ["x", "c"], "a_out"), Op("Relu", "b", ["a_out"], "b_out"), Op("Relu", "c", ["b_out"], "c")), ProblemKind.Cycle);
        Assert.Contains("input 'c' is written by node 'c' (Relu), which depends on this node's own output", cycle.Message);

        // A node reading its own output is the shortest cycle.
        Assert.Equal("node 'self' (Add)", Single(Model(Op("Add", "self", ["x", "s"], "s")), ProblemKind.Cycle).Where);
    }

    [Fact]
    public void A_long_reversed_chain_is_disorder_and_checking_it_stays_linear()
    {
        // 100,000 nodes listed last-first: each reads the next one's output. A quadratic search would take hours.
        const int length = 100_000;
        var nodes = Enumerable.Range(0, length).Select(i => Op("Relu", $"n{i}", [i == length - 1 ? "x" : $"v{i + 1}"], $"v{i}")).ToArray();
        var problems = ModelChecker.Check(Model(nodes));
        Assert.Equal(length - 1, problems.Count);
        Assert.All(problems, p => Assert.Equal(ProblemKind.NotTopologicallySorted, p.Kind));
    }

    [Fact]
    public void Names_must_be_unique_where_onnx_requires_it()
    {
        var twice = Model(Op("Relu", "r", ["x"], "y"));
        twice.Graph.Inputs.Add(new ValueInfo("x", TensorType.Float(1)));
        Assert.Equal("graph input 'x'", Single(twice, ProblemKind.DuplicateName).Where);

        var overwritten = Single(Model(Op("Relu", "r", ["x"], "x")), ProblemKind.DuplicateName);
        Assert.Equal("output 'x' is already a graph input; each value must be written exactly once.", overwritten.Message);

        var initializers = Model(Op("Add", "add", ["x", "w"], "y"));
        initializers.Graph.Initializers.Add(Tensor.FromFloats("w", [2], [1, 2]));
        initializers.Graph.Inputs.Add(new ValueInfo("w", TensorType.Float(2)));   // an overridable initializer: allowed
        Assert.Empty(ModelChecker.Check(initializers));
        initializers.Graph.Initializers.Add(Tensor.FromFloats("w", [2], [3, 4]));
        Assert.Equal("initializer 'w'", Single(initializers, ProblemKind.DuplicateName).Where);
    }

    [Fact]
    public void A_graph_output_nothing_writes_is_undefined()
    {
        var model = Model(Op("Relu", "r", ["x"], "y"));
        model.Graph.Outputs.Add(new ValueInfo("nowhere", TensorType.Float(1)));
        Assert.Equal("graph output 'nowhere'", Single(model, ProblemKind.UndefinedValue).Where);
    }

    private static Node If(string name, OnnxGraph thenBranch, OnnxGraph elseBranch, string output) =>
        new("If", name, ["cond"], [output], [Attr.Graph("then_branch", thenBranch), Attr.Graph("else_branch", elseBranch)]);

    /// <summary>A branch whose one node reads <paramref name="reads"/> (from the enclosing graph) and writes <paramref name="output"/>.</summary>
    private static OnnxGraph Branch(string reads, string output)
    {
        var graph = new OnnxGraph("branch");
        graph.Nodes.Add(Op("Relu", $"{output}_relu", [reads], output));
        graph.Outputs.Add(new ValueInfo(output, TensorType.Float(Dim.Batch, 2)));
        return graph;
    }

    private static OnnxModel WithCondition(params Node[] nodes)
    {
        var model = Model(nodes);
        model.Graph.Inputs.Add(new ValueInfo("cond", new TensorType(ElementType.Bool, [])));
        return model;
    }

    [Fact]
    public void Subgraphs_see_the_values_their_owner_can_read_and_no_others()
    {
        var valid = WithCondition(Op("Relu", "r", ["x"], "a"), If("if", Branch("a", "t"), Branch("x", "e"), "y"));
        Assert.Empty(ModelChecker.Check(valid));

        // 'late' is written after the If node, so its branch cannot read it.
        var problem = Single(WithCondition(If("if", Branch("late", "t"), Branch("x", "e"), "y"), Op("Relu", "r", ["x"], "late")), ProblemKind.UndefinedValue);
        Assert.Equal("node 'if' (If) › then_branch › node 't_relu' (Relu)", problem.Where);
        Assert.Contains("input 'late' is not defined", problem.Message);

        // Names stay unique across scopes: a branch may not write a value of the graph around it.
        var shadowing = Single(WithCondition(If("if", Branch("x", "x"), Branch("x", "e"), "y")), ProblemKind.DuplicateName);
        Assert.Equal("output 'x' is already a value of an enclosing graph; each value must be written exactly once.", shadowing.Message);
    }

    [Fact]
    public void Subgraphs_nested_beyond_the_limit_are_refused_naming_the_option()
    {
        var innermost = Branch("x", "t3");
        var level2 = new OnnxGraph("level2");
        level2.Nodes.Add(If("if3", innermost, Branch("x", "e3"), "t2"));
        level2.Outputs.Add(new ValueInfo("t2", TensorType.Float(Dim.Batch, 2)));
        var level1 = new OnnxGraph("level1");
        level1.Nodes.Add(If("if2", level2, Branch("x", "e2"), "t1"));
        level1.Outputs.Add(new ValueInfo("t1", TensorType.Float(Dim.Batch, 2)));
        var model = WithCondition(If("if1", level1, Branch("x", "e1"), "y"));

        Assert.Empty(ModelChecker.Check(model, new CheckOptions { MaxNestingDepth = 3 }));
        // Both branches of if3 lie three levels down.
        var problems = ModelChecker.Check(model, new CheckOptions { MaxNestingDepth = 2 });
        Assert.Equal(["then_branch", "else_branch"], problems.Select(p => p.Where.Split(' ')[^1].Trim('\'')));
        Assert.All(problems, p => Assert.Equal(ProblemKind.NestingTooDeep, p.Kind));
        Assert.Equal("node 'if1' (If) › then_branch › node 'if2' (If) › then_branch › node 'if3' (If) attribute 'then_branch'", problems[0].Where);
        Assert.Equal("subgraphs nest 3 levels deep, beyond CheckOptions.MaxNestingDepth (2).", problems[0].Message);
    }

    [Fact]
    public void Declared_and_stored_tensors_are_limited_in_dims_and_elements()
    {
        var wide = Model(Op("Relu", "r", ["x"], "y"));
        wide.Graph.Inputs[0] = new ValueInfo("x", TensorType.Float(Dim.Batch, 65536, 65536));
        Assert.Equal("dims [65536,65536] hold more than CheckOptions.MaxElements (2147483648) elements.", Single(wide, ProblemKind.TensorTooLarge).Message);
        wide.Graph.Inputs[0] = new ValueInfo("x", TensorType.Float(Dim.Batch, 32768, 65536));   // exactly 2³¹
        Assert.Empty(ModelChecker.Check(wide));
        wide.Graph.Inputs[0] = new ValueInfo("x", TensorType.Float(Dim.Batch, (long)int.MaxValue + 1));
        Assert.Equal("declared dimension 2147483648 exceeds CheckOptions.MaxDim (2147483647); shape float32[N,2147483648].",
            Single(wide, ProblemKind.DimensionTooLarge).Message);

        var stored = Model(Op("Add", "add", ["x", "w"], "y"));
        stored.Graph.Initializers.Add(Tensor.FromFloats("w", [2, 2], [1, 2, 3, 4]));
        Assert.Empty(ModelChecker.Check(stored, new CheckOptions { MaxElements = 4 }));
        Assert.Equal("initializer 'w'", Single(stored, ProblemKind.TensorTooLarge, new CheckOptions { MaxElements = 3 }).Where);
    }

    [Fact]
    public void Attribute_payloads_are_limited_by_their_size_in_bytes()
    {
        var node = new Node("Transpose", "t", ["x"], ["y"], [Attr.IntList("perm", 1, 0)]);
        Assert.Empty(ModelChecker.Check(Model(node), new CheckOptions { MaxAttributeBytes = 16 }));
        var problem = Single(Model(node), ProblemKind.AttributeTooLarge, new CheckOptions { MaxAttributeBytes = 15 });
        Assert.Equal("node 't' (Transpose) attribute 'perm'", problem.Where);
        Assert.Equal("16 bytes of Ints exceed CheckOptions.MaxAttributeBytes (15).", problem.Message);
    }

    [Fact]
    public void Node_inputs_and_outputs_are_limited_in_number()
    {
        var split = Model(Op("Split", "split", ["x"], "a", "b"));
        Assert.Empty(ModelChecker.Check(split, new CheckOptions { MaxNodeArity = 2 }));
        Assert.Equal("2 outputs exceed CheckOptions.MaxNodeArity (1).",
            Single(split, ProblemKind.TooManyInputsOrOutputs, new CheckOptions { MaxNodeArity = 1 }).Message);
    }

    [Fact]
    public void Attributes_onnx_lets_through_unchecked_are_accepted()
    {
        // ONNX's OpSchema::Verify skips names starting "__" everywhere, and any name on LayerNormalization-17 (AllowUncheckedAttributes).
        Assert.Empty(ModelChecker.Check(Model(new Node("Relu", "r", ["x"], ["y"], [Attr.Int("__hint", 1)]))));
        var norm = new Node("LayerNormalization", "norm", ["x", "x"], ["y"], [Attr.String("vendor_hint", "fast")]);
        Assert.Empty(ModelChecker.Check(Model(17, norm)));
    }
}
