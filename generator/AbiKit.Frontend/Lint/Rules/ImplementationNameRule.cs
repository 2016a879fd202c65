using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Syntax;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>
    /// ABI313: a value (constant, enum value, flag, flag-field value) named in the implementation's name space (<c>_X</c>,
    /// <c>__x</c>). The kernel's uapi does it (drm.h's <c>_DRM_LOCK_HELD</c>), so a spec that re-describes such a header may
    /// say it for the generated header to be drop-in; but the C library and the compiler own those names and a clash
    /// silently changes a value, so it is a warning the value acknowledges with <c>allow</c>. Other names stay refused
    /// where they are read (<see cref="Resolution.ImplementationNames"/>).
    /// </summary>
    internal sealed class ImplementationNameRule : IValueRule
    {
        public void Check(LintContext context, string name, ValueSource at)
        {
            if (ReservedWords.IsImplementationName(name) && !at.Allows(DiagnosticCatalog.ImplementationName.Id))
                context.Report(DiagnosticCatalog.ImplementationName, at.Name,
                    $"{name} is a name C reserves for the implementation (_X, __x): the C library or the compiler may define it too. Keep it only to re-describe a header that uses it (\"allow\": {{ \"{DiagnosticCatalog.ImplementationName.Id}\": \"the kernel's name\" }}); a new ABI should pick another");
        }
    }
}
