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
    /// an alias of it. Locals and parameters referenced by a lambda or local function other than the one declaring
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
    internal sealed class TypestateAnalysis
    {
        /// <summary>Mask bit (no effect uses it) of a call whose conditional CPU-access effect could not be decided.</summary>
        private const int UncertainBit = 1 << 30;

        private const int CreationEffects = (1 << (int)SemanticEffect.Creates) | (1 << (int)SemanticEffect.Imports) | (1 << (int)SemanticEffect.ImportsUserMemory);

        private readonly ControlFlowGraph _cfg;
        private readonly ISymbol _owner;
        private readonly FlowContext _ctx;
        private readonly HashSet<ISymbol> _captured;
        private readonly Sink _sink;
        private readonly CancellationToken _ct;

        private readonly HashSet<ISymbol> _trackable = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<CaptureId, ISymbol> _alias = new();
        private readonly Dictionary<ISymbol, ISymbol> _symbolAlias = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<object, int> _index = new(KeyComparer.Instance);
        private readonly List<Entity> _entities = new();
        private readonly Dictionary<IOperation, int> _effects = new();
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
        public static void Run(ControlFlowGraph cfg, ISymbol owner, IOperation root, FlowContext ctx, RuleMask rules, Action<Diagnostic> report, CancellationToken ct)
        {
            var sink = new Sink(rules, report);
            RunGraph(cfg, owner, ctx, CapturedSymbols(root), sink, ct, depth: 0);
            sink.Flush();
        }

        private static void RunGraph(ControlFlowGraph cfg, ISymbol owner, FlowContext ctx, HashSet<ISymbol> captured, Sink sink, CancellationToken ct, int depth)
        {
            var analysis = new TypestateAnalysis(cfg, owner, ctx, captured, sink, ct);
            if (analysis.Discover())
            {
                analysis.Solve();
                analysis.Report();
            }
            else
            {
                analysis.ReportDiscarded();
            }
            if (depth > 32) return;
            foreach (var block in cfg.Blocks)
            {
                foreach (var function in NestedFunctions(block))
                {
                    RunGraph(cfg.GetAnonymousFunctionControlFlowGraph(function), function.Symbol, ctx, captured, sink, ct, depth + 1);
                }
            }
            foreach (var local in cfg.LocalFunctions)
            {
                RunGraph(cfg.GetLocalFunctionControlFlowGraph(local), local, ctx, captured, sink, ct, depth + 1);
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

        // ---------------------------------------------------------------- discovery

        private enum ValueKind { Other, Creation, Window, Pin, Span }

        private sealed class Entity
        {
            public Entity(object key, string name, ISymbol? symbol)
            {
                Key = key;
                Name = name;
                Symbol = symbol;
            }

            public object Key { get; }
            public string Name { get; }
            public ISymbol? Symbol { get; }
            public List<IOperation> Creations { get; } = new();
            public List<IOperation> Begins { get; } = new();
            public List<int> WindowScopes { get; } = new();
            public List<int> PinScopes { get; } = new();
            public int Receiver { get; set; } = -1;
            public bool ReceiverAmbiguous { get; set; }
            public bool IsWindowScope { get; set; }
            public bool IsPinScope { get; set; }
            public int SpanSource { get; set; } = -1;
            public string? ClosedBy { get; set; }
            public int Assignments { get; set; }
            public bool CreatedByOut { get; set; }
            public bool Escaped { get; set; }
            /// <summary>Compiler temporaries (a ternary's result) this local takes its object from, with where their sites start in its own lists.</summary>
            public Dictionary<int, (int Creations, int Begins)> MovedFrom { get; } = new();
        }

        private bool Discover()
        {
            CollectLocals(_cfg.Root);
            if (_owner is IMethodSymbol method)
            {
                foreach (var parameter in method.Parameters)
                {
                    if (parameter.RefKind is RefKind.None or RefKind.In && !_captured.Contains(parameter)) _trackable.Add(parameter);
                }
            }

            var ops = new List<IOperation>();
            foreach (var block in _cfg.Blocks)
            {
                foreach (var root in Roots(block))
                {
                    foreach (var op in root.DescendantsAndSelf()) ops.Add(op);
                }
            }
            foreach (var (copy, original) in SymbolAliases.Find(ops, _trackable)) _symbolAlias[copy] = original;
            var notAlias = new HashSet<CaptureId>();
            foreach (var op in ops)
            {
                if (op is not IFlowCaptureOperation capture) continue;
                var symbol = SymbolOf(Strip(capture.Value));
                if (symbol is null || (_alias.TryGetValue(capture.Id, out var previous) && !SymbolEqualityComparer.Default.Equals(previous, symbol))) notAlias.Add(capture.Id);
                else _alias[capture.Id] = symbol;
            }
            foreach (var id in notAlias) _alias.Remove(id);

            // Which keys are entities.
            foreach (var op in ops)
            {
                switch (op)
                {
                    case ISimpleAssignmentOperation assignment when KeyOf(assignment.Target) is { } key:
                        if (Classify(assignment.Value, out var access) is var kind && kind != ValueKind.Other && (kind != ValueKind.Span || HasSpanSource(access!))) Add(key);
                        else if (MovedCapture(assignment.Value) >= 0) Add(key);
                        break;
                    case IFlowCaptureOperation capture when !_alias.ContainsKey(capture.Id):
                        if (Classify(capture.Value, out var captured) is var captureKind && captureKind != ValueKind.Other && (captureKind != ValueKind.Span || HasSpanSource(captured!))) Add(capture.Id);
                        else if (Resolve(capture.Value) >= 0) Add(capture.Id); // a ternary picking one of two tracked objects
                        break;
                    case IInvocationOperation invocation when EffectsOf(invocation) is var mask && mask != 0:
                        if (KeyOf(SubjectOf(invocation)) is { } subject) Add(subject);
                        if ((mask & CreationEffects) != 0)
                        {
                            foreach (var argument in invocation.Arguments)
                            {
                                if (argument.Parameter is { RefKind: RefKind.Out } parameter && _ctx.IsObjectType(parameter.Type) && KeyOf(Strip(argument.Value)) is { } created) Add(created);
                            }
                        }
                        break;
                    case IPropertyReferenceOperation property when EffectsOf(property) != 0:
                        if (KeyOf(StripOrNull(property.Instance)) is { } instance) Add(instance);
                        break;
                }
            }
            if (_entities.Count == 0) return false;

            // Sites, links and flow-insensitive facts.
            var implicitClose = new List<int>();
            foreach (var op in ops)
            {
                switch (op)
                {
                    case ISimpleAssignmentOperation assignment:
                        {
                            int target = IndexOf(assignment.Target);
                            if (target >= 0 && target != Resolve(assignment.Value))
                            {
                                _entities[target].Assignments++;
                                Record(target, assignment.Value);
                            }
                            if (assignment.Target is ILocalReferenceOperation local && Strip(assignment.Value) is IInvocationOperation call && OutCreations(call) is { Count: > 0 } created)
                            {
                                _resultOf[local.Local] = created;
                            }
                            break;
                        }
                    case IFlowCaptureOperation capture when !_alias.ContainsKey(capture.Id) && IndexOf(capture.Id) is var captureIndex && captureIndex >= 0:
                        Record(captureIndex, capture.Value);
                        break;
                    case IInvocationOperation invocation when EffectsOf(invocation) is var mask && mask != 0:
                        {
                            int subject = Resolve(SubjectOf(invocation));
                            if (subject >= 0 && (mask & FlowContext.Bit(SemanticEffect.Destroys)) != 0)
                            {
                                if (!invocation.IsImplicit) _entities[subject].ClosedBy ??= CallName(invocation);
                                else implicitClose.Add(subject);
                            }
                            if (subject >= 0 && (mask & FlowContext.Bit(SemanticEffect.BeginsCpuAccess)) != 0 && !_ctx.IsWindowScopeType(invocation.Type)) _entities[subject].Begins.Add(invocation);
                            foreach (int created in OutCreations(invocation))
                            {
                                _entities[created].Creations.Add(invocation);
                                _entities[created].CreatedByOut = true;
                            }
                            break;
                        }
                    case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument when Resolve(argument.Value) is var written && written >= 0:
                        _entities[written].Assignments++;
                        break;
                }
            }
            foreach (int closed in implicitClose) _entities[closed].ClosedBy ??= "using";
            ChooseConditions(ops);
            for (int i = 0; i < _entities.Count; i++)
            {
                var entity = _entities[i];
                if (entity.Receiver < 0 || entity.ReceiverAmbiguous) continue;
                if (entity.IsWindowScope) _entities[entity.Receiver].WindowScopes.Add(i);
                if (entity.IsPinScope) _entities[entity.Receiver].PinScopes.Add(i);
            }
            return true;

            bool HasSpanSource(IOperation access) => access is IInvocationOperation or IPropertyReferenceOperation ? KeyOf(SubjectOf(access)) is not null : Resolve(access) >= 0;

            void Add(object key)
            {
                if (_index.ContainsKey(key)) return;
                _index[key] = _entities.Count;
                var symbol = key as ISymbol;
                _entities.Add(new Entity(key, symbol?.Name ?? CaptureName(key), symbol));
            }

            string CaptureName(object key)
            {
                foreach (var op in ops)
                {
                    if (op is IFlowCaptureOperation capture && key is CaptureId id && capture.Id.Equals(id)) return Shorten(capture.Value.Syntax.ToString());
                }
                return "value";
            }

            void Record(int target, IOperation value)
            {
                var entity = _entities[target];
                int moved = MovedCapture(value);
                if (moved >= 0 && moved != target && !entity.MovedFrom.ContainsKey(moved))
                {
                    var from = _entities[moved];
                    entity.MovedFrom[moved] = (entity.Creations.Count, entity.Begins.Count);
                    entity.Creations.AddRange(from.Creations);
                    entity.Begins.AddRange(from.Begins);
                    entity.IsWindowScope |= from.IsWindowScope;
                    entity.IsPinScope |= from.IsPinScope;
                    if (from.Receiver >= 0 || from.ReceiverAmbiguous) Link(entity, from.ReceiverAmbiguous ? -1 : from.Receiver);
                    return;
                }
                switch (Classify(value, out var access))
                {
                    case ValueKind.Creation:
                        entity.Creations.Add(access!);
                        break;
                    case ValueKind.Window:
                        entity.IsWindowScope = true;
                        entity.Begins.Add(access!);
                        Link(entity, Resolve(SubjectOf(access!)));
                        break;
                    case ValueKind.Pin:
                        entity.IsPinScope = true;
                        Link(entity, Resolve(SubjectOf(access!)));
                        break;
                    case ValueKind.Span:
                        int source = SpanSourceOf(access!);
                        if (source >= 0 && source != target && (entity.SpanSource < 0 || entity.SpanSource == source)) entity.SpanSource = source;
                        break;
                }
            }

            static void Link(Entity scope, int receiver)
            {
                if (receiver < 0 || (scope.Receiver >= 0 && scope.Receiver != receiver)) scope.ReceiverAmbiguous = true;
                else scope.Receiver = receiver;
            }
        }

        private void CollectLocals(ControlFlowRegion region)
        {
            foreach (var local in region.Locals)
            {
                if (!local.IsRef && !local.IsConst && !_captured.Contains(local)) _trackable.Add(local);
            }
            foreach (var nested in region.NestedRegions) CollectLocals(nested);
        }

        /// <summary>The tracked symbol an operation names: a copy's original when the copy is an alias of it.</summary>
        private ISymbol? SymbolOf(IOperation? op) => op switch
        {
            ILocalReferenceOperation l when _trackable.Contains(l.Local) => _symbolAlias.TryGetValue(l.Local, out var original) ? original : l.Local,
            IParameterReferenceOperation p when _trackable.Contains(p.Parameter) => p.Parameter,
            _ => null,
        };

        private object? KeyOf(IOperation? op)
        {
            if (op is IFlowCaptureReferenceOperation reference) return _alias.TryGetValue(reference.Id, out var symbol) ? symbol : reference.Id;
            return SymbolOf(op);
        }

        private int IndexOf(object? key) => key is not null && _index.TryGetValue(key, out int index) ? index : -1;

        private int IndexOf(IOperation target) => IndexOf(KeyOf(target));

        /// <summary>The entity an operation (after conversions) refers to, or -1.</summary>
        private int Resolve(IOperation? op) => op is null ? -1 : IndexOf(KeyOf(Strip(op)));

        private static IOperation Strip(IOperation op)
        {
            while (true)
            {
                switch (op)
                {
                    case IConversionOperation { OperatorMethod: null } conversion:
                        op = conversion.Operand;
                        continue;
                    case IDeclarationExpressionOperation declaration:
                        op = declaration.Expression;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        op = parenthesized.Operand;
                        continue;
                }
                return op;
            }
        }

        private static IOperation? StripOrNull(IOperation? op) => op is null ? null : Strip(op);

        /// <summary>The effect mask of the member an invocation or property reference reaches (cached per operation).</summary>
        private int EffectsOf(IOperation op)
        {
            if (_effects.TryGetValue(op, out int mask)) return mask;
            mask = op switch
            {
                IInvocationOperation invocation => InvocationEffects(invocation),
                IPropertyReferenceOperation property => _ctx.EffectMask(FlowContext.Resolve(property.Property, StripOrNull(property.Instance)?.Type)),
                _ => 0,
            };
            _effects[op] = mask;
            return mask;
        }

        /// <summary>
        /// The effects a call has: those of its member, with the conditional ones (<c>when</c> a flag is set or clear,
        /// as dma-buf SYNC begins or ends CPU access by DMA_BUF_SYNC_END) decided by the flags the call passes.
        /// </summary>
        private int InvocationEffects(IInvocationOperation invocation)
        {
            // Through an interface-typed alias (IDisposable d = buffer), the member is the original's implementation.
            var receiverType = StripOrNull(invocation.Instance)?.Type;
            if (receiverType is { TypeKind: TypeKind.Interface } && SymbolOf(StripOrNull(invocation.Instance)) is { } original) receiverType = TypeOf(original) ?? receiverType;
            var member = FlowContext.Resolve(invocation.TargetMethod, receiverType);
            int mask = _ctx.EffectMask(member);
            if (mask == 0) return 0;
            var semantics = _ctx.Index.EffectsOf(member);
            bool conditional = false;
            foreach (var semantic in semantics) conditional |= semantic.WhenField.Length > 0;
            if (!conditional) return mask;
            mask = ArgumentValues.ApplyingEffects(invocation, _cfg.OriginalOperation, semantics, out bool uncertain);
            // An undecided condition still makes the call an annotated one (its object is tracked), whose window
            // effect is unknown: nothing is reported from it rather than a guess.
            return mask | (uncertain ? UncertainBit : 0);
        }

        private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
        {
            ILocalSymbol l => l.Type,
            IParameterSymbol p => p.Type,
            _ => null,
        };

        /// <summary>The object an annotated member acts on: its receiver, or for a static (or extension) method its first argument.</summary>
        private IOperation? SubjectOf(IOperation access)
        {
            switch (access)
            {
                case IInvocationOperation invocation:
                    if (invocation.Instance is not null) return Strip(invocation.Instance);
                    // A static (or extension) method acts on its first argument, unless all it does is create.
                    if ((EffectsOf(invocation) & ~CreationEffects) == 0) return null;
                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Parameter is { Ordinal: 0, RefKind: RefKind.None or RefKind.In }) return Strip(argument.Value);
                    }
                    return null;
                case IPropertyReferenceOperation property:
                    return StripOrNull(property.Instance);
                default:
                    return null;
            }
        }

        private ValueKind Classify(IOperation value, out IOperation? access)
        {
            var v = Strip(value);
            if (v is IInvocationOperation derived && MemoryWrites.IsDerivation(derived))
            {
                // A slice or cast of window memory (or of a span taken from it) is that memory.
                var inner = Strip(MemoryWrites.Underlying(derived));
                if (Classify(inner, out access) == ValueKind.Span) return ValueKind.Span;
                if (IndexOf(KeyOf(inner)) is var span && span >= 0 && _entities[span].SpanSource >= 0)
                {
                    access = inner;
                    return ValueKind.Span;
                }
                access = null;
                return ValueKind.Other;
            }
            access = v;
            switch (v)
            {
                case IInvocationOperation invocation when EffectsOf(invocation) == 0 && _ctx.Summaries.Of(invocation.TargetMethod) is { ReturnsOwned: true } && _ctx.IsObjectType(invocation.Type):
                    return ValueKind.Creation; // an unannotated factory in this compilation that returns a new object
                case IInvocationOperation invocation when EffectsOf(invocation) is var mask && mask != 0:
                    if ((mask & CreationEffects) != 0 && _ctx.IsObjectType(invocation.Type)) return ValueKind.Creation;
                    if ((mask & FlowContext.Bit(SemanticEffect.BeginsCpuAccess)) != 0 && _ctx.IsWindowScopeType(invocation.Type)) return ValueKind.Window;
                    if ((mask & FlowContext.Bit(SemanticEffect.Pins)) != 0 && _ctx.IsPinScopeType(invocation.Type)) return ValueKind.Pin;
                    if ((mask & FlowContext.Bit(SemanticEffect.RequiresCpuAccess)) != 0 && invocation.Type is { SpecialType: not SpecialType.System_Void }) return ValueKind.Span;
                    break;
                case IPropertyReferenceOperation property when (EffectsOf(property) & FlowContext.Bit(SemanticEffect.RequiresCpuAccess)) != 0:
                    return ValueKind.Span;
            }
            access = null;
            return ValueKind.Other;
        }

        /// <summary>The compiler temporary (a tracked flow capture, e.g. a ternary's result) <paramref name="value"/> reads, or -1.</summary>
        private int MovedCapture(IOperation value)
            => Strip(value) is IFlowCaptureReferenceOperation reference && !_alias.ContainsKey(reference.Id) ? IndexOf(reference.Id) : -1;

        /// <summary>The entity whose window a span access needs: the annotated member's object, or a span's own source.</summary>
        private int SpanSourceOf(IOperation access)
        {
            if (access is IInvocationOperation or IPropertyReferenceOperation) return Resolve(SubjectOf(access));
            int span = Resolve(access);
            return span >= 0 ? _entities[span].SpanSource : -1;
        }

        /// <summary>Entities a creating call fills through <c>out</c> arguments.</summary>
        private List<int> OutCreations(IInvocationOperation invocation)
        {
            var result = new List<int>();
            if ((EffectsOf(invocation) & CreationEffects) == 0) return result;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { RefKind: RefKind.Out } parameter && _ctx.IsObjectType(parameter.Type) && Resolve(argument.Value) is var created && created >= 0) result.Add(created);
            }
            return result;
        }

        private static string CallName(IOperation access) => access switch
        {
            IInvocationOperation { Instance: { } instance } invocation => Shorten(NameOf(instance) + "." + invocation.TargetMethod.Name),
            IInvocationOperation invocation => invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name,
            IPropertyReferenceOperation { Instance: { } instance } property => Shorten(NameOf(instance) + "." + property.Property.Name),
            IPropertyReferenceOperation property => property.Property.ContainingType.Name + "." + property.Property.Name,
            _ => Shorten(access.Syntax.ToString()),
        };

        private static string NameOf(IOperation op) => Strip(op) switch
        {
            ILocalReferenceOperation l => l.Local.Name,
            IParameterReferenceOperation p => p.Parameter.Name,
            var other => other.Syntax.ToString(),
        };

        private static string MemberName(IOperation access) => access switch
        {
            IInvocationOperation invocation => invocation.TargetMethod.Name,
            IPropertyReferenceOperation property => property.Property.IsIndexer ? "this[]" : property.Property.Name,
            IFieldReferenceOperation field => field.Field.Name,
            IEventReferenceOperation e => e.Event.Name,
            _ => Shorten(access.Syntax.ToString()),
        };

        private static string Shorten(string text)
        {
            text = text.Replace("\r", " ").Replace("\n", " ");
            return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        }

        // ---------------------------------------------------------------- solving

        private void Solve()
        {
            _reportIn = new ulong[]?[_cfg.Blocks.Length];
            var entry = new ulong[_entities.Count * _partitions];
            for (int i = 0; i < entry.Length; i++)
            {
                entry[i] = _entities[i % _entities.Count].Symbol is IParameterSymbol ? Live | WindowUnknown | PinUnknown : None;
            }
            new RangeRun(this, 0, _cfg.Blocks.Length - 1).Run(0, entry);
        }

        /// <summary>A fixed point over blocks [First, Last], entered at one block: the whole graph, or one finally region.</summary>
        private sealed class RangeRun
        {
            private readonly TypestateAnalysis _a;
            private readonly int _first;
            private readonly ulong[]?[] _in;
            private readonly SortedSet<int> _work = new();
            private ulong[]? _exit;

            public RangeRun(TypestateAnalysis analysis, int first, int last)
            {
                _a = analysis;
                _first = first;
                _in = new ulong[]?[last - first + 1];
            }

            /// <summary>Runs to a fixed point; returns the join of the states leaving through the end of a finally region, if any.</summary>
            public ulong[]? Run(int entry, ulong[] state)
            {
                Join(entry, state);
                while (_work.Count > 0)
                {
                    _a._ct.ThrowIfCancellationRequested();
                    int ordinal = _work.Min;
                    _work.Remove(ordinal);
                    var block = _a._cfg.Blocks[ordinal];
                    var input = _in[ordinal - _first]!;
                    var output = (ulong[])input.Clone();
                    _a.Transfer(block, output, reporting: false);
                    if (block.ConditionalSuccessor is { } conditional)
                    {
                        var (whenTrue, whenFalse) = _a.Refine(block.BranchValue!, output);
                        bool conditionalWhenTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
                        Follow(block, conditional, conditionalWhenTrue ? whenTrue : whenFalse);
                        Follow(block, block.FallThroughSuccessor, conditionalWhenTrue ? whenFalse : whenTrue);
                    }
                    else
                    {
                        Follow(block, block.FallThroughSuccessor, output);
                    }
                    Exceptions(block, input, output);
                }
                for (int i = 0; i < _in.Length; i++)
                {
                    if (_in[i] is { } state1) JoinInto(ref _a._reportIn[_first + i], state1);
                }
                return _exit;
            }

            private void Follow(BasicBlock from, ControlFlowBranch? branch, ulong[]? state)
            {
                if (branch is null || state is null) return;
                if (branch.Semantics is ControlFlowBranchSemantics.Throw or ControlFlowBranchSemantics.Rethrow)
                {
                    Thrown(from, state);
                    return;
                }
                foreach (var @finally in branch.FinallyRegions)
                {
                    state = _a.StepFinally(@finally, state);
                    if (state is null) return;
                }
                if (branch.Destination is null)
                {
                    if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling) JoinInto(ref _exit, state);
                    return;
                }
                Join(branch.Destination.Ordinal, state);
            }

            private void Join(int ordinal, ulong[] state)
            {
                int i = ordinal - _first;
                if (i < 0 || i >= _in.Length) return;
                if (JoinInto(ref _in[i], state)) _work.Add(ordinal);
            }

            /// <summary>
            /// An explicit <c>throw</c> leaves the method like a return (after the finally regions it crosses), unless a
            /// catch of an enclosing try may take it (the handlers are entered from every block of their try anyway).
            /// Only the whole graph's run records it: a throw inside a finally region is not followed further.
            /// </summary>
            private void Thrown(BasicBlock from, ulong[] state)
            {
                if (_first != 0) return;
                for (var region = from.EnclosingRegion; region != _a._cfg.Root && region?.EnclosingRegion is { } parent; region = parent)
                {
                    if (region.Kind != ControlFlowRegionKind.Try) continue;
                    if (parent.Kind == ControlFlowRegionKind.TryAndCatch) return;
                    if (parent.Kind == ControlFlowRegionKind.TryAndFinally)
                    {
                        var after = _a.StepFinally(parent.NestedRegions[1], state);
                        if (after is null) return;
                        state = after;
                    }
                }
                JoinInto(ref _a._thrown, state);
            }

            /// <summary>An exception anywhere in a try region may enter its catch handlers, after the finally regions in between.</summary>
            private void Exceptions(BasicBlock block, ulong[] input, ulong[] output)
            {
                if (!HasCatch(block, _a._cfg.Root)) return;
                var state = (ulong[])input.Clone();
                for (int i = 0; i < state.Length; i++) state[i] |= output[i];
                // A lambda's graph's regions continue into the enclosing graph's: stop at this graph's root.
                for (var region = block.EnclosingRegion; region != _a._cfg.Root && region?.EnclosingRegion is { } parent; region = parent)
                {
                    if (region.Kind != ControlFlowRegionKind.Try) continue;
                    if (parent.Kind == ControlFlowRegionKind.TryAndCatch)
                    {
                        for (int h = 1; h < parent.NestedRegions.Length; h++) Join(parent.NestedRegions[h].FirstBlockOrdinal, state);
                    }
                    else if (parent.Kind == ControlFlowRegionKind.TryAndFinally)
                    {
                        var after = _a.StepFinally(parent.NestedRegions[1], state);
                        if (after is null) return;
                        state = after;
                    }
                }
            }

            private static bool HasCatch(BasicBlock block, ControlFlowRegion root)
            {
                for (var region = block.EnclosingRegion; region != root && region?.EnclosingRegion is { } parent; region = parent)
                {
                    if (region.Kind == ControlFlowRegionKind.Try && parent.Kind == ControlFlowRegionKind.TryAndCatch) return true;
                }
                return false;
            }
        }

        private ulong[]? StepFinally(ControlFlowRegion region, ulong[] state)
        {
            var key = (region.FirstBlockOrdinal, Hash(state));
            if (!_finallyCache.TryGetValue(key, out var cache)) _finallyCache[key] = cache = new();
            foreach (var (input, cached) in cache)
            {
                if (SameState(input, state)) return cached;
            }
            var output = new RangeRun(this, region.FirstBlockOrdinal, region.LastBlockOrdinal).Run(region.FirstBlockOrdinal, state);
            cache.Add((state, output));
            return output;
        }

        private static ulong Hash(ulong[] state)
        {
            ulong hash = 14695981039346656037UL;
            foreach (ulong value in state) hash = (hash ^ value) * 1099511628211UL;
            return hash;
        }

        private static bool SameState(ulong[] a, ulong[] b)
        {
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i]) return false;
            }
            return true;
        }

        /// <summary>Joins <paramref name="state"/> into <paramref name="target"/>; true when it grew.</summary>
        private static bool JoinInto(ref ulong[]? target, ulong[] state)
        {
            if (target is null)
            {
                target = (ulong[])state.Clone();
                return true;
            }
            bool changed = false;
            for (int i = 0; i < state.Length; i++)
            {
                ulong joined = target[i] | state[i];
                if (joined != target[i])
                {
                    target[i] = joined;
                    changed = true;
                }
            }
            return changed;
        }

        // ---------------------------------------------------------------- edges

        /// <summary>The states on the true and false edges of a condition.</summary>
        private (ulong[] WhenTrue, ulong[] WhenFalse) Refine(IOperation condition, ulong[] state)
        {
            var dropTrue = new List<int>();
            var dropFalse = new List<int>();
            Facts(condition, negate: false, dropTrue, dropFalse);
            int variable = ConditionVariable(condition, out bool negated);
            if (dropTrue.Count == 0 && dropFalse.Count == 0 && variable < 0) return (state, state);
            var whenTrue = (ulong[])state.Clone();
            var whenFalse = (ulong[])state.Clone();
            int count = _entities.Count;
            for (int p = 0; p < _partitions; p++)
            {
                int at = p * count;
                foreach (int e in dropTrue) if (whenTrue[at + e] != 0) whenTrue[at + e] = None;
                foreach (int e in dropFalse) if (whenFalse[at + e] != 0) whenFalse[at + e] = None;
                if (variable < 0) continue;
                // The partition where the variable has the value the edge contradicts is unreachable on that edge.
                bool value = ((p >> variable) & 1) != 0;
                Array.Clear(value != negated ? whenFalse : whenTrue, at, count);
            }
            return (whenTrue, whenFalse);
        }

        /// <summary>Which of the partitioning variables <paramref name="condition"/> is (possibly negated), or -1.</summary>
        private int ConditionVariable(IOperation condition, out bool negated)
        {
            negated = false;
            condition = Strip(condition);
            while (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
            {
                negated = !negated;
                condition = Strip(not.Operand);
            }
            var symbol = condition switch
            {
                ILocalReferenceOperation l => (ISymbol)l.Local,
                IParameterReferenceOperation p => p.Parameter,
                _ => null,
            };
            if (symbol is null) return -1;
            for (int i = 0; i < _conditions.Count; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(_conditions[i], symbol)) return i;
            }
            return -1;
        }

        /// <summary>Picks up to two boolean locals or parameters, never written after their one assignment, that two or more branches test.</summary>
        private void ChooseConditions(List<IOperation> ops)
        {
            var tested = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
            foreach (var block in _cfg.Blocks)
            {
                if (block.BranchValue is null || block.ConditionalSuccessor is null) continue;
                var condition = Strip(block.BranchValue);
                while (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not) condition = Strip(not.Operand);
                ISymbol? symbol = condition switch
                {
                    ILocalReferenceOperation { Local.Type.SpecialType: SpecialType.System_Boolean } l when !_captured.Contains(l.Local) => l.Local,
                    IParameterReferenceOperation { Parameter.Type.SpecialType: SpecialType.System_Boolean, Parameter.RefKind: RefKind.None } p when !_captured.Contains(p.Parameter) => p.Parameter,
                    _ => null,
                };
                if (symbol is not null) tested[symbol] = tested.TryGetValue(symbol, out int n) ? n + 1 : 1;
            }
            foreach (var pair in tested)
            {
                if (pair.Value < 2 || _conditions.Count == 2) continue;
                int writes = 0;
                foreach (var op in ops)
                {
                    var target = op switch
                    {
                        IAssignmentOperation a => a.Target,
                        IIncrementOrDecrementOperation i => i.Target,
                        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } a => a.Value,
                        _ => null,
                    };
                    if (target is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, pair.Key)) writes++;
                    if (target is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter, pair.Key)) writes++;
                }
                if (writes == (pair.Key is IParameterSymbol ? 0 : 1)) _conditions.Add(pair.Key);
            }
            _partitions = 1 << _conditions.Count;
        }

        /// <summary>Entities that hold nothing on the true (or false) edge of <paramref name="condition"/>.</summary>
        private void Facts(IOperation condition, bool negate, List<int> dropTrue, List<int> dropFalse)
        {
            void Drop(bool onTrue, int entity)
            {
                if (entity < 0) return;
                (onTrue != negate ? dropTrue : dropFalse).Add(entity);
            }
            void DropAll(bool onTrue, List<int> entities)
            {
                foreach (int e in entities) Drop(onTrue, e);
            }

            condition = Strip(condition);
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    Facts(not.Operand, !negate, dropTrue, dropFalse);
                    return;
                case IIsNullOperation isNull:
                    Drop(true, Resolve(isNull.Operand));
                    return;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                    {
                        bool equals = binary.OperatorKind == BinaryOperatorKind.Equals;
                        if (IsNull(binary.RightOperand) || IsNull(binary.LeftOperand))
                        {
                            // x == null: x holds nothing when true; x != null: when false.
                            Drop(equals, Resolve(IsNull(binary.RightOperand) ? binary.LeftOperand : binary.RightOperand));
                            return;
                        }
                        var (result, constant) = binary.RightOperand.ConstantValue.HasValue ? (binary.LeftOperand, binary.RightOperand) : (binary.RightOperand, binary.LeftOperand);
                        if (!constant.ConstantValue.HasValue) return;
                        var created = CreatedBy(result);
                        if (created.Count == 0) return;
                        if (IsZero(constant.ConstantValue.Value))
                        {
                            DropAll(!equals, created); // result == 0 (success) when true: the failure edge is the other one
                        }
                        else if (equals)
                        {
                            DropAll(true, created); // result == some error: nothing was created
                        }
                        return;
                    }
                case IIsPatternOperation pattern when CreatedBy(pattern.Value) is { Count: > 0 } created:
                    {
                        // TryCreate(..., out var b) is Errno.Ok / is not Errno.Ok: a zero constant means success.
                        switch (pattern.Pattern)
                        {
                            case IConstantPatternOperation constant when constant.Value.ConstantValue.HasValue:
                                DropAll(!IsZero(constant.Value.ConstantValue.Value), created);
                                break;
                            case INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when constant.Value.ConstantValue.HasValue:
                                if (IsZero(constant.Value.ConstantValue.Value)) DropAll(true, created);
                                break;
                        }
                        return;
                    }
                case IIsPatternOperation pattern:
                    {
                        int e = Resolve(pattern.Value);
                        switch (pattern.Pattern)
                        {
                            case IConstantPatternOperation constant when IsNull(constant.Value):
                                Drop(true, e);
                                break;
                            case INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when IsNull(constant.Value):
                                Drop(false, e);
                                break;
                            case IDeclarationPatternOperation or ITypePatternOperation or IRecursivePatternOperation:
                                Drop(false, e);
                                break;
                        }
                        return;
                    }
                case IInvocationOperation or ILocalReferenceOperation:
                    DropAll(false, CreatedBy(condition));
                    return;
            }
        }

        /// <summary>The entities a creating call's result (or a local holding it) says were created.</summary>
        private List<int> CreatedBy(IOperation result)
        {
            result = Strip(result);
            if (result is IInvocationOperation invocation) return OutCreations(invocation);
            if (result is ILocalReferenceOperation local && _resultOf.TryGetValue(local.Local, out var created)) return created;
            return new List<int>();
        }

        private static bool IsNull(IOperation op)
        {
            op = Strip(op);
            return op is IDefaultValueOperation { Type.IsReferenceType: true } || (op.ConstantValue.HasValue && op.ConstantValue.Value is null);
        }

        private static bool IsZero(object? value) => value switch
        {
            bool b => !b,
            int i => i == 0,
            uint u => u == 0,
            long l => l == 0,
            ulong ul => ul == 0,
            short s => s == 0,
            ushort us => us == 0,
            byte by => by == 0,
            sbyte sb => sb == 0,
            _ => false,
        };

        // ---------------------------------------------------------------- transfer

        private void Transfer(BasicBlock block, ulong[] state, bool reporting)
        {
            _state = state;
            _block = block;
            _reporting = reporting;
            for (int p = 0; p < _partitions; p++)
            {
                _base = p * _entities.Count;
                if (state[_base] == 0) continue; // this valuation does not reach the block
                foreach (var op in block.Operations) Visit(op);
                if (block.BranchValue is { } branch)
                {
                    Visit(branch);
                    if (block.ConditionalSuccessor is null && block.FallThroughSuccessor is { Semantics: ControlFlowBranchSemantics.Return }) Escape(Resolve(branch));
                }
            }
            _base = 0;
        }

        private void Visit(IOperation op)
        {
            switch (op)
            {
                case IFlowAnonymousFunctionOperation:
                    return;
                case ISimpleAssignmentOperation assignment:
                    if (IndexOf(assignment.Target) < 0) Visit(assignment.Target);
                    Visit(assignment.Value);
                    OnAssignment(assignment);
                    return;
                case IFlowCaptureOperation capture:
                    Visit(capture.Value);
                    OnCapture(capture);
                    return;
                case IArgumentOperation { Parameter.RefKind: RefKind.Out } argument when Resolve(argument.Value) >= 0:
                    return; // written, not read
            }
            foreach (var child in op.ChildOperations) Visit(child);
            switch (op)
            {
                case IInvocationOperation invocation:
                    OnInvocation(invocation);
                    break;
                case IPropertyReferenceOperation property:
                    OnProperty(property);
                    break;
                case IFieldReferenceOperation { Instance: { } instance } field:
                    UseCheck(Resolve(instance), field);
                    break;
                case IEventReferenceOperation { Instance: { } instance } @event:
                    UseCheck(Resolve(instance), @event);
                    break;
                case ILocalReferenceOperation or IParameterReferenceOperation or IFlowCaptureReferenceOperation:
                    OnReference(op);
                    break;
            }
        }

        private void OnAssignment(ISimpleAssignmentOperation assignment)
        {
            if (assignment.IsRef) return;
            int target = IndexOf(assignment.Target);
            if (target >= 0 && target == Resolve(assignment.Value)) return; // a copy that is an alias of its original
            if (target >= 0)
            {
                Assign(target, assignment.Value);
            }
            else if (assignment.Target is not IDiscardOperation)
            {
                int value = Resolve(assignment.Value);
                if (value >= 0 && _entities[value].SpanSource < 0) Escape(value);
            }
        }

        private void OnCapture(IFlowCaptureOperation capture)
        {
            if (_alias.ContainsKey(capture.Id)) return;
            int target = IndexOf(capture.Id);
            if (target >= 0)
            {
                Assign(target, capture.Value);
                return;
            }
            int value = Resolve(capture.Value);
            if (value >= 0 && _entities[value].SpanSource < 0) Escape(value);
        }

        private void Assign(int target, IOperation value)
        {
            var entity = _entities[target];
            switch (Classify(value, out var access))
            {
                case ValueKind.Creation:
                    Overwrite(target);
                    _state[_base + target] = Owned | WindowOff | PinOff | Site(entity.Creations.IndexOf(access!));
                    return;
                case ValueKind.Window:
                    Overwrite(target);
                    _state[_base + target] = Live | WindowOn | (IsReadOnly((IInvocationOperation)access!) ? ReadOnly : 0) | Begin(entity.Begins.IndexOf(access!));
                    return;
                case ValueKind.Pin:
                    Overwrite(target);
                    _state[_base + target] = Live | PinOn;
                    return;
                case ValueKind.Span:
                    if (access is IInvocationOperation or IPropertyReferenceOperation) _state[_base + target] = Resolve(SubjectOf(access)) == entity.SpanSource ? Live : None;
                    else _state[_base + target] = SpanSourceOf(access!) == entity.SpanSource ? _state[_base + Resolve(access!)] & (Live | None) : None;
                    return;
            }
            var stripped = Strip(value);
            if (entity.SpanSource >= 0)
            {
                // A span stays derived from its source only through its own members (span = span.Slice(...)).
                var instance = stripped switch { IInvocationOperation i => i.Instance, IPropertyReferenceOperation p => p.Instance, _ => null };
                _state[_base + target] = instance is not null && Resolve(instance) == target ? _state[_base + target] : None;
                return;
            }
            Overwrite(target);
            if (IsNull(stripped))
            {
                _state[_base + target] = None;
                return;
            }
            int moved = MovedCapture(stripped);
            if (moved >= 0 && entity.MovedFrom.TryGetValue(moved, out var offsets))
            {
                // The temporary's object moves here (with its sites renumbered into this entity's lists).
                ulong state = _state[_base + moved];
                _state[_base + target] = (state & ~(SiteMask | BeginMask)) | ShiftSites(state, offsets.Creations, offsets.Begins);
                _state[_base + moved] = None;
                return;
            }
            int source = Resolve(stripped);
            if (source >= 0 && entity.Key is CaptureId && source != target)
            {
                // A ternary picking a tracked object: the pick holds either, not owning it (the original keeps no claim either).
                ulong picked = _state[_base + source];
                if ((picked & Owned) != 0) picked = (picked & ~Owned) | Live;
                picked &= ~(SiteMask | BeginMask);
                Escape(source);
                _state[_base + target] = picked;
                return;
            }
            if (source >= 0 && source != target) Escape(source);
            _state[_base + target] = Live | WindowUnknown | PinUnknown;
        }

        private static ulong ShiftSites(ulong state, int creations, int begins)
        {
            ulong result = 0;
            for (int i = 0; i < SiteBits; i++)
            {
                if (HasSite(state, i)) result |= Site(i + creations);
                if (HasBegin(state, i)) result |= Begin(i + begins);
            }
            return result;
        }

        private bool IsReadOnly(IInvocationOperation begin) => _ctx.DirectionOf(begin, _cfg.OriginalOperation) == 1;

        /// <summary>Reports what an assignment loses: an owned object or an open window.</summary>
        private void Overwrite(int target)
        {
            if (!_reporting) return;
            ulong state = _state[_base + target];
            if ((state & Owned) != 0) ReportLeaks(target, state, " (it is overwritten while still open)");
            if ((state & WindowOn) != 0) ReportUnbalanced(target, state, " (its scope is overwritten while the window is open)");
        }

        private void OnInvocation(IInvocationOperation invocation)
        {
            int mask = EffectsOf(invocation);
            int receiver = Resolve(invocation.Instance);
            if (receiver >= 0 && (mask & FlowContext.Bit(SemanticEffect.Destroys)) == 0) UseCheck(receiver, invocation);

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { RefKind: RefKind.Out } parameter) continue;
                int written = Resolve(argument.Value);
                if (written < 0) continue;
                if ((mask & CreationEffects) != 0 && _ctx.IsObjectType(parameter.Type))
                {
                    Overwrite(written);
                    _state[_base + written] = Owned | WindowOff | PinOff | Site(_entities[written].Creations.IndexOf(invocation));
                }
                else
                {
                    Overwrite(written);
                    _state[_base + written] = _entities[written].SpanSource >= 0 ? None : Live | WindowUnknown | PinUnknown;
                }
            }
            if (mask == 0) return;

            ReportIfDiscarded(invocation, mask);

            int subject = Resolve(SubjectOf(invocation));
            if (subject < 0) return;
            if (invocation.Instance is null && (mask & FlowContext.Bit(SemanticEffect.Destroys)) == 0) UseCheck(subject, invocation);
            if ((mask & FlowContext.Bit(SemanticEffect.RequiresCpuAccess)) != 0) WindowCheck(subject, invocation, invocation, IsWrite(invocation));
            if ((mask & FlowContext.Bit(SemanticEffect.RequiresPinned)) != 0) PinCheck(subject, invocation);
            if ((mask & FlowContext.Bit(SemanticEffect.Destroys)) != 0) Close(subject);
            if ((mask & FlowContext.Bit(SemanticEffect.Pins)) != 0 && !_ctx.IsPinScopeType(invocation.Type)) Update(subject, PinMask, PinOn);
            if ((mask & FlowContext.Bit(SemanticEffect.Unpins)) != 0) Update(subject, PinMask, PinOff);
            if ((mask & FlowContext.Bit(SemanticEffect.BeginsCpuAccess)) != 0 && !_ctx.IsWindowScopeType(invocation.Type))
            {
                Update(subject, WindowMask | ReadOnly | BeginMask, WindowOn | (IsReadOnly(invocation) ? ReadOnly : 0) | Begin(_entities[subject].Begins.IndexOf(invocation)));
            }
            if ((mask & FlowContext.Bit(SemanticEffect.EndsCpuAccess)) != 0) Update(subject, WindowMask | ReadOnly | BeginMask, WindowEnded);
            if ((mask & UncertainBit) != 0) Update(subject, WindowMask | ReadOnly | BeginMask, WindowUnknown);
        }

        private bool IsDiscarded(IOperation op)
        {
            var parent = op.Parent;
            while (parent is IConversionOperation { OperatorMethod: null })
            {
                op = parent;
                parent = parent.Parent;
            }
            return parent switch
            {
                null => !ReferenceEquals(op, _block?.BranchValue),
                IExpressionStatementOperation => true,
                ISimpleAssignmentOperation { Target: IDiscardOperation } assignment => ReferenceEquals(assignment.Value, op),
                _ => false,
            };
        }

        private void OnProperty(IPropertyReferenceOperation property)
        {
            int receiver = Resolve(property.Instance);
            if (receiver < 0) return;
            UseCheck(receiver, property);
            int mask = EffectsOf(property);
            if ((mask & FlowContext.Bit(SemanticEffect.RequiresCpuAccess)) != 0) WindowCheck(receiver, property, property, IsWrite(property));
            if ((mask & FlowContext.Bit(SemanticEffect.RequiresPinned)) != 0) PinCheck(receiver, property);
        }

        /// <summary>A reference to an entity in a role no member handler covers: a span's use, or an escape.</summary>
        private void OnReference(IOperation reference)
        {
            int e = Resolve(reference);
            if (e < 0) return;
            var entity = _entities[e];
            if (entity.SpanSource >= 0)
            {
                if ((_state[_base + e] & Live) != 0 && !IsLengthRead(reference)) WindowCheck(entity.SpanSource, reference, reference, IsWrite(reference));
                return;
            }
            var child = reference;
            var parent = reference.Parent;
            while (parent is IConversionOperation { OperatorMethod: null } or IDeclarationExpressionOperation or IParenthesizedOperation)
            {
                child = parent;
                parent = parent.Parent;
            }
            switch (parent)
            {
                case null:
                case IExpressionStatementOperation:
                case IIsNullOperation:
                case IIsPatternOperation:
                case IFlowCaptureOperation:
                case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, child):
                case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, child):
                case IFieldReferenceOperation field when ReferenceEquals(field.Instance, child):
                case IEventReferenceOperation @event when ReferenceEquals(@event.Instance, child):
                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, child):
                    return; // handled by the parent (or harmless)
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary when IsNull(binary.LeftOperand) || IsNull(binary.RightOperand):
                    return;
                case IArgumentOperation argument:
                    if (argument.Parameter is { RefKind: RefKind.Out }) return;
                    var owner = argument.Parent switch
                    {
                        IInvocationOperation i => EffectsOf(i),
                        _ => 0,
                    };
                    if (owner != 0 && argument.Parameter is not { RefKind: RefKind.Ref }) return; // annotated APIs do not take ownership
                    if (argument.Parent is IInvocationOperation helper && argument.Parameter is { RefKind: RefKind.None or RefKind.In } parameter
                        && _ctx.Summaries.Of(helper.TargetMethod) is { } summary)
                    {
                        ApplySummary(e, summary.Of(parameter.Ordinal), helper);
                        return;
                    }
                    Escape(e);
                    return;
                default:
                    Escape(e);
                    return;
            }
        }

        /// <summary>A helper of this compilation acts on an argument as its summary says; only what it keeps is handed on.</summary>
        private void ApplySummary(int e, ParameterEffect effect, IInvocationOperation helper)
        {
            if ((effect & ParameterEffect.Keeps) != 0)
            {
                Escape(e);
                return;
            }
            if ((effect & ParameterEffect.Closes) == 0) UseCheck(e, helper);
            if ((effect & ParameterEffect.Pins) != 0) Update(e, PinMask, PinOn);
            if ((effect & ParameterEffect.Unpins) != 0) Update(e, PinMask, PinOff);
            if ((effect & ParameterEffect.EndsWindow) != 0) Update(e, WindowMask | ReadOnly | BeginMask, WindowEnded);
            if ((effect & ParameterEffect.Closes) != 0) Close(e);
        }

        private static bool IsLengthRead(IOperation reference)
            => reference.Parent is IPropertyReferenceOperation { Property.Name: "Length" or "IsEmpty" } property && ReferenceEquals(property.Instance, reference);

        private bool IsWrite(IOperation access) => MemoryWrites.IsWrite(access, _ctx.Summaries);

        // ---------------------------------------------------------------- state updates

        private void Update(int e, ulong clear, ulong set)
        {
            ulong state = _state[_base + e];
            if ((state & (Owned | Live)) == 0) return;
            _state[_base + e] = (state & ~clear) | set;
        }

        private void Close(int e)
        {
            ulong state = _state[_base + e];
            if ((state & (Owned | Live | Closed)) == 0) return;
            // Closing does not end a CPU-access window begun on the object: other users of a shared object still
            // need the end's cache maintenance, so an open window stays open (and is reported at the exit).
            _state[_base + e] = (state & (None | WindowMask | ReadOnly | BeginMask)) | Closed;
        }

        private void Escape(int e)
        {
            if (e < 0) return;
            var entity = _entities[e];
            if (entity.SpanSource >= 0) return;
            if (_reporting) entity.Escaped = true;
            ulong state = _state[_base + e];
            if ((state & Owned) != 0) state = (state & ~(Owned | SiteMask)) | Live;
            if ((state & WindowOn) != 0) state = (state & ~(WindowOn | BeginMask)) | WindowUnknown;
            if ((state & (PinOn | PinOff)) != 0) state = (state & ~(PinOn | PinOff)) | PinUnknown;
            _state[_base + e] = state;
        }

        // ---------------------------------------------------------------- checks

        private void UseCheck(int e, IOperation access)
        {
            if (!_reporting || e < 0 || access.IsImplicit) return;
            if ((_state[_base + e] & Closed) == 0) return;
            var entity = _entities[e];
            _sink.Add(Descriptors.UseAfterClose, access, null, MemberName(access), entity.Name, entity.ClosedBy ?? "a close");
        }

        private void PinCheck(int e, IOperation access)
        {
            if (!_reporting || access.IsImplicit) return;
            if ((_state[_base + e] & PinOff) == 0) return;
            var entity = _entities[e];
            foreach (int scope in entity.PinScopes)
            {
                if ((_state[_base + scope] & (LifetimeMask | PinMask)) == (Live | PinOn)) return;
            }
            var pin = entity.Symbol is not null ? PinMethod(entity.Symbol) : null;
            var hint = pin is null ? "" : $" (e.g. 'using var pin = {entity.Name}.{pin.Name}();')";
            _sink.Add(Descriptors.UnpinnedAccess, access, pin is null ? null : Fix(DiagnosticProperties.FixPin, pin.Name), MemberName(access), entity.Name, hint);
        }

        private IMethodSymbol? PinMethod(ISymbol symbol)
        {
            var type = symbol is ILocalSymbol l ? l.Type : symbol is IParameterSymbol p ? p.Type : null;
            if (type is null) return null;
            foreach (var method in _ctx.MethodsWith(type, SemanticEffect.Pins))
            {
                if (method.Parameters.Length == 0 && _ctx.IsPinScopeType(method.ReturnType) && IsDisposable(method.ReturnType)) return method;
            }
            return null;
        }

        private IMethodSymbol? BeginMethod(ISymbol symbol, out bool takesDirection)
        {
            takesDirection = false;
            var type = symbol is ILocalSymbol l ? l.Type : symbol is IParameterSymbol p ? p.Type : null;
            if (type is null) return null;
            foreach (var method in _ctx.MethodsWith(type, SemanticEffect.BeginsCpuAccess))
            {
                if (!_ctx.IsWindowScopeType(method.ReturnType) || !IsDisposable(method.ReturnType)) continue;
                if (method.Parameters.Length == 0) return method;
                if (method.Parameters.Length == 1 && _ctx.CpuAccessType is not null && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, _ctx.CpuAccessType))
                {
                    takesDirection = true;
                    return method;
                }
            }
            return null;
        }

        private static bool IsDisposable(ITypeSymbol type)
        {
            foreach (var i in type.AllInterfaces)
            {
                if (i.SpecialType == SpecialType.System_IDisposable) return true;
            }
            return false;
        }

        private void WindowCheck(int e, IOperation access, IOperation at, bool write)
        {
            if (!_reporting || access.IsImplicit) return;
            ulong state = _state[_base + e];
            var entity = _entities[e];
            bool selfOn = (state & (WindowMask | None)) == WindowOn;
            bool on = selfOn;
            bool readOnly = !selfOn || (state & ReadOnly) != 0;
            foreach (int scope in entity.WindowScopes)
            {
                ulong s = _state[_base + scope];
                if ((s & (WindowMask | None)) != WindowOn) continue;
                on = true;
                readOnly &= (s & ReadOnly) != 0;
            }
            string name = at is IInvocationOperation or IPropertyReferenceOperation ? MemberName(at) : Shorten(at.Syntax.ToString());
            if (!on)
            {
                if ((state & WindowEnded) != 0)
                {
                    _sink.Add(Descriptors.MissingSync, at, null, name, entity.Name, "after its CPU-access window ended: move the access inside the window (before the scope is disposed)");
                }
                else if ((state & WindowOff) != 0)
                {
                    bool direction = false;
                    var begin = entity.Symbol is not null ? BeginMethod(entity.Symbol, out direction) : null;
                    var hint = begin is null ? "" : $" (e.g. 'using var cpu = {entity.Name}.{begin.Name}({(direction ? "CpuAccess.Read | CpuAccess.Write" : "")});')";
                    _sink.Add(Descriptors.MissingSync, at, begin is null ? null : Fix(DiagnosticProperties.FixBegin, begin.Name, direction ? "1" : "0"),
                        name, entity.Name, "outside a CPU-access window: begin CPU access before touching the memory and end it after" + hint);
                }
            }
            else if (write && readOnly)
            {
                _sink.Add(Descriptors.MissingSync, at, null, name, entity.Name, "to write it in a CPU-access window begun for reading only: begin the window with write access");
            }
        }

        // ---------------------------------------------------------------- reporting

        private void Report()
        {
            for (int i = 0; i < _reportIn.Length; i++)
            {
                if (_reportIn[i] is not { } input) continue;
                Transfer(_cfg.Blocks[i], (ulong[])input.Clone(), reporting: true);
            }
            var exit = _reportIn[_cfg.Blocks.Length - 1];
            for (int at = 0; at < _entities.Count * _partitions; at++)
            {
                int e = at % _entities.Count;
                if (exit is not null)
                {
                    ReportLeaks(e, exit[at], "");
                    ReportUnbalanced(e, exit[at], "");
                }
                if (_thrown is not null)
                {
                    ReportLeaks(e, _thrown[at], " (on the path that throws)");
                    ReportUnbalanced(e, _thrown[at], " (on the path that throws)");
                }
            }
        }

        /// <summary>
        /// With no entity to track, the only findings are creations and window scopes whose result is discarded;
        /// they need no state, only reachability.
        /// </summary>
        private void ReportDiscarded()
        {
            _reporting = true;
            foreach (var block in _cfg.Blocks)
            {
                if (!block.IsReachable) continue;
                _block = block;
                foreach (var root in Roots(block))
                {
                    foreach (var op in root.DescendantsAndSelf())
                    {
                        if (op is IInvocationOperation invocation && EffectsOf(invocation) is var mask && mask != 0) ReportIfDiscarded(invocation, mask);
                    }
                }
            }
        }

        private void ReportIfDiscarded(IInvocationOperation invocation, int mask)
        {
            if (!_reporting || !IsDiscarded(invocation)) return;
            if ((mask & CreationEffects) != 0 && _ctx.IsObjectType(invocation.Type))
            {
                _sink.Add(Descriptors.Leak, invocation, null, CallName(invocation), " (its result is discarded)");
            }
            if ((mask & FlowContext.Bit(SemanticEffect.BeginsCpuAccess)) != 0 && _ctx.IsWindowScopeType(invocation.Type))
            {
                _sink.Add(Descriptors.UnbalancedSync, invocation, Fix(DiagnosticProperties.FixUsingDeclaration), CallName(invocation), " (its scope is discarded, so nothing can end it)");
            }
        }

        private void ReportLeaks(int e, ulong state, string detail)
        {
            if ((state & Owned) == 0) return;
            var entity = _entities[e];
            for (int site = 0; site < entity.Creations.Count; site++)
            {
                if (!HasSite(state, site)) continue;
                var creation = entity.Creations[site];
                _sink.Add(Descriptors.Leak, creation, new PendingFix(this, e, DiagnosticProperties.FixUsingVar), CallName(creation), detail);
            }
        }

        private void ReportUnbalanced(int e, ulong state, string detail)
        {
            if ((state & WindowOn) == 0) return;
            var entity = _entities[e];
            for (int site = 0; site < entity.Begins.Count; site++)
            {
                if (!HasBegin(state, site)) continue;
                var begin = entity.Begins[site];
                _sink.Add(Descriptors.UnbalancedSync, begin, entity.IsWindowScope ? new PendingFix(this, e, DiagnosticProperties.FixUsingVar) : null, CallName(begin), detail);
            }
        }

        /// <summary>Whether the local can simply become a <c>using var</c>: a declared local, assigned once, never handed on.</summary>
        private bool CanUseUsingVar(int e)
        {
            var entity = _entities[e];
            return entity.Symbol is ILocalSymbol && entity.Assignments == 1 && !entity.Escaped && !entity.CreatedByOut && (entity.Creations.Count + entity.Begins.Count) == 1;
        }

        private ImmutableDictionary<string, string?>? FixFor(PendingFix fix)
            => fix.Analysis.CanUseUsingVar(fix.Entity) ? Fix(fix.Kind) : null;

        private static ImmutableDictionary<string, string?> Fix(string kind, string? method = null, string? direction = null)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, string?>();
            builder[DiagnosticProperties.Fix] = kind;
            if (method is not null) builder[DiagnosticProperties.Method] = method;
            if (direction is not null) builder[DiagnosticProperties.TakesDirection] = direction;
            return builder.ToImmutable();
        }

        /// <summary>A fix decided only after the reporting pass (it depends on every escape having been seen).</summary>
        private sealed class PendingFix
        {
            public PendingFix(TypestateAnalysis analysis, int entity, string kind)
            {
                Analysis = analysis;
                Entity = entity;
                Kind = kind;
            }

            public TypestateAnalysis Analysis { get; }
            public int Entity { get; }
            public string Kind { get; }
        }

        /// <summary>Collects findings of one method (all its graphs), de-duplicated by (id, span), and reports the enabled ones.</summary>
        private sealed class Sink
        {
            private readonly RuleMask _rules;
            private readonly Action<Diagnostic> _report;
            private readonly HashSet<(string, Location)> _seen = new();
            private readonly List<(DiagnosticDescriptor Descriptor, Location Location, object? Fix, object[] Args)> _pending = new();

            public Sink(RuleMask rules, Action<Diagnostic> report)
            {
                _rules = rules;
                _report = report;
            }

            public void Add(DiagnosticDescriptor descriptor, IOperation at, object? fix, params object[] args)
            {
                if ((_rules & MaskOf(descriptor)) == 0) return;
                var location = at.Syntax.GetLocation();
                if (!_seen.Add((descriptor.Id, location))) return;
                _pending.Add((descriptor, location, fix, args));
            }

            public void Flush()
            {
                foreach (var (descriptor, location, fix, args) in _pending)
                {
                    var properties = fix switch
                    {
                        ImmutableDictionary<string, string?> ready => ready,
                        PendingFix pending => pending.Analysis.FixFor(pending),
                        _ => null,
                    };
                    _report(Diagnostic.Create(descriptor, location, properties, args));
                }
            }

            private static RuleMask MaskOf(DiagnosticDescriptor descriptor) => descriptor.Id switch
            {
                "ABI001" => RuleMask.UnpinnedAccess,
                "ABI002" => RuleMask.MissingSync,
                "ABI003" => RuleMask.UnbalancedSync,
                "ABI004" => RuleMask.UseAfterClose,
                "ABI005" => RuleMask.Leak,
                _ => RuleMask.None,
            };
        }

        /// <summary>Keys are symbols (compared as symbols) or capture ids.</summary>
        private sealed class KeyComparer : IEqualityComparer<object>
        {
            public static readonly KeyComparer Instance = new();

            public new bool Equals(object? x, object? y) => x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : object.Equals(x, y);

            public int GetHashCode(object obj) => obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj.GetHashCode();
        }
    }
}
