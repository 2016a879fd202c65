using System;
using AbiKit.Frontend.Json;

namespace AbiKit.Frontend.Diagnostics
{
    /// <summary>Severity of a spec diagnostic.</summary>
    public enum Severity
    {
        /// <summary>A lint finding; does not stop generation.</summary>
        Warning,
        /// <summary>The spec is broken; nothing is generated.</summary>
        Error,
    }

    /// <summary>A located diagnostic about a spec, printed as compilers print theirs.</summary>
    /// <param name="Id">Stable id, e.g. <c>ABI301</c>.</param>
    /// <param name="Severity">Severity.</param>
    /// <param name="Message">What is wrong and what to do.</param>
    /// <param name="Path">The spec file.</param>
    /// <param name="Position">Where in it.</param>
    public sealed record AbiDiagnostic(string Id, Severity Severity, string Message, string Path, SourcePosition Position)
    {
        /// <summary><c>path(line,col): error ID: message</c>.</summary>
        public override string ToString()
            => $"{Path}({Position.Line},{Position.Column}): {(Severity == Severity.Error ? "error" : "warning")} {Id}: {Message}";
    }

    /// <summary>The description of one diagnostic id.</summary>
    /// <param name="Id">Stable id.</param>
    /// <param name="Title">Short title.</param>
    /// <param name="Severity">Default severity.</param>
    /// <param name="Category">Load, Validation or Lint.</param>
    public sealed record DiagnosticDescriptor(string Id, string Title, Severity Severity, string Category)
    {
        /// <summary>Relative path of the id's documentation page (good and bad examples).</summary>
        public string HelpPath => "docs/diagnostics/" + Id + ".md";
    }
}
