using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;

namespace AbiKit.Import;

/// <summary>
/// Every diagnostic id of <c>abikit import</c>, in one place (ABI4xx: what a C header holds that the importer cannot
/// write into a spec, or could not read). Ids are stable: never renumber or reuse one. Each id has a page
/// docs/diagnostics/ID.md with a C example that triggers it.
/// </summary>
public static class ImportDiagnostics
{
#pragma warning disable CS1591 // The titles below document each id.
    public static readonly DiagnosticDescriptor ToolFailed = new("ABI400", "Header cannot be read", Severity.Error, "Import");
    public static readonly DiagnosticDescriptor UnsupportedType = new("ABI401", "Member type not expressible", Severity.Warning, "Import");
    public static readonly DiagnosticDescriptor BitField = new("ABI402", "Bit-field not expressible", Severity.Warning, "Import");
    public static readonly DiagnosticDescriptor TypedefNotKept = new("ABI403", "Typedef name not kept", Severity.Warning, "Import");
    public static readonly DiagnosticDescriptor MacroNotInteger = new("ABI404", "Macro not expressible as a constant", Severity.Warning, "Import");
    public static readonly DiagnosticDescriptor MacroExpression = new("ABI405", "Macro spelled with names of other macros", Severity.Warning, "Import");
    public static readonly DiagnosticDescriptor IoctlNotExpressible = new("ABI406", "Request macro not expressible", Severity.Warning, "Import");
    public static readonly DiagnosticDescriptor IoctlSizeMismatch = new("ABI407", "Request size differs from its argument type", Severity.Warning, "Import");
    public static readonly DiagnosticDescriptor DuplicateMacro = new("ABI408", "Macro defined twice", Severity.Warning, "Import");
    public static readonly DiagnosticDescriptor AggregateNotExpressible = new("ABI409", "Struct or union not expressible", Severity.Warning, "Import");
    public static readonly DiagnosticDescriptor MultiBitFlagField = new("ABI410", "Multi-bit field in a flag word", Severity.Warning, "Import");
    public static readonly DiagnosticDescriptor ReservedName = new("ABI411", "Name reserved for the implementation", Severity.Warning, "Import");
#pragma warning restore CS1591

    /// <summary>All descriptors, ordered by id.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        ToolFailed, UnsupportedType, BitField, TypedefNotKept, MacroNotInteger, MacroExpression,
        IoctlNotExpressible, IoctlSizeMismatch, DuplicateMacro, AggregateNotExpressible, MultiBitFlagField, ReservedName,
    ];

    /// <summary>A diagnostic located at a header line, printed as compilers print theirs.</summary>
    internal static AbiDiagnostic At(DiagnosticDescriptor descriptor, string header, int line, string message)
        => new(descriptor.Id, descriptor.Severity, message, header, new SourcePosition(Math.Max(line, 1), 1));
}
