extern alias analyzers;

using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using FlowContext = analyzers::AbiKit.Analyzers.Flow.FlowContext;
using RuleMask = analyzers::AbiKit.Analyzers.Flow.RuleMask;
using TypestateAnalysis = analyzers::AbiKit.Analyzers.Flow.TypestateAnalysis;
using TypestateAnalyzer = analyzers::AbiKit.Analyzers.Flow.TypestateAnalyzer;

namespace AbiKit.Benchmarks;

/// <summary>
/// What the AbiKit analyzers add to a compilation, in process: compile and emit a generated consumer (baseline),
/// the same with the analyzer driver running a do-nothing operation analyzer (what any operation analyzer, e.g.
/// the SDK's own, forces: every body bound again and turned into operations), and that plus AbiKit's six analyzers.
/// AbiKit's own cost is the difference between the last two. Single-threaded compilation and analysis, so the
/// figures do not depend on how many cores are free.
/// The layers of AbiKit's own time, each over every method body of the corpus (bodies bound once in setup, so these
/// exclude binding): the pre-filter walk, the control-flow graphs of the bodies it lets through, and the typestate
/// engine stopped after discovery, after the fixed point, and run whole (reporting is the last minus the previous).
/// Corpora: "Dense" is scripts/measure-analyzers.sh's (per file a correct and a wrong AbiKit method and one plain
/// one: two methods in three go through the typestate engine); "Consumer" is 100 files of 20 methods, 2 of them
/// using AbiKit (2,000 methods). Target: AbiKit's difference at most 5% of the build.
/// </summary>
public class AnalyzerCostBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private ImmutableArray<DiagnosticAnalyzer> _noOp;
    private ImmutableArray<DiagnosticAnalyzer> _abikit;
    private ImmutableArray<DiagnosticAnalyzer> _typestate;
    private FlowContext _flow = null!;
    private List<(IOperation Root, ISymbol Owner)> _bodies = null!;
    private List<(IOperation Root, ISymbol Owner, ControlFlowGraph Graph)> _touched = null!;

    /// <summary>The corpus: Dense or Consumer.</summary>
    [Params("Dense", "Consumer")]
    public string Corpus { get; set; } = "Dense";

    /// <summary>Parses the corpus and checks that it compiles and that the analyzers find its planted misuse.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (files, plain) = Corpus == "Dense" ? (400, 0) : (100, 17);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !p.StartsWith(AppContext.BaseDirectory, StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        foreach (var type in new[] { typeof(AbiKit.Alloc.AllocBuffer), typeof(AbiKit.Runtime.Channels.IIoctlChannel), typeof(AbiKit.Model.CpuAccess) })
            references.Add(MetadataReference.CreateFromFile(type.Assembly.Location));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText("global using System; global using System.Linq; global using System.Collections.Generic;", parse) };
        for (int i = 1; i <= files; i++) trees.Add(CSharpSyntaxTree.ParseText(AnalyzerCorpus.File(i, plain), parse, path: $"File{i}.cs"));
        _compilation = CSharpCompilation.Create("Corpus", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));
        var errors = _compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) throw new InvalidOperationException("The corpus does not compile: " + errors[0]);
        _noOp = ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpOperationAnalyzer());
        _abikit = typeof(TypestateAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .Append(new NoOpOperationAnalyzer()).ToImmutableArray();
        _flow = FlowContext.Create(_compilation)!;
        _bodies = new List<(IOperation, ISymbol)>();
        foreach (var tree in _compilation.SyntaxTrees)
        {
            var model = _compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<BaseMethodDeclarationSyntax>())
            {
                if (model.GetOperation(declaration) is { } root && model.GetDeclaredSymbol(declaration) is { } owner) _bodies.Add((root, owner));
            }
        }
        _touched = _bodies.Where(b => TypestateAnalyzer.Touches(b.Root, _flow))
            .Select(b => (b.Root, b.Owner, ControlFlowGraph.Create((IMethodBodyOperation)b.Root))).ToList();
        _typestate = _abikit.Where(a => a is TypestateAnalyzer or NoOpOperationAnalyzer).ToImmutableArray();
        int found = WithAbiKitAnalyzers();
        // Each file's wrong method leaks a buffer, reads after the window ended and leaves one unended on a path.
        if (found < 3 * files) throw new InvalidOperationException($"the analyzers found {found} diagnostics in {files} files");
    }

    /// <summary>Compile and emit, no analyzers.</summary>
    [Benchmark(Baseline = true)]
    public long CompileAndEmit()
    {
        using var stream = new MemoryStream();
        var result = _compilation.Clone().Emit(stream);
        return result.Success ? stream.Length : -1;
    }

    /// <summary>Compile, run the driver with one do-nothing operation analyzer, emit.</summary>
    [Benchmark]
    public int WithNoOpOperationAnalyzer() => Analyze(_noOp);

    /// <summary>Compile, run the driver with AbiKit's analyzers (and the do-nothing one), emit; returns AbiKit's diagnostics.</summary>
    [Benchmark]
    public int WithAbiKitAnalyzers() => Analyze(_abikit);

    /// <summary>Compile, run the driver with the three typestate analyzers only (and the do-nothing one), emit.</summary>
    [Benchmark]
    public int WithTypestateAnalyzers() => Analyze(_typestate);

    /// <summary>Binding: every method body of a fresh clone turned into an operation tree (what the driver pays for any operation analyzer).</summary>
    [Benchmark]
    public int OperationTrees()
    {
        var compilation = _compilation.Clone();
        int count = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<BaseMethodDeclarationSyntax>())
            {
                if (model.GetOperation(declaration) is not null) count++;
            }
        }
        return count;
    }

    /// <summary>AbiKit layer 1: the pre-filter walk over every body.</summary>
    [Benchmark]
    public int PreFilter() => _bodies.Count(b => TypestateAnalyzer.Touches(b.Root, _flow));

    /// <summary>AbiKit layer 2: the control-flow graphs of the bodies the pre-filter lets through (Roslyn's builder).</summary>
    [Benchmark]
    public int Graphs() => _touched.Sum(b => ControlFlowGraph.Create((IMethodBodyOperation)b.Root).Blocks.Length);

    /// <summary>AbiKit layer 3: entity discovery on those graphs.</summary>
    [Benchmark]
    public int Discovery() => Engine(TypestateAnalysis.Stage.Discover);

    /// <summary>AbiKit layers 3 and 4: discovery and the fixed point.</summary>
    [Benchmark]
    public int DiscoveryAndSolver() => Engine(TypestateAnalysis.Stage.Solve);

    /// <summary>AbiKit layers 3 to 5: the whole engine with the rules' checks and reporting.</summary>
    [Benchmark]
    public int WholeEngine() => Engine(TypestateAnalysis.Stage.Report);

    private int Engine(TypestateAnalysis.Stage stop)
    {
        int found = 0;
        foreach (var (root, owner, graph) in _touched)
            TypestateAnalysis.Run(graph, owner, root, _flow, RuleMask.All, _ => found++, CancellationToken.None, stop);
        return found;
    }

    /// <summary>AbiKit's analyzers, each on its own (for the CPU-time view).</summary>
    internal IEnumerable<DiagnosticAnalyzer> AbiKitAnalyzers => _abikit.Where(a => a is not NoOpOperationAnalyzer);

    /// <summary>The do-nothing operation analyzer.</summary>
    internal DiagnosticAnalyzer NoOp => _noOp[0];

    /// <summary>Compile, run the driver with <paramref name="analyzers"/>, emit; returns AbiKit's diagnostics.</summary>
    internal int Analyze(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var compilation = _compilation.Clone();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        using var stream = new MemoryStream();
        compilation.Emit(stream);
        return diagnostics.Count(d => d.Id.StartsWith("ABI", StringComparison.Ordinal));
    }

    /// <summary>Registers what forces operation trees (an operation-block and an invocation action) and does nothing.</summary>
    // Instantiated directly, never shipped: no [DiagnosticAnalyzer] attribute, no release tracking.
#pragma warning disable RS1001, RS2008
    private sealed class NoOpOperationAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("NOOP001", "No-op", "No-op", "Benchmark", DiagnosticSeverity.Warning, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationBlockAction(_ => { });
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
        }
    }
#pragma warning restore RS1001, RS2008
}
