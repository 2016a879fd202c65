using SemanticEffect = AbiKit.Model.SemanticEffect;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AbiKit.Analyzers.Flow
{
    /// <summary>What the members an operation reaches do: effect masks (conditional ones decided per call), the object they act on, and what a value is (a creation, a window or pin scope, window memory).</summary>
    internal sealed partial class TypestateAnalysis
    {
        /// <summary>The effect mask of the member an invocation or property reference reaches.</summary>
        private int EffectsOf(IOperation op) => op switch
        {
            IInvocationOperation invocation => InvocationEffects(invocation),
            IPropertyReferenceOperation property => _ctx.EffectMask(FlowContext.Resolve(property.Property, StripOrNull(property.Instance)?.Type)),
            _ => 0,
        };

        /// <summary>
        /// The effects a call has: those of its member, with the conditional ones (<c>when</c> a flag is set or clear,
        /// as dma-buf SYNC begins or ends CPU access by DMA_BUF_SYNC_END) decided by the flags the call passes
        /// (cached per call: deciding reads the arguments' values).
        /// </summary>
        private int InvocationEffects(IInvocationOperation invocation)
        {
            // Through an interface-typed alias (IDisposable d = buffer), the member is the original's implementation.
            var receiverType = StripOrNull(invocation.Instance)?.Type;
            if (receiverType is { TypeKind: TypeKind.Interface } && SymbolOf(StripOrNull(invocation.Instance)) is { } original) receiverType = TypeOf(original) ?? receiverType;
            var member = FlowContext.Resolve(invocation.TargetMethod, receiverType);
            int mask = _ctx.EffectMask(member);
            if (mask == 0 || !_ctx.HasConditionalEffects(member)) return mask;
            if (_effects.TryGetValue(invocation, out int decided)) return decided;
            mask = ArgumentValues.ApplyingEffects(invocation, _cfg.OriginalOperation, _ctx.Index.EffectsOf(member), out bool uncertain);
            // An undecided condition still makes the call an annotated one (its object is tracked), whose window
            // effect is unknown: nothing is reported from it rather than a guess.
            decided = mask | (uncertain ? UncertainBit : 0);
            _effects[invocation] = decided;
            return decided;
        }

        private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
        {
            ILocalSymbol l => l.Type,
            IParameterSymbol p => p.Type,
            IFieldSymbol f => f.Type,
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
                case IInvocationOperation invocation when EffectsOf(invocation) == 0 && _ctx.Summaries.Of(invocation) is { ReturnsOwned: true } && _ctx.IsObjectType(invocation.Type):
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
    }
}
