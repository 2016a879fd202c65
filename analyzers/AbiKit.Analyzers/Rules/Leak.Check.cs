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
    /// <summary>ABI005's reporting: objects still owned at an exit, overwritten while owned, or created and discarded.</summary>
    internal sealed partial class TypestateAnalysis
    {
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

        private void ReportDiscardedCreation(IInvocationOperation invocation, int mask)
        {
            if ((mask & CreationEffects) != 0 && _ctx.IsObjectType(invocation.Type))
            {
                _sink.Add(Descriptors.Leak, invocation, null, CallName(invocation), " (its result is discarded)");
            }
        }
    }
}
