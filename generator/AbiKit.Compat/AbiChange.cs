using System.Collections.Generic;
using System.Linq;

namespace AbiKit.Compat
{
    /// <summary>How a change affects existing callers.</summary>
    public enum CompatSeverity
    {
        /// <summary>An existing binary or source stops working as before.</summary>
        Breaking,
        /// <summary>Existing callers keep working; new ones can use more.</summary>
        Compatible,
        /// <summary>Nothing a caller sees changes (documentation, the version number).</summary>
        Info,
    }

    /// <summary>One kind of change, with its stable id.</summary>
    /// <param name="Id">Stable id (ABC0xx breaking, ABC1xx compatible, ABC2xx info); never renumbered or reused.</param>
    /// <param name="Title">One line saying what changed.</param>
    /// <param name="Severity">Its classification.</param>
    public sealed record ChangeDescriptor(string Id, string Title, CompatSeverity Severity);

    /// <summary>
    /// Where a declaration lives in one version. The laid-out model carries no source positions (a whitespace edit
    /// must not change it), so a location is the spec path plus the declaration's path, e.g. <c>struct bo.size</c>,
    /// and a line and column only when the caller can locate declarations (the CLI does, from the front end's syntax).
    /// </summary>
    /// <param name="Path">The spec path as given (for a git revision: <c>REV:PATH</c>).</param>
    /// <param name="Declaration">The declaration, e.g. <c>ioctl GEM_CREATE</c> or <c>flags bo_flags.READ</c>.</param>
    /// <param name="Line">1-based line of the declaration's name; 0 when unknown.</param>
    /// <param name="Column">1-based column; 0 when unknown.</param>
    public sealed record ChangeLocation(string Path, string Declaration, int Line = 0, int Column = 0)
    {
        /// <summary><c>path(line,col): declaration</c>, or <c>path: declaration</c> without a position.</summary>
        public override string ToString() => Line > 0 ? $"{Path}({Line},{Column}): {Declaration}" : Path + ": " + Declaration;
    }

    /// <summary>Finds a declaration's line and column in one version's spec; null when it cannot.</summary>
    /// <param name="declaration">The declaration path, as in <see cref="ChangeLocation.Declaration"/>.</param>
    public delegate (int Line, int Column)? DeclarationLocator(string declaration);

    /// <summary>One reported change.</summary>
    /// <param name="Id">The descriptor's id.</param>
    /// <param name="Severity">The descriptor's severity.</param>
    /// <param name="Old">Where it was in the old version; null when it is new.</param>
    /// <param name="New">Where it is in the new version; null when it was removed.</param>
    /// <param name="Message">What changed, with the values before and after.</param>
    public sealed record AbiChange(string Id, CompatSeverity Severity, ChangeLocation? Old, ChangeLocation? New, string Message)
    {
        /// <summary>The declaration the change concerns (new name if any, else the old one).</summary>
        public string Declaration => (New ?? Old)?.Declaration ?? "";
    }

    /// <summary>Every change between two versions, in declaration order.</summary>
    /// <param name="OldPath">The old spec's path.</param>
    /// <param name="NewPath">The new spec's path.</param>
    /// <param name="Changes">The changes.</param>
    public sealed record CompatReport(string OldPath, string NewPath, IReadOnlyList<AbiChange> Changes)
    {
        /// <summary>True when any change breaks existing callers.</summary>
        public bool IsBreaking => Changes.Any(c => c.Severity == CompatSeverity.Breaking);

        /// <summary>How many changes have <paramref name="severity"/>.</summary>
        public int Count(CompatSeverity severity) => Changes.Count(c => c.Severity == severity);
    }
}
