using System.Collections.Generic;
using System.Linq;

namespace AbiKit.Frontend.Diagnostics
{
    /// <summary>
    /// Every spec diagnostic id, in one place. Ids are stable: never renumber or reuse one.
    /// ABI1xx: loading; ABI2xx: validation; ABI3xx: lint (the kernel's ioctl design rules).
    /// Each id has a page docs/diagnostics/ID.md with a bad and a good example.
    /// </summary>
    public static class DiagnosticCatalog
    {
#pragma warning disable CS1591 // The titles below document each id.
        public static readonly DiagnosticDescriptor InvalidJson = new("ABI100", "Spec is not valid JSON", Severity.Error, "Load");
        public static readonly DiagnosticDescriptor UnknownKey = new("ABI101", "Unknown key", Severity.Error, "Load");
        public static readonly DiagnosticDescriptor MissingKey = new("ABI102", "Required key missing", Severity.Error, "Load");
        public static readonly DiagnosticDescriptor WrongJsonType = new("ABI103", "Value has the wrong JSON type", Severity.Error, "Load");
        public static readonly DiagnosticDescriptor InvalidValue = new("ABI104", "Invalid value", Severity.Error, "Load");
        public static readonly DiagnosticDescriptor ImportFailed = new("ABI105", "Import cannot be loaded", Severity.Error, "Load");
        public static readonly DiagnosticDescriptor DuplicateKey = new("ABI106", "Duplicate key", Severity.Error, "Load");
        public static readonly DiagnosticDescriptor InvalidAllow = new("ABI107", "Invalid allow entry", Severity.Error, "Load");

        public static readonly DiagnosticDescriptor DuplicateName = new("ABI200", "Duplicate name", Severity.Error, "Validation");
        public static readonly DiagnosticDescriptor UnresolvedName = new("ABI201", "Unresolved name", Severity.Error, "Validation");
        public static readonly DiagnosticDescriptor NumberCollision = new("ABI202", "Ioctl number collision", Severity.Error, "Validation");
        public static readonly DiagnosticDescriptor NumberOutOfRange = new("ABI203", "Ioctl number out of the family's range", Severity.Error, "Validation");
        public static readonly DiagnosticDescriptor ArgumentTooLarge = new("ABI204", "Ioctl argument larger than a request code can carry", Severity.Error, "Validation");
        public static readonly DiagnosticDescriptor DirectionMismatch = new("ABI205", "Ioctl direction inconsistent with its fields", Severity.Error, "Validation");
        public static readonly DiagnosticDescriptor ValueOutOfRange = new("ABI206", "Value does not fit its base type", Severity.Error, "Validation");
        public static readonly DiagnosticDescriptor InvalidOlderForm = new("ABI207", "Invalid older form of an ioctl", Severity.Error, "Validation");
        public static readonly DiagnosticDescriptor InvalidSemantics = new("ABI208", "Invalid semantics", Severity.Error, "Validation");
        public static readonly DiagnosticDescriptor InvalidVersioning = new("ABI209", "Invalid versioning", Severity.Error, "Validation");
        public static readonly DiagnosticDescriptor RecursiveStruct = new("ABI210", "Struct contains itself", Severity.Error, "Validation");
        public static readonly DiagnosticDescriptor InvalidLengthField = new("ABI211", "Invalid length field", Severity.Error, "Validation");
        public static readonly DiagnosticDescriptor StructBeyondLimits = new("ABI212", "Struct too large or nested too deep", Severity.Error, "Validation");
        public static readonly DiagnosticDescriptor FlagBitsOverlap = new("ABI213", "Flag field bits overlap or are malformed", Severity.Error, "Validation");

        public static readonly DiagnosticDescriptor NotFixedWidth = new("ABI300", "Type is not fixed-width", Severity.Error, "Lint");
        public static readonly DiagnosticDescriptor ImplicitHole = new("ABI301", "Implicit padding hole", Severity.Error, "Lint");
        public static readonly DiagnosticDescriptor SizeNotMultipleOf8 = new("ABI302", "Struct with a 64-bit member not sized to a multiple of 8", Severity.Error, "Lint");
        public static readonly DiagnosticDescriptor NativePointer = new("ABI303", "User pointer not carried as __u64", Severity.Error, "Lint");
        public static readonly DiagnosticDescriptor ArchMismatch = new("ABI304", "Layout or request code differs between ABIs", Severity.Error, "Lint");
        public static readonly DiagnosticDescriptor UnmaskedFlags = new("ABI305", "Flags field without a flag set", Severity.Warning, "Lint");
        public static readonly DiagnosticDescriptor UncheckedReserved = new("ABI306", "Reserved field not declared must-be-zero", Severity.Warning, "Lint");
        public static readonly DiagnosticDescriptor GlobalHandle = new("ABI307", "Handle kind with a global, guessable name", Severity.Warning, "Lint");
        public static readonly DiagnosticDescriptor PointerWithoutLength = new("ABI308", "User pointer without a length field", Severity.Warning, "Lint");
        public static readonly DiagnosticDescriptor NeedlessOutDirection = new("ABI309", "Ioctl copies out but has no output field", Severity.Warning, "Lint");
        public static readonly DiagnosticDescriptor LegacyEncoding = new("ABI310", "Legacy request encoding", Severity.Warning, "Lint");
        public static readonly DiagnosticDescriptor AuthWithoutRender = new("ABI312", "DRM_AUTH without DRM_RENDER_ALLOW", Severity.Warning, "Lint");
        public static readonly DiagnosticDescriptor ImplementationName = new("ABI313", "Value named in the implementation's name space", Severity.Warning, "Lint");
#pragma warning restore CS1591

        /// <summary>All descriptors, ordered by id.</summary>
        public static IReadOnlyList<DiagnosticDescriptor> All { get; } = typeof(DiagnosticCatalog)
            .GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, System.StringComparer.Ordinal)
            .ToList();
    }
}
