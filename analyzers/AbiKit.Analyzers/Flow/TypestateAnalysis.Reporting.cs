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
    /// <summary>Reporting: one pass over the fixed-point inputs, the exit and throw states, the fixes each finding may offer, and the sink that de-duplicates findings.</summary>
    internal sealed partial class TypestateAnalysis
    {

        private void Report()
        {
            for (int i = 0; i < _reportIn.Length; i++)
            {
                if (_reportIn[i] is not { } input) continue;
                Transfer(_cfg.Blocks[i], Copy(input), reporting: true);
            }
            var exit = _reportIn[_cfg.Blocks.Length - 1];
            for (int at = 0; at < _entities.Count * _partitions; at++)
            {
                int e = at % _entities.Count;
                if (exit is not null)
                {
                    ReportLeaks(e, exit[at], "");
                    ReportUnbalanced(e, exit[at], "");
                }
                if (_thrown is not null)
                {
                    ReportLeaks(e, _thrown[at], " (on the path that throws)");
                    ReportUnbalanced(e, _thrown[at], " (on the path that throws)");
                }
            }
        }

        /// <summary>
        /// With no entity to track, the only findings are creations and window scopes whose result is discarded;
        /// they need no state, only reachability.
        /// </summary>
        private void ReportDiscarded()
        {
            _reporting = true;
            foreach (var block in _cfg.Blocks)
            {
                if (!block.IsReachable) continue;
                _block = block;
                foreach (var root in Roots(block))
                {
                    foreach (var op in root.DescendantsAndSelf())
                    {
                        if (op is IInvocationOperation invocation && EffectsOf(invocation) is var mask && mask != 0) ReportIfDiscarded(invocation, mask);
                    }
                }
            }
        }

        private void ReportIfDiscarded(IInvocationOperation invocation, int mask)
        {
            if (!_reporting || !IsDiscarded(invocation)) return;
            ReportDiscardedCreation(invocation, mask);
            ReportDiscardedScope(invocation, mask);
        }



        /// <summary>Whether the local can simply become a <c>using var</c>: a declared local, assigned once, never handed on.</summary>
        private bool CanUseUsingVar(int e)
        {
            var entity = _entities[e];
            return entity.Symbol is ILocalSymbol && entity.Assignments == 1 && !entity.Escaped && !entity.CreatedByOut && (entity.Creations.Count + entity.Begins.Count) == 1;
        }

        private ImmutableDictionary<string, string?>? FixFor(PendingFix fix)
            => fix.Analysis.CanUseUsingVar(fix.Entity) ? Fix(fix.Kind) : null;

        private static ImmutableDictionary<string, string?> Fix(string kind, string? method = null, string? direction = null)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, string?>();
            builder[DiagnosticProperties.Fix] = kind;
            if (method is not null) builder[DiagnosticProperties.Method] = method;
            if (direction is not null) builder[DiagnosticProperties.TakesDirection] = direction;
            return builder.ToImmutable();
        }

        /// <summary>A fix decided only after the reporting pass (it depends on every escape having been seen).</summary>
        private sealed class PendingFix
        {
            public PendingFix(TypestateAnalysis analysis, int entity, string kind)
            {
                Analysis = analysis;
                Entity = entity;
                Kind = kind;
            }

            public TypestateAnalysis Analysis { get; }
            public int Entity { get; }
            public string Kind { get; }
        }

        /// <summary>Collects findings of one method (all its graphs), de-duplicated by (id, span), and reports the enabled ones.</summary>
        private sealed class Sink
        {
            private readonly RuleMask _rules;
            private readonly Action<Diagnostic> _report;
            private readonly HashSet<(string, Location)> _seen = new();
            private readonly List<(DiagnosticDescriptor Descriptor, Location Location, object? Fix, object[] Args)> _pending = new();

            public Sink(RuleMask rules, Action<Diagnostic> report)
            {
                _rules = rules;
                _report = report;
            }

            public void Add(DiagnosticDescriptor descriptor, IOperation at, object? fix, params object[] args)
            {
                if ((_rules & MaskOf(descriptor)) == 0) return;
                var location = at.Syntax.GetLocation();
                if (!_seen.Add((descriptor.Id, location))) return;
                _pending.Add((descriptor, location, fix, args));
            }

            public void Flush()
            {
                foreach (var (descriptor, location, fix, args) in _pending)
                {
                    var properties = fix switch
                    {
                        ImmutableDictionary<string, string?> ready => ready,
                        PendingFix pending => pending.Analysis.FixFor(pending),
                        _ => null,
                    };
                    _report(Diagnostic.Create(descriptor, location, properties, args));
                }
            }

            private static RuleMask MaskOf(DiagnosticDescriptor descriptor) => descriptor.Id switch
            {
                "ABI001" => RuleMask.UnpinnedAccess,
                "ABI002" => RuleMask.MissingSync,
                "ABI003" => RuleMask.UnbalancedSync,
                "ABI004" => RuleMask.UseAfterClose,
                "ABI005" => RuleMask.Leak,
                _ => RuleMask.None,
            };
        }

        private static string CallName(IOperation access) => access switch
        {
            IInvocationOperation { Instance: { } instance } invocation => Shorten(NameOf(instance) + "." + invocation.TargetMethod.Name),
            IInvocationOperation invocation => invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name,
            IPropertyReferenceOperation { Instance: { } instance } property => Shorten(NameOf(instance) + "." + property.Property.Name),
            IPropertyReferenceOperation property => property.Property.ContainingType.Name + "." + property.Property.Name,
            _ => Shorten(access.Syntax.ToString()),
        };

        private static string NameOf(IOperation op) => Strip(op) switch
        {
            ILocalReferenceOperation l => l.Local.Name,
            IParameterReferenceOperation p => p.Parameter.Name,
            var other => other.Syntax.ToString(),
        };

        private static string MemberName(IOperation access) => access switch
        {
            IInvocationOperation invocation => invocation.TargetMethod.Name,
            IPropertyReferenceOperation property => property.Property.IsIndexer ? "this[]" : property.Property.Name,
            IFieldReferenceOperation field => field.Field.Name,
            IEventReferenceOperation e => e.Event.Name,
            _ => Shorten(access.Syntax.ToString()),
        };

        private static string Shorten(string text)
        {
            text = text.Replace("\r", " ").Replace("\n", " ");
            return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        }

        /// <summary>Keys are symbols (compared as symbols) or capture ids.</summary>
        private sealed class KeyComparer : IEqualityComparer<object>
        {
            public static readonly KeyComparer Instance = new();

            public new bool Equals(object? x, object? y) => x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : object.Equals(x, y);

            public int GetHashCode(object obj) => obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj.GetHashCode();
        }
    }
}
