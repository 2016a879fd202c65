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
    /// <summary>ABI003's reporting: windows still open at an exit, scopes overwritten while open, or begun and discarded.</summary>
    internal sealed partial class TypestateAnalysis
    {
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

        private void ReportDiscardedScope(IInvocationOperation invocation, int mask)
        {
            if ((mask & FlowContext.Bit(SemanticEffect.BeginsCpuAccess)) != 0 && _ctx.IsWindowScopeType(invocation.Type))
            {
                _sink.Add(Descriptors.UnbalancedSync, invocation, Fix(DiagnosticProperties.FixUsingDeclaration), CallName(invocation), " (its scope is discarded, so nothing can end it)");
            }
        }
    }
}
