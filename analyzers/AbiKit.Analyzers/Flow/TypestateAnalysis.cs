using AbiSemantic = AbiKit.Model.AbiSemantic;
using SemanticEffect = AbiKit.Model.SemanticEffect;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static AbiKit.Analyzers.Flow.Typestate;

namespace AbiKit.Analyzers.Flow
{
    /// <summary>Which rules a run reports.</summary>
    [Flags]
    internal enum RuleMask
    {
        /// <summary>Nothing.</summary>
        None = 0,
        /// <summary>ABI001.</summary>
        UnpinnedAccess = 1,
        /// <summary>ABI002.</summary>
        MissingSync = 2,
        /// <summary>ABI003.</summary>
        UnbalancedSync = 4,
        /// <summary>ABI004.</summary>
        UseAfterClose = 8,
        /// <summary>ABI005.</summary>
        Leak = 16,
        /// <summary>Every typestate rule (one fixed point serves them all).</summary>
        All = UnpinnedAccess | MissingSync | UnbalancedSync | UseAfterClose | Leak,
    }

    /// <summary>
    /// Flow-sensitive typestate of buffer objects, CPU-access windows and pins within one method, over Roslyn's
    /// public <see cref="ControlFlowGraph"/>: a worklist over basic blocks to a fixed point (no reporting), then
    /// one reporting pass over the fixed-point block inputs, then the checks at the exit block.
    /// </summary>
    /// <remarks>
    /// <para>Tracked entities are the method's own locals and by-value parameters, and flow captures (the
    /// compiler's temporaries, e.g. the resource of <c>using (expr)</c>). A capture that only copies a local is
    /// an alias of it, and so is a <c>ref</c> local bound once to a tracked variable. Fields of this instance (and
    /// static fields) and <c>ref</c> parameters are tracked too, as variables that outlive the method: they start
    /// live and unknown, what is stored into them is handed on, and a call that may write them (a method of the
    /// compilation, a call on <c>this</c>, a delegate) makes them unknown again. Locals and parameters referenced by a lambda or local function other than the one declaring
    /// them are not tracked at all, so they produce no reports; lambdas and local functions are analyzed as their
    /// own graphs.</para>
    /// <para>What the entities hold comes from <c>[AbiSemantic]</c> effects only: a local assigned from a
    /// Creates / Imports / ImportsUserMemory call (or passed as its <c>out</c> argument) owns an object; one
    /// assigned from a BeginsCpuAccess call returning a scope holds an open window linked to the call's receiver;
    /// one assigned from a Pins call returning a scope holds a pin of its receiver; one assigned from a
    /// RequiresCpuAccess member holds memory reachable only while its source's window is open.</para>
    /// <para>Control flow: conditional edges refine on null checks (the lowered <c>using</c> tests its resource for
    /// null in its finally) and on the result of a creating call with <c>out</c> results (true, or a zero
    /// constant, means success). Branches leaving try regions run the finally regions they list, each as a nested
    /// fixed point from that branch's state (the finally blocks are not successors in the graph). Catch handlers
    /// are entered from every block of their try region. An explicit <c>throw</c> that no catch takes leaves the method like a return (after the finally regions it crosses), so it leaks what is still open; implicit exceptions are not checked (like CA2000's default).</para>
    /// <para>Escapes stop ownership and make window and pin state unknown: returning the value, storing it into
    /// anything but a tracked local, passing it to a method without <c>[AbiSemantic]</c>, capturing it in a
    /// delegate, or any other use the rules do not understand.</para>
    /// </remarks>
    internal sealed partial class TypestateAnalysis
    {
        /// <summary>Mask bit (no effect uses it) of a call whose conditional CPU-access effect could not be decided.</summary>
        private const int UncertainBit = 1 << 30;

        /// <summary>The effects that hand out a new object (the vocabulary's <see cref="AbiKit.Model.EffectTerm.ProducesObject"/>).</summary>
        private static readonly int CreationEffects = AbiKit.Model.Vocabulary.ProducingEffectsMask;

        private readonly ControlFlowGraph _cfg;
        private readonly ISymbol _owner;
        private readonly FlowContext _ctx;
        private readonly HashSet<ISymbol> _captured;
        private readonly Sink _sink;
        private readonly CancellationToken _ct;

        private readonly HashSet<ISymbol> _trackable = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<CaptureId, ISymbol> _alias = new();
        private readonly Dictionary<ISymbol, ISymbol> _symbolAlias = new(SymbolEqualityComparer.Default);
        private HashSet<ISymbol>? _refLocals;
        // Entities whose variable outlives the method (fields, ref parameters), forgotten at calls that may write them.
        private List<int>? _external;
        private readonly Dictionary<object, int> _index = new(KeyComparer.Instance);
        private readonly List<Entity> _entities = new();
        private readonly Dictionary<IOperation, int> _effects = new();
        private readonly List<(IInvocationOperation Call, bool ReadOnly)> _readOnly = new();
        private readonly Dictionary<ISymbol, List<int>> _resultOf = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<(int Region, ulong Hash), List<(ulong[] Input, ulong[]? Output)>> _finallyCache = new();

        private ulong[]?[] _reportIn = Array.Empty<ulong[]?>();
        private ulong[]? _thrown;

        // Correlated branches: the state is split into 2^k partitions, one per valuation of up to two boolean
        // variables the method branches on more than once (a flag tested, then tested again). A partition whose
        // valuation an edge contradicts is dropped on that edge, so "created if x ... closed if x" is one path.
        private readonly List<ISymbol> _conditions = new();
        private int _partitions = 1;
        private int _base;
        private ulong[] _state = Array.Empty<ulong>();
        private BasicBlock? _block;
        private bool _reporting;

        private TypestateAnalysis(ControlFlowGraph cfg, ISymbol owner, FlowContext ctx, HashSet<ISymbol> captured, Sink sink, CancellationToken ct)
        {
            _cfg = cfg;
            _owner = owner;
            _ctx = ctx;
            _captured = captured;
            _sink = sink;
            _ct = ct;
        }

        /// <summary>
        /// Analyzes the graph of <paramref name="root"/> (built by the caller, e.g. with the analysis context's
        /// cached <c>GetControlFlowGraph</c>) and the graphs of the lambdas and local functions in it.
        /// </summary>
        public static void Run(ControlFlowGraph cfg, ISymbol owner, IOperation root, FlowContext ctx, RuleMask rules, Action<Diagnostic> report, CancellationToken ct, Stage stop = Stage.Report)
        {
            var sink = new Sink(rules, report);
            RunGraph(cfg, owner, ctx, CapturedSymbols(root), sink, ct, depth: 0, stop);
            sink.Flush();
        }

        /// <summary>How far a run goes (the cost benchmarks time each layer: discovery, then the solver, then reporting).</summary>
        internal enum Stage
        {
            /// <summary>Entity discovery only.</summary>
            Discover,
            /// <summary>Discovery and the fixed point.</summary>
            Solve,
            /// <summary>The whole analysis.</summary>
            Report,
        }

        private static void RunGraph(ControlFlowGraph cfg, ISymbol owner, FlowContext ctx, HashSet<ISymbol> captured, Sink sink, CancellationToken ct, int depth, Stage stop)
        {
            var analysis = new TypestateAnalysis(cfg, owner, ctx, captured, sink, ct);
            if (analysis.Discover())
            {
                if (stop >= Stage.Solve) analysis.Solve();
                if (stop >= Stage.Report) analysis.Report();
            }
            else if (stop >= Stage.Report)
            {
                analysis.ReportDiscarded();
            }
            if (depth > 32) return;
            foreach (var block in cfg.Blocks)
            {
                foreach (var function in NestedFunctions(block))
                {
                    RunGraph(cfg.GetAnonymousFunctionControlFlowGraph(function), function.Symbol, ctx, captured, sink, ct, depth + 1, stop);
                }
            }
            foreach (var local in cfg.LocalFunctions)
            {
                RunGraph(cfg.GetLocalFunctionControlFlowGraph(local), local, ctx, captured, sink, ct, depth + 1, stop);
            }
        }

        private static IEnumerable<IFlowAnonymousFunctionOperation> NestedFunctions(BasicBlock block)
        {
            foreach (var root in Roots(block))
            {
                foreach (var op in root.DescendantsAndSelf())
                {
                    if (op is IFlowAnonymousFunctionOperation function) yield return function;
                }
            }
        }

        private static IEnumerable<IOperation> Roots(BasicBlock block)
        {
            foreach (var op in block.Operations) yield return op;
            if (block.BranchValue is { } branch) yield return branch;
        }

        /// <summary>Locals and parameters referenced by a lambda or local function other than the one that declares them.</summary>
        private static HashSet<ISymbol> CapturedSymbols(IOperation root)
        {
            var captured = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var stack = new Stack<(IOperation Op, ISymbol? Function)>();
            stack.Push((root, null));
            while (stack.Count > 0)
            {
                var (op, function) = stack.Pop();
                switch (op)
                {
                    case IAnonymousFunctionOperation lambda:
                        function = lambda.Symbol;
                        break;
                    case ILocalFunctionOperation local:
                        function = local.Symbol;
                        break;
                    case ILocalReferenceOperation l when function is not null && !SymbolEqualityComparer.Default.Equals(l.Local.ContainingSymbol, function):
                        captured.Add(l.Local);
                        break;
                    case IParameterReferenceOperation p when function is not null && !SymbolEqualityComparer.Default.Equals(p.Parameter.ContainingSymbol, function):
                        captured.Add(p.Parameter);
                        break;
                }
                foreach (var child in op.ChildOperations) stack.Push((child, function));
            }
            return captured;
        }
    }
}
