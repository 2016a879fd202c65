namespace AbiKit.Model
{
    /// <summary>
    /// The identifiers and file names back ends spell for a family, derived once from the spec's names by the front end
    /// (its naming step), so that every emitter and template uses the same ones and none derives its own.
    /// </summary>
    /// <param name="CSharp">The C# client, handler and dispatch names.</param>
    /// <param name="Kernel">The kernel side's names.</param>
    public sealed record FamilyNames(CsFamilyNames CSharp, KernelFamilyNames Kernel);

    /// <summary>The C# names of a family's generated files and types beyond the bindings.</summary>
    /// <param name="BindingsFile">The bindings' file, e.g. <c>I915Ioctls.g.cs</c>.</param>
    /// <param name="ClientFile">The typed client's file.</param>
    /// <param name="DispatchFile">The dispatch entries' file.</param>
    /// <param name="Client">The typed client struct, e.g. <c>I915Client</c>.</param>
    /// <param name="Handler">The handler interface a device implements, e.g. <c>II915Handler</c>.</param>
    /// <param name="Dispatch">The static class with the dispatch entries, e.g. <c>I915Dispatch</c>.</param>
    public sealed record CsFamilyNames(string BindingsFile, string ClientFile, string DispatchFile, string Client, string Handler, string Dispatch);

    /// <summary>The C names of a family's kernel side.</summary>
    /// <param name="Prefix">The family id as a C identifier prefix (<c>abikit-alloc</c> → <c>abikit_alloc</c>).</param>
    /// <param name="ValidateHeader">The validation header, e.g. <c>abikit_alloc_validate.h</c>.</param>
    /// <param name="ValidateSource">The validation source.</param>
    /// <param name="DriverHeader">The DRM driver header (handler prototypes, table).</param>
    /// <param name="DriverSource">The DRM driver source (the table and its checking entry points).</param>
    /// <param name="ValidateGuard">The validation header's include guard.</param>
    /// <param name="DriverGuard">The driver header's include guard.</param>
    /// <param name="RangeHelper">The overflow-safe range helper.</param>
    /// <param name="Table">The <c>drm_ioctl_desc</c> table.</param>
    /// <param name="TableLength">The macro holding the table's length.</param>
    public sealed record KernelFamilyNames(string Prefix, string ValidateHeader, string ValidateSource, string DriverHeader, string DriverSource,
        string ValidateGuard, string DriverGuard, string RangeHelper, string Table, string TableLength);

    /// <summary>
    /// What an ioctl with an entry of its own in a dispatch table needs there (an older, shorter form shares its newer
    /// form's slot, and a legacy code carries no size to dispatch on: those have none).
    /// </summary>
    /// <param name="KernelHandler">The handler the driver author implements: <c>&lt;family&gt;_&lt;ioctl&gt;_ioctl</c>.</param>
    /// <param name="KernelValidator">The validation function: <c>&lt;family&gt;_validate_&lt;ioctl&gt;</c>.</param>
    /// <param name="KernelChecked">The table's entry point that validates, then calls the handler.</param>
    /// <param name="DrmTableName">The name <c>DRM_IOCTL_DEF_DRV</c> pastes behind <c>DRM_IOCTL_</c>; empty when the request
    /// macro is spelled otherwise.</param>
    /// <param name="Checks">What the argument must pass before the handler sees it, in the order of the struct's fields:
    /// the C# dispatch thunks and the kernel's validation functions both render this one list.</param>
    public sealed record IoctlDispatch(string KernelHandler, string KernelValidator, string KernelChecked, string DrmTableName, EquatableArray<ArgumentCheck> Checks);
}
