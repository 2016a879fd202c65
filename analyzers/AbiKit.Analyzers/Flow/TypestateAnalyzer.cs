using AbiSemantic = AbiKit.Model.AbiSemantic;
using SemanticEffect = AbiKit.Model.SemanticEffect;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AbiKit.Analyzers.Flow
{
    /// <summary>
    /// Shared driver of the typestate rules: resolves the AbiKit types once per compilation (and does nothing when
    /// AbiKit is not referenced), skips generated code, and builds a method's control-flow graph only when the
    /// method calls or reads a member whose <c>[AbiSemantic]</c> effects concern a typestate rule. The pre-filter
    /// and the fixed point run once per method and callback, for the rules the analyzer reports (all five in
    /// <see cref="Rules.TypestateRulesAnalyzer"/>, the one the compiler loads).
    /// </summary>
    public abstract class TypestateAnalyzer : DiagnosticAnalyzer
    {
        // The effects that make a method worth a graph, for every typestate rule at once (one pre-filter walk per method).
        private static readonly int Triggers = TriggerMask(
            SemanticEffect.Creates, SemanticEffect.Imports, SemanticEffect.ImportsUserMemory, SemanticEffect.Destroys,
            SemanticEffect.BeginsCpuAccess, SemanticEffect.EndsCpuAccess, SemanticEffect.RequiresCpuAccess, SemanticEffect.RequiresPinned);

        private readonly RuleMask _rules;

        private protected TypestateAnalyzer(RuleMask rules)
        {
            _rules = rules;
        }

        private static int TriggerMask(params SemanticEffect[] effects)
        {
            int mask = 0;
            foreach (var effect in effects) mask |= FlowContext.Bit(effect);
            return mask;
        }

        /// <inheritdoc />
        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(AnalyzerDefaults.GeneratedCode);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var flow = FlowContext.Create(start.Compilation);
                if (flow is null) return;
                start.RegisterOperationBlockAction(block => AnalyzeBlock(block, flow));
            });
        }

        private void AnalyzeBlock(OperationBlockAnalysisContext context, FlowContext flow)
        {
            // The blocks are the bodies (e.g. a method's IBlockOperation); their root (IMethodBodyOperation, ...)
            // is what the graph is built for, once even when a constructor has an initializer and a body.
            List<IOperation>? seen = null;
            foreach (var block in context.OperationBlocks)
            {
                var root = block;
                while (root.Parent is not null) root = root.Parent;
                if (root is not (IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation or IFieldInitializerOperation or IPropertyInitializerOperation)) continue;
                seen ??= new List<IOperation>();
                if (seen.Contains(root)) continue;
                seen.Add(root);
                // One callback per method runs the engine and reports (the compiler loads one typestate analyzer,
                // TypestateRulesAnalyzer): nothing is shared between callbacks, so none waits for another.
                if (!Touches(root, flow)) continue;
                TypestateAnalysis.Run(context.GetControlFlowGraph(block), context.OwningSymbol, root, flow, _rules, context.ReportDiagnostic, context.CancellationToken);
            }
        }

        /// <summary>The cheap pre-filter: does the block use any member carrying an effect a typestate rule follows?</summary>
        internal static bool Touches(IOperation root, FlowContext flow)
        {
            foreach (var op in root.DescendantsAndSelf())
            {
                var member = op switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod,
                    IPropertyReferenceOperation property => property.Property,
                    _ => (ISymbol?)null,
                };
                if (member is not null && (flow.EffectMask(member) & Triggers) != 0) return true;
                // An unannotated factory of this compilation creates objects too (its summary is computed once).
                if (op is IInvocationOperation call && flow.IsObjectType(call.Type)
                    && flow.Summaries.Of(call) is { ReturnsOwned: true })
                    return true;
                // A helper of this compilation that closes, ends or pins what it is given acts for the method (the
                // summary is computed only for arguments whose type the rules know).
                if (op is IArgumentOperation { Parameter: { RefKind: RefKind.None or RefKind.In } parameter, Parent: IInvocationOperation helper } argument
                    && flow.TypeEffects(argument.Value.Type) != 0 && flow.EffectMask(helper.TargetMethod) == 0
                    && flow.Summaries.Of(helper) is { } summary && (summary.Of(parameter.Ordinal) & ParameterEffect.Acts) != 0)
                    return true;
            }
            return false;
        }

        private protected static ImmutableArray<DiagnosticDescriptor> Supported(params DiagnosticDescriptor[] descriptors) => ImmutableArray.Create(descriptors);
    }
}
