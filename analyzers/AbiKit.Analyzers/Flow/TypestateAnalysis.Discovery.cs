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
    /// <summary>Entity discovery: which locals, parameters, fields and compiler temporaries hold objects, windows, pins or window memory, and the flow-insensitive facts about them (sites, links, aliases).</summary>
    internal sealed partial class TypestateAnalysis
    {
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
                    // A ref parameter is the caller's variable: tracked like a field (what it is given is handed on).
                    if (parameter.RefKind is RefKind.None or RefKind.In or RefKind.Ref && !_captured.Contains(parameter)) _trackable.Add(parameter);
                }
            }

            // The graph's operations, in a list this thread reuses (taken, so a nested run gets its own).
            var ops = s_ops ?? new List<IOperation>(256);
            s_ops = null;
            try
            {
                return Discover(ops);
            }
            finally
            {
                ops.Clear();
                s_ops = ops;
            }
        }

        [ThreadStatic]
        private static List<IOperation>? s_ops;

        private bool Discover(List<IOperation> ops)
        {
            var captureValues = new Dictionary<CaptureId, IOperation>();
            foreach (var block in _cfg.Blocks)
            {
                foreach (var root in Roots(block))
                {
                    foreach (var op in root.DescendantsAndSelf())
                    {
                        ops.Add(op);
                        if (op is IFlowCaptureOperation capture && !captureValues.ContainsKey(capture.Id)) captureValues[capture.Id] = capture.Value;
                    }
                }
            }
            foreach (var (copy, original) in SymbolAliases.Find(ops, _trackable)) _symbolAlias[copy] = original;
            FindRefAliases(ops);
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
                    case IArgumentOperation { Parameter: { RefKind: RefKind.None or RefKind.In } parameter, Parent: IInvocationOperation helper } argument
                        when KeyOf(Strip(argument.Value)) is { } handed && _ctx.TypeEffects(argument.Value.Type) != 0 && EffectsOf(helper) == 0
                             && _ctx.Summaries.Of(helper) is { } summary && (summary.Of(parameter.Ordinal) & ParameterEffect.Acts) != 0:
                        Add(handed); // a helper closes, ends or pins it
                        break;
                }
            }
            if (_entities.Count == 0) return false;
            for (int i = 0; i < _entities.Count; i++)
            {
                if (IsExternal(_entities[i])) (_external ??= new List<int>()).Add(i);
            }

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
                => key is CaptureId id && captureValues.TryGetValue(id, out var value) ? Shorten(value.Syntax.ToString()) : "value";

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
                if (local.IsConst || _captured.Contains(local)) continue;
                if (!local.IsRef) _trackable.Add(local);
                else (_refLocals ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(local);
            }
            foreach (var nested in region.NestedRegions) CollectLocals(nested);
        }

        /// <summary>
        /// A ref local bound once to a tracked local or parameter (<c>ref var r = ref cpu;</c>) is another name of that
        /// variable: whatever is done through it is done to the original.
        /// </summary>
        private void FindRefAliases(List<IOperation> ops)
        {
            if (_refLocals is null) return;
            var bound = new Dictionary<ISymbol, ISymbol?>(SymbolEqualityComparer.Default);
            foreach (var op in ops)
            {
                if (op is not ISimpleAssignmentOperation { IsRef: true, Target: ILocalReferenceOperation target } assignment || !_refLocals.Contains(target.Local)) continue;
                ISymbol? original = Strip(assignment.Value) switch
                {
                    ILocalReferenceOperation l when _trackable.Contains(l.Local) => l.Local,
                    IParameterReferenceOperation p when _trackable.Contains(p.Parameter) => p.Parameter,
                    _ => null,
                };
                bound[target.Local] = bound.ContainsKey(target.Local) ? null : original;
            }
            foreach (var pair in bound)
            {
                if (pair.Value is not { } original) continue;
                _trackable.Add(pair.Key);
                _symbolAlias[pair.Key] = _symbolAlias.TryGetValue(original, out var first) ? first : original;
            }
        }

        /// <summary>
        /// A field of this instance (or a static one) whose type the rules know: tracked within the method, starting
        /// live and unknown, handing on whatever is stored into it, and forgotten at calls that may change it.
        /// </summary>
        private bool IsTrackedField(IFieldReferenceOperation reference)
            => (reference.Instance is null ? reference.Field.IsStatic : reference.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
               && !reference.Field.IsConst && _ctx.TypeEffects(reference.Field.Type) != 0;

        /// <summary>An entity whose variable outlives the method (a field, a ref parameter): what it holds at the exit is someone else's.</summary>
        private static bool IsExternal(Entity entity) => entity.Symbol is IFieldSymbol or IParameterSymbol { RefKind: RefKind.Ref or RefKind.Out };

        /// <summary>The tracked symbol an operation names: a copy's original when the copy is an alias of it.</summary>
        private ISymbol? SymbolOf(IOperation? op) => op switch
        {
            ILocalReferenceOperation l when _trackable.Contains(l.Local) => _symbolAlias.TryGetValue(l.Local, out var original) ? original : l.Local,
            IParameterReferenceOperation p when _trackable.Contains(p.Parameter) => p.Parameter,
            IFieldReferenceOperation f when IsTrackedField(f) => f.Field,
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
    }
}

