using AbiKit.Frontend.Diagnostics;

namespace AbiKit.Import;

/// <summary>What a header declares and what became of it.</summary>
/// <param name="Kind"><c>struct</c>, <c>union</c>, <c>macro</c>, <c>enumerator</c>, <c>ioctl</c>, <c>typedef</c> or <c>enum</c>.</param>
/// <param name="Name">C name.</param>
/// <param name="Header">The header.</param>
/// <param name="Line">Its line.</param>
/// <param name="DiagnosticId">Null when it is in the spec; otherwise the diagnostic that says why not.</param>
public sealed record ImportedItem(string Kind, string Name, string Header, int Line, string? DiagnosticId = null);

/// <summary>The spec written and everything the importer found.</summary>
/// <param name="SpecJson">The spec, as JSON text (written even when some declarations were not expressible).</param>
/// <param name="Diagnostics">Located at header lines.</param>
/// <param name="Items">Every declaration of the imported headers: structs and unions, integer macros (constants, flags,
/// enum values, request codes) and C enumerators, with whether each is in the spec.</param>
public sealed record ImportResult(string? SpecJson, IReadOnlyList<AbiDiagnostic> Diagnostics, IReadOnlyList<ImportedItem> Items)
{
    /// <summary>Whether the headers could not be read at all.</summary>
    public bool Failed => SpecJson is null;
}
