using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SemanticEffect = AbiKit.Model.SemanticEffect;

namespace AbiKit.Analyzers.Flow
{
    /// <summary>What a helper does to one of its parameters, as a call site needs it.</summary>
    [Flags]
    internal enum ParameterEffect
    {
        /// <summary>Only uses it (reads members, passes it to annotated members): not a transfer.</summary>
        None = 0,
        /// <summary>Keeps it, or does something the summary does not model (stores, returns, captures, hands it to unknown code).</summary>
        Keeps = 1,
        /// <summary>Closes it on every path.</summary>
        Closes = 2,
        /// <summary>Ends its CPU-access window on every path.</summary>
        EndsWindow = 4,
        /// <summary>Pins it on every path.</summary>
        Pins = 8,
        /// <summary>Unpins it on every path.</summary>
        Unpins = 16,
        /// <summary>Writes the memory of a span parameter.</summary>
        Writes = 32,
        /// <summary>Any effect on the parameter's typestate (what makes a call to the helper worth analyzing).</summary>
        Acts = Closes | EndsWindow | Pins | Unpins,
    }

    /// <summary>The summary of one method of the compilation.</summary>
    internal sealed class MethodSummary
    {
        private readonly ParameterEffect[] _parameters;

        public MethodSummary(ParameterEffect[] parameters, bool returnsOwned)
        {
            _parameters = parameters;
            ReturnsOwned = returnsOwned;
        }

        /// <summary>Every return hands back an object created in it (an unannotated factory).</summary>
        public bool ReturnsOwned { get; }

        /// <summary>What it does to parameter <paramref name="ordinal"/> (Keeps when unknown).</summary>
        public ParameterEffect Of(int ordinal) => ordinal >= 0 && ordinal < _parameters.Length ? _parameters[ordinal] : ParameterEffect.Keeps;

        /// <summary>Whether it writes span parameter <paramref name="ordinal"/>.</summary>
        public bool Writes(int ordinal) => (Of(ordinal) & ParameterEffect.Writes) != 0;
    }

    /// <summary>
    /// Summaries of the ordinary methods declared in the compilation, computed once per method (on first use, from
    /// its operation tree) and cached for the compilation: which parameters it closes, ends a window of, pins, unpins
    /// or writes through, whether it keeps them, and whether it is a factory returning a new object. Call sites use
    /// them instead of treating every unannotated call as a transfer of ownership.
    /// </summary>
    /// <remarks>
    /// Flow-insensitive and deliberately "must": an effect counts only when its call is reached on every path (it
    /// sits in the method's top-level statements, before any early return); anything else is Keeps, which the call
    /// site treats as before (an escape: nothing reported). Virtual, abstract, extern and partial methods have no
    /// summary. A method calling itself (directly or not) gets no summary while its own is being computed.
    /// </remarks>
    internal sealed class MethodSummaries
    {
        private readonly Compilation _compilation;
        private readonly FlowContext _ctx;
        private readonly ConcurrentDictionary<IMethodSymbol, MethodSummary?> _cache = new(SymbolEqualityComparer.Default);
        [ThreadStatic] private static HashSet<IMethodSymbol>? _inProgress;

        public MethodSummaries(Compilation compilation, FlowContext ctx)
        {
            _compilation = compilation;
            _ctx = ctx;
        }

        /// <summary>The summary of the method <paramref name="call"/> reaches: a virtual one only when called non-virtually (<c>base.M()</c>).</summary>
        public MethodSummary? Of(IInvocationOperation call) => Of(call.TargetMethod, exact: !call.IsVirtual);

        /// <summary>
        /// The summary of <paramref name="method"/>, or null when it has none (not a plain method of this compilation,
        /// or one an override may replace: virtual, or an override that is not sealed, unless <paramref name="exact"/>).
        /// </summary>
        public MethodSummary? Of(IMethodSymbol method, bool exact = false)
        {
            method = method.OriginalDefinition;
            if (!exact && (method.IsVirtual || method.IsOverride && !method.IsSealed && !method.ContainingType.IsSealed)) return null;
            if (method.MethodKind != MethodKind.Ordinary || method.IsAbstract || method.IsExtern || method.IsPartialDefinition
                || method.DeclaringSyntaxReferences.Length != 1 || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly))
                return null;
            if (_cache.TryGetValue(method, out var cached)) return cached;
            _inProgress ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            if (!_inProgress.Add(method)) return null;
            try
            {
                return _cache.GetOrAdd(method, Compute(method));
            }
            finally
            {
                _inProgress.Remove(method);
            }
        }

        private MethodSummary? Compute(IMethodSymbol method)
        {
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(CancellationToken.None);
            if (syntax is not MethodDeclarationSyntax declaration || (declaration.Body is null && declaration.ExpressionBody is null)) return null;
#pragma warning disable RS1030 // Why: a summary needs the helper's body, which another block action may never have seen yet; computed once per method and cached for the compilation.
            var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            if (model.GetOperation(syntax) is not { } body) return null;

            var effects = new ParameterEffect[method.Parameters.Length];
            int firstReturn = int.MaxValue;
            var returns = new List<IReturnOperation>();
            foreach (var op in body.Descendants())
            {
                if (op is IReturnOperation ret && !InNestedFunction(ret, body))
                {
                    returns.Add(ret);
                    if (ret.Syntax is ReturnStatementSyntax) firstReturn = Math.Min(firstReturn, ret.Syntax.SpanStart);
                }
            }
            foreach (var op in body.Descendants())
            {
                if (op is not IParameterReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol, method)) continue;
                int ordinal = reference.Parameter.Ordinal;
                effects[ordinal] |= InNestedFunction(reference, body) ? ParameterEffect.Keeps : Use(reference, body, firstReturn);
            }
            return new MethodSummary(effects, ReturnsOwned(method, body, returns));
        }

        /// <summary>What one reference to a parameter does with it.</summary>
        private ParameterEffect Use(IParameterReferenceOperation reference, IOperation body, int firstReturn)
        {
            if (reference.Parameter.RefKind is RefKind.Ref or RefKind.Out) return ParameterEffect.Keeps;
            IOperation child = reference;
            var parent = reference.Parent;
            while (parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
            {
                child = parent;
                parent = parent.Parent;
            }
            var written = IsSpan(reference.Parameter.Type) && MemoryWrites.IsWrite(reference, this) ? ParameterEffect.Writes : ParameterEffect.None;
            switch (parent)
            {
                case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, child):
                    return written | Effects(_ctx.EffectMask(FlowContext.Resolve(invocation.TargetMethod, reference.Parameter.Type)), invocation, body, firstReturn);
                case IPropertyReferenceOperation or IFieldReferenceOperation or IEventReferenceOperation:
                    return written;
                case IIsNullOperation or IIsPatternOperation:
                    return ParameterEffect.None;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }:
                    return ParameterEffect.None;
                case IArgumentOperation { Parent: IInvocationOperation call } argument when argument.Parameter is { } parameter:
                    {
                        if (IsSpan(reference.Parameter.Type)) return written;
                        int mask = _ctx.EffectMask(call.TargetMethod);
                        if (mask != 0)
                        {
                            // Annotated members take no ownership; a static one acts on its first argument.
                            return call.Instance is null && parameter.Ordinal == 0 ? Effects(mask, call, body, firstReturn) : ParameterEffect.None;
                        }
                        if (Of(call) is not { } callee) return ParameterEffect.Keeps;
                        var effect = callee.Of(parameter.Ordinal);
                        return Definite(call, body, firstReturn) ? effect : effect & ParameterEffect.Keeps;
                    }
                default:
                    return IsSpan(reference.Parameter.Type) ? written : ParameterEffect.Keeps;
            }
        }

        private static ParameterEffect Effects(int mask, IOperation call, IOperation body, int firstReturn)
        {
            var effect = ParameterEffect.None;
            if ((mask & FlowContext.Bit(SemanticEffect.Destroys)) != 0) effect |= ParameterEffect.Closes;
            if ((mask & FlowContext.Bit(SemanticEffect.EndsCpuAccess)) != 0) effect |= ParameterEffect.EndsWindow;
            if ((mask & FlowContext.Bit(SemanticEffect.Pins)) != 0) effect |= ParameterEffect.Pins;
            if ((mask & FlowContext.Bit(SemanticEffect.Unpins)) != 0) effect |= ParameterEffect.Unpins;
            // An effect on some paths only is not modelled: the call site must not assume either outcome.
            return effect == ParameterEffect.None || Definite(call, body, firstReturn) ? effect : ParameterEffect.Keeps;
        }

        /// <summary>Reached on every path: only statements and expressions of the top-level sequence lie between it and the body, and no return comes first.</summary>
        private static bool Definite(IOperation op, IOperation body, int firstReturn)
        {
            if (op.Syntax.SpanStart > firstReturn) return false;
            for (var current = op.Parent; current is not null && !ReferenceEquals(current, body); current = current.Parent)
            {
                if (current is not (IBlockOperation or IExpressionStatementOperation or IReturnOperation or IConversionOperation or IParenthesizedOperation
                    or IInvocationOperation or IArgumentOperation or IVariableInitializerOperation or IVariableDeclaratorOperation or IVariableDeclarationOperation
                    or IVariableDeclarationGroupOperation or ISimpleAssignmentOperation or IMethodBodyOperation))
                    return false;
            }
            return true;
        }

        private bool ReturnsOwned(IMethodSymbol method, IOperation body, List<IReturnOperation> returns)
        {
            if (returns.Count == 0 || !_ctx.IsObjectType(method.ReturnType)) return false;
            foreach (var ret in returns)
            {
                if (ret.ReturnedValue is null || !IsCreation(Strip(ret.ReturnedValue), body)) return false;
            }
            return true;
        }

        private bool IsCreation(IOperation value, IOperation body)
        {
            switch (value)
            {
                case IInvocationOperation invocation:
                    int mask = _ctx.EffectMask(invocation.TargetMethod);
                    return (mask & AbiKit.Model.Vocabulary.ProducingEffectsMask) != 0 ? _ctx.IsObjectType(invocation.Type) : mask == 0 && Of(invocation.TargetMethod) is { ReturnsOwned: true };
                case ILocalReferenceOperation local:
                    // A local every write of which is a creation (var b = Create(...); ...; return b;).
                    bool any = false;
                    foreach (var op in body.Descendants())
                    {
                        IOperation? written = op switch
                        {
                            IVariableDeclaratorOperation d when SymbolEqualityComparer.Default.Equals(d.Symbol, local.Local) => d.Initializer?.Value ?? (IOperation)d,
                            ISimpleAssignmentOperation { Target: ILocalReferenceOperation t } a when SymbolEqualityComparer.Default.Equals(t.Local, local.Local) => a.Value,
                            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation r } a when SymbolEqualityComparer.Default.Equals(r.Local, local.Local) => a,
                            _ => null,
                        };
                        if (written is null) continue;
                        if (written is IVariableDeclaratorOperation or IArgumentOperation || !IsCreation(Strip(written), body)) return false;
                        any = true;
                    }
                    return any;
                default:
                    return false;
            }
        }

        private static bool InNestedFunction(IOperation op, IOperation body)
        {
            for (var current = op.Parent; current is not null && !ReferenceEquals(current, body); current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation) return true;
            }
            return false;
        }

        private static bool IsSpan(ITypeSymbol type) => type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", Arity: 1, ContainingNamespace.Name: "System" };

        private static IOperation Strip(IOperation op)
        {
            while (op is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
                op = op is IConversionOperation c ? c.Operand : ((IParenthesizedOperation)op).Operand;
            return op;
        }
    }
}
