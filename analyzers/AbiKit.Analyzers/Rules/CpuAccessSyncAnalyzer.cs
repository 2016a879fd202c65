using AbiSemantic = AbiKit.Model.AbiSemantic;
using SemanticEffect = AbiKit.Model.SemanticEffect;
using System.Collections.Immutable;
using AbiKit.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AbiKit.Analyzers.Rules
{
    /// <summary>
    /// ABI002 (CPU access outside an open CPU-access window, after it ended, or writing in a read-only window) and
    /// ABI003 (a window begun but not ended on some path), over the typestate of windows opened by BeginsCpuAccess
    /// members and accesses through RequiresCpuAccess members (and spans taken from them).
    /// The compiler loads <see cref="TypestateRulesAnalyzer"/> instead (one callback per method for all five rules); this
    /// class is the same engine restricted to these rules, for tests and tools that run one rule.
    /// </summary>
#pragma warning disable RS1001 // Why: not loaded by the compiler (no [DiagnosticAnalyzer]); TypestateRulesAnalyzer reports these rules.
    public sealed class CpuAccessSyncAnalyzer : TypestateAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Descriptors_ = Supported(Descriptors.MissingSync, Descriptors.UnbalancedSync);

        /// <summary>Creates the analyzer.</summary>
        public CpuAccessSyncAnalyzer()
            : base(RuleMask.MissingSync | RuleMask.UnbalancedSync)
        {
        }

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors_;
    }
#pragma warning restore RS1001
}
