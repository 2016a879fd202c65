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
    /// <summary>ABI002's check, run by the shared engine at each access to window memory: outside a window, after it ended, or a write in a read-only one.</summary>
    internal sealed partial class TypestateAnalysis
    {
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
    }
}
