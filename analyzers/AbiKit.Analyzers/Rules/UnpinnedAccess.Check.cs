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
    /// <summary>ABI001's check, run by the shared engine at each RequiresPinned access: the object may be unpinned here.</summary>
    internal sealed partial class TypestateAnalysis
    {
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
    }
}
