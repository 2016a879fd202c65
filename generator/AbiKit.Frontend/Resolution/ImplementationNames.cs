namespace AbiKit.Frontend.Resolution
{
    /// <summary>
    /// Values (constants, enum values, flags, flag-field values) named in the implementation's name space (<c>_X</c>,
    /// <c>__x</c>). The kernel's uapi does it (drm.h's <c>_DRM_LOCK_HELD</c>, i915's <c>__I915_EXEC_UNKNOWN_FLAGS</c>), so a
    /// spec that re-describes such a header must be able to say them for the generated header to be drop-in; but the C
    /// library and the compiler own those names, and a clash silently changes a value. So: legal, and a lint warning that
    /// an element acknowledges with <c>"allow": { "ABI313": "reason" }</c> (<see cref="Lint.Rules.ImplementationNameRule"/>).
    /// Keywords stay errors (the reader refuses them), and so do other names (struct tags, macros AbiKit derives), which
    /// no uapi needs reserved.
    /// </summary>
    internal static class ImplementationNames
    {
        /// <summary>True for the macro kinds that may carry an implementation name (<see cref="MacroCheck"/>'s "where").</summary>
        public static bool ValueMacro(string where)
            => where == "constant" || where.StartsWith("enum ", System.StringComparison.Ordinal)
               || where.StartsWith("flag set ", System.StringComparison.Ordinal)
               || (where.StartsWith("field ", System.StringComparison.Ordinal) && where.Contains(" of flag set "));
    }
}
