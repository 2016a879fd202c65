using AbiSemantic = AbiKit.Model.AbiSemantic;
using SemanticEffect = AbiKit.Model.SemanticEffect;
using System.Collections.Immutable;
using AbiKit.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AbiKit.Analyzers.Rules
{
    /// <summary>
    /// ABI004 (use after close) and ABI005 (a created object not closed on some path), over the typestate of the
    /// objects a method creates (Creates, Imports, ImportsUserMemory) or closes (Destroys).
    /// The compiler loads <see cref="TypestateRulesAnalyzer"/> instead (one callback per method for all five rules); this
    /// class is the same engine restricted to these rules, for tests and tools that run one rule.
    /// </summary>
#pragma warning disable RS1001 // Why: not loaded by the compiler (no [DiagnosticAnalyzer]); TypestateRulesAnalyzer reports these rules.
    public sealed class LifetimeAnalyzer : TypestateAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Descriptors_ = Supported(Descriptors.UseAfterClose, Descriptors.Leak);

        /// <summary>Creates the analyzer.</summary>
        public LifetimeAnalyzer()
            : base(RuleMask.UseAfterClose | RuleMask.Leak)
        {
        }

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors_;
    }
#pragma warning restore RS1001
}
