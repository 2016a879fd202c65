using System.Collections.Generic;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;

namespace AbiKit.Frontend.Lint
{
    /// <summary>What a lint rule reports into: the findings, each with its place in the report.</summary>
    internal sealed class LintContext
    {
        private readonly string _path;
        private readonly List<(int Index, AbiDiagnostic Diagnostic)> _findings = new();
        private int _before;

        public LintContext(string path) => _path = path;

        /// <summary>The findings so far, each with the number of resolution diagnostics it follows.</summary>
        public IReadOnlyList<(int Index, AbiDiagnostic Diagnostic)> Findings => _findings;

        /// <summary>Starts an element: its findings follow the first <paramref name="reportedBefore"/> diagnostics.</summary>
        public void Begin(int reportedBefore) => _before = reportedBefore;

        public void Report(DiagnosticDescriptor descriptor, SourcePosition position, string message)
            => _findings.Add((_before, new AbiDiagnostic(descriptor.Id, descriptor.Severity, message, _path, position)));

        /// <summary>True when the field or its struct acknowledges <paramref name="descriptor"/> with <c>allow</c>.</summary>
        public static bool Allowed(DiagnosticDescriptor descriptor, FieldSource field, StructSource owner)
            => field.Allows(descriptor.Id) || owner.Allows(descriptor.Id);
    }
}
