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
    /// <summary>Transfer functions: how each operation changes the abstract state of the entities it touches (assignments, annotated calls, helper summaries, escapes).</summary>
    internal sealed partial class TypestateAnalysis
    {
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
                case IFieldReferenceOperation field:
                    if (field.Instance is { } fieldInstance) UseCheck(Resolve(fieldInstance), field);
                    if (_external is not null && IndexOf(KeyOf(field)) >= 0) OnReference(field);
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
            AssignValue(target, value);
            // A field or ref parameter hands on what it is given: the instance (or the caller) owns it now.
            if (IsExternal(_entities[target])) Escape(target);
        }

        private void AssignValue(int target, IOperation value)
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

        private bool IsReadOnly(IInvocationOperation begin)
        {
            // Deciding the direction reads the call's arguments; the solver meets the call on every visit of its block.
            // A short list searched by reference: a method has few begin calls, and hashing an operation is not cheap.
            foreach (var (call, known) in _readOnly)
            {
                if (ReferenceEquals(call, begin)) return known;
            }
            bool readOnly = _ctx.DirectionOf(begin, _cfg.OriginalOperation) == 1;
            _readOnly.Add((begin, readOnly));
            return readOnly;
        }

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
                    if (IsExternal(_entities[written])) Escape(written);
                }
                else
                {
                    Overwrite(written);
                    _state[_base + written] = _entities[written].SpanSource >= 0 ? None : Live | WindowUnknown | PinUnknown;
                }
            }
            if (mask == 0)
            {
                if (_external is not null && MayWriteExternal(invocation)) Forget();
                return;
            }

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

        /// <summary>
        /// Whether an unannotated call may change this instance's fields or the caller's variables: a method of this
        /// compilation, one called on this instance, or a delegate. Library calls on other objects cannot.
        /// </summary>
        private static bool MayWriteExternal(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.MethodKind == MethodKind.DelegateInvoke || invocation.Instance is IInstanceReferenceOperation) return true;
            foreach (var location in method.Locations)
            {
                if (location.IsInSource) return true;
            }
            return false;
        }

        /// <summary>Fields and ref parameters hold something unknown after a call that may write them.</summary>
        private void Forget()
        {
            foreach (int e in _external!)
            {
                if ((_state[_base + e] & (Owned | Live | Closed)) != 0) _state[_base + e] = Live | WindowUnknown | PinUnknown;
            }
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
                        && _ctx.Summaries.Of(helper) is { } summary)
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
    }
}
