using AbiSemantic = AbiKit.Model.AbiSemantic;
using SemanticEffect = AbiKit.Model.SemanticEffect;
using System.Collections.Immutable;
using AbiKit.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AbiKit.Analyzers.Rules
{
    /// <summary>
    /// ABI001: a RequiresPinned member used on an object that may not be pinned there (no Pins call, or a pin
    /// scope that may have ended), over the typestate of objects and their pin scopes.
    /// The compiler loads <see cref="TypestateRulesAnalyzer"/> instead (one callback per method for all five rules); this
    /// class is the same engine restricted to these rules, for tests and tools that run one rule.
    /// </summary>
#pragma warning disable RS1001 // Why: not loaded by the compiler (no [DiagnosticAnalyzer]); TypestateRulesAnalyzer reports these rules.
    public sealed class UnpinnedAccessAnalyzer : TypestateAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Descriptors_ = Supported(Descriptors.UnpinnedAccess);

        /// <summary>Creates the analyzer.</summary>
        public UnpinnedAccessAnalyzer()
            : base(RuleMask.UnpinnedAccess)
        {
        }

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors_;
    }
#pragma warning restore RS1001
}
