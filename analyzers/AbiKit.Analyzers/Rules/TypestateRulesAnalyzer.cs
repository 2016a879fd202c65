using System.Collections.Immutable;
using AbiKit.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AbiKit.Analyzers.Rules
{
    /// <summary>
    /// The typestate rules ABI001–ABI005 as the compiler loads them: one analyzer, so one operation-block callback
    /// per method runs the pre-filter and the one fixed point and reports every rule's findings. (Three analyzers
    /// sharing a per-method result cost the driver three callbacks per method, and the later two waited on the first
    /// one's result.) A rule switched off in .editorconfig is filtered by the driver; the analyzer runs while any of
    /// the five is on. The per-rule classes (<see cref="UnpinnedAccessAnalyzer"/>, <see cref="CpuAccessSyncAnalyzer"/>,
    /// <see cref="LifetimeAnalyzer"/>) are the same engine restricted to their rules, for tests and tools.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TypestateRulesAnalyzer : TypestateAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Descriptors_ = Supported(
            Descriptors.UnpinnedAccess, Descriptors.MissingSync, Descriptors.UnbalancedSync, Descriptors.UseAfterClose, Descriptors.Leak);

        /// <summary>Creates the analyzer.</summary>
        public TypestateRulesAnalyzer()
            : base(RuleMask.All)
        {
        }

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors_;
    }
}
