using Microsoft.CodeAnalysis;

namespace AbiKit.Analyzers
{
    /// <summary>
    /// Every AbiKit analyzer diagnostic, in one place. Ids ABI001–ABI099 are the analyzers' (the spec tools use
    /// ABI1xx–ABI3xx). Each has a page docs/diagnostics/ID.md, used as its help link.
    /// </summary>
    public static class Descriptors
    {
        /// <summary>Category of all AbiKit usage rules.</summary>
        public const string Category = "AbiKit.Usage";

        private const string HelpBase = "https://github.com/abikit/abikit/blob/main/docs/diagnostics/";

        private static DiagnosticDescriptor Rule(string id, string title, string message, DiagnosticSeverity severity, string description)
            => new(id, title, message, Category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpBase + id + ".md");

        /// <summary>ABI001: CPU access to an object that must be pinned, while it may not be.</summary>
        public static readonly DiagnosticDescriptor UnpinnedAccess = Rule("ABI001",
            "Access to an unpinned buffer object",
            "'{0}' requires '{1}' to be pinned, but it may not be pinned here; pin it first and keep the pin until after the access{2}",
            DiagnosticSeverity.Warning,
            "The spec marks this operation as requiring a pinned object: without a pin the device may purge or move the memory under it.");

        /// <summary>ABI002: CPU access outside a CPU-access window, after it ended, or writing in a read-only window.</summary>
        public static readonly DiagnosticDescriptor MissingSync = Rule("ABI002",
            "CPU access without CPU-access sync",
            "'{0}' touches the memory of '{1}' {2}",
            DiagnosticSeverity.Warning,
            "Non-coherent buffers need cache maintenance around every CPU access: without it the CPU reads stale data or the device misses CPU writes.");

        /// <summary>ABI003: CPU access begun but not ended on some path.</summary>
        public static readonly DiagnosticDescriptor UnbalancedSync = Rule("ABI003",
            "CPU access not ended on every path",
            "CPU access begun by '{0}' is not ended on every path{1}; end it on all paths (e.g. declare its scope with 'using var')",
            DiagnosticSeverity.Warning,
            "An unended CPU-access window leaves CPU writes invisible to the device and blocks device work on the object.");

        /// <summary>ABI004: use of a buffer object after it was closed.</summary>
        public static readonly DiagnosticDescriptor UseAfterClose = Rule("ABI004",
            "Buffer object used after close",
            "'{0}' uses '{1}' after it may have been closed by '{2}'; use it before closing it (its handle may already name another object)",
            DiagnosticSeverity.Warning,
            "Handles are reused lowest-first after close, so a stale handle silently names another object.");

        /// <summary>ABI005: a created buffer object not closed on some path.</summary>
        public static readonly DiagnosticDescriptor Leak = Rule("ABI005",
            "Buffer object not closed on every path",
            "The object created by '{0}' is not closed on every path{1}; dispose it (e.g. 'using var') or hand it on (return it, store it, or pass it on)",
            DiagnosticSeverity.Warning,
            "An object that is never closed holds device memory until its file is closed.");

        /// <summary>ABI006: managed memory handed to a user-memory import without pinning it for the object's lifetime.</summary>
        public static readonly DiagnosticDescriptor UnpinnedUserMemory = Rule("ABI006",
            "Managed memory handed to userptr without pinning",
            "'{0}' imports {1}, which may move or be freed while the device still uses it; use native memory that outlives the object (e.g. PageAlignedMemory) or keep it pinned until the object is closed",
            DiagnosticSeverity.Warning,
            "USERPTR objects keep using the memory's address after the call: memory the GC can move, or that is only pinned by a 'fixed' block that ends first, corrupts memory.");

        /// <summary>ABI007: a constant argument with unknown flag bits or a non-zero reserved field.</summary>
        public static readonly DiagnosticDescriptor BadConstantArgument = Rule("ABI007",
            "Constant argument the kernel rejects",
            "'{0}' {1}, which the kernel rejects with EINVAL; {2}",
            DiagnosticSeverity.Warning,
            "Reserved fields must be zero and flag fields may only hold the spec's known bits; the kernel (and the dispatcher) reject anything else.");

        /// <summary>ABI008: a raw request code used with a struct of the wrong size or type.</summary>
        public static readonly DiagnosticDescriptor WrongRequestStruct = Rule("ABI008",
            "Request code used with the wrong argument",
            "Request 0x{0:X8} ({1}) expects {2}, but is sent with '{3}' ({4}); send {2}, or use the request code meant for '{3}'",
            DiagnosticSeverity.Warning,
            "The request code encodes its argument's size: the wrong struct is copied partially, or the kernel reads past it.");
    }
}
