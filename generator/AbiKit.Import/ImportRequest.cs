namespace AbiKit.Import;

/// <summary>What to import and how to read it.</summary>
public sealed record ImportRequest
{
    /// <summary>The headers whose declarations and macros go into the spec, in order.</summary>
    public required IReadOnlyList<string> Headers { get; init; }

    /// <summary>Directories searched for <c>#include</c> (gcc's <c>-I</c>).</summary>
    public IReadOnlyList<string> IncludeDirectories { get; init; } = [];

    /// <summary>Headers included before <see cref="Headers"/> and not imported (libdrm's driver headers that use drm.h without including it).</summary>
    public IReadOnlyList<string> Preludes { get; init; } = [];

    /// <summary>Spec files, relative to the output spec, whose types the imported headers use; written as the spec's <c>imports</c>.</summary>
    public IReadOnlyList<string> Imports { get; init; } = [];

    /// <summary>The family name; default from the first header's file name (<c>i915_drm.h</c> → <c>i915-drm</c>).</summary>
    public string? Family { get; init; }

    /// <summary>The castxml program.</summary>
    public string CastXml { get; init; } = "castxml";

    /// <summary>The C compiler whose preprocessor lists the macros and whose target castxml imitates (x86_64).</summary>
    public string Gcc { get; init; } = "gcc";

    /// <summary>Directory for the probe files (default: a fresh temporary directory, deleted afterwards).</summary>
    public string? WorkDirectory { get; init; }
}
