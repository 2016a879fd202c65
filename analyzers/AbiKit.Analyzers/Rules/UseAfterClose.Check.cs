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
    /// <summary>ABI004's check, run by the shared engine at each use of an object: it may be closed here.</summary>
    internal sealed partial class TypestateAnalysis
    {
        private void UseCheck(int e, IOperation access)
        {
            if (!_reporting || e < 0 || access.IsImplicit) return;
            if ((_state[_base + e] & Closed) == 0) return;
            var entity = _entities[e];
            _sink.Add(Descriptors.UseAfterClose, access, null, MemberName(access), entity.Name, entity.ClosedBy ?? "a close");
        }
    }
}
